/** What render produces: Kubernetes objects grouped into installation components. */

/** The installation components mesh renders, in graph order. */
export type ComponentName = 'Base' | 'Pilot' | 'IngressGateways' | 'EgressGateways' | 'Cni' | 'Ztunnel';
export type ComponentDisplayName =
  'Istio core' | 'Istiod' | 'Ingress gateways' | 'Egress gateways' | 'CNI' | 'Ztunnel';

/**
 * A Kubernetes object as plain JSON data. Structurally the same as the cluster layer's
 * K8sObject, so rendered objects can be applied without conversion.
 */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: {[key: string]: string};
    annotations?: {[key: string]: string};
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** One installation component: what install applies as a unit, after its dependencies are ready. */
export interface Component {
  name: ComponentName;
  displayName: ComponentDisplayName;
  /** Components that must be ready first. May name a component that is not rendered (disabled): treat it as satisfied. */
  dependsOn: ComponentName[];
  /** Sorted in apply order (see sort.ts). */
  objects: K8sObject[];
}

/** A plain JSON-ish map (the spec's tree type). */
export type {Obj} from '../spec/tree.js';
