/** TypeScript view of the IstioOperator resource (install.istio.io/v1alpha1). */

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json};
export type JsonObject = {[key: string]: Json};

export interface K8sSettings {
  affinity?: JsonObject;
  env?: JsonObject[];
  hpaSpec?: JsonObject;
  imagePullPolicy?: string;
  nodeSelector?: {[key: string]: string};
  podDisruptionBudget?: JsonObject;
  podAnnotations?: {[key: string]: string};
  priorityClassName?: string;
  readinessProbe?: JsonObject;
  replicaCount?: number;
  resources?: JsonObject;
  service?: JsonObject;
  strategy?: JsonObject;
  tolerations?: JsonObject[];
  serviceAnnotations?: {[key: string]: string};
  securityContext?: JsonObject;
  overlays?: JsonObject[];
}

export interface ComponentSpec {
  enabled?: boolean;
  namespace?: string;
  hub?: string;
  tag?: string;
  k8s?: K8sSettings;
}

export interface GatewaySpec extends ComponentSpec {
  name: string;
  label?: {[key: string]: string};
}

export interface Components {
  base?: ComponentSpec;
  pilot?: ComponentSpec;
  ingressGateways?: GatewaySpec[];
  egressGateways?: GatewaySpec[];
}

export interface IstioOperatorSpec {
  profile?: string;
  hub?: string;
  tag?: string;
  namespace?: string;
  revision?: string;
  meshConfig?: JsonObject;
  components?: Components;
  values?: JsonObject;
}

export interface IstioOperator {
  apiVersion: 'install.istio.io/v1alpha1';
  kind: 'IstioOperator';
  metadata: {name?: string; namespace?: string; [key: string]: Json | undefined};
  spec: IstioOperatorSpec;
}
