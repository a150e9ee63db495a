/**
 * The installation components as istioctl 1.31 defines them (operator/pkg/component): which
 * chart each renders, where its Helm values live, what its main workload is called, and how
 * it is enabled. Facts, kept as data so the pipeline stays one loop.
 */
import type {Obj} from '../types.js';
import {dig, isObj} from '../../spec/tree.js';

export type IstioComponentName = 'Base' | 'Pilot' | 'IngressGateways' | 'EgressGateways' | 'Cni' | 'Ztunnel';

export interface ComponentDef {
  name: IstioComponentName;
  displayName: string;
  /** Key under spec.components. */
  specName: string;
  /** On when spec.components.<specName> is absent. */
  enabledByDefault: boolean;
  /** A list of specs (the gateways) instead of one. */
  multi: boolean;
  /** The chart, under charts/. */
  chart: string;
  /** Where the component's Helm values live under spec.values. */
  valuesRoot: string;
  /** The Kubernetes kind, name and container the k8s settings patch. */
  resourceType?: 'Deployment' | 'DaemonSet';
  resourceName?: string;
  containerName?: string;
  /** ztunnel's chart reads its values at the top level, not under `ztunnel.`. */
  flattenValues: boolean;
  /** A spec.values boolean that turns the component on regardless of its spec. */
  altEnablementPath?: string[];
}

/** In istioctl's order, which is also the order manifest generate walks them. */
export const COMPONENTS: readonly ComponentDef[] = [
  {
    name: 'Base',
    displayName: 'Istio core',
    specName: 'base',
    enabledByDefault: true,
    multi: false,
    chart: 'base',
    valuesRoot: 'global',
    flattenValues: false,
  },
  {
    name: 'Pilot',
    displayName: 'Istiod',
    specName: 'pilot',
    enabledByDefault: true,
    multi: false,
    chart: 'istio-control/istio-discovery',
    valuesRoot: 'pilot',
    resourceType: 'Deployment',
    resourceName: 'istiod',
    containerName: 'discovery',
    flattenValues: false,
  },
  {
    name: 'IngressGateways',
    displayName: 'Ingress gateways',
    specName: 'ingressGateways',
    enabledByDefault: true,
    multi: true,
    chart: 'gateways/istio-ingress',
    valuesRoot: 'gateways.istio-ingressgateway',
    resourceType: 'Deployment',
    resourceName: 'istio-ingressgateway',
    containerName: 'istio-proxy',
    flattenValues: false,
    altEnablementPath: ['spec', 'values', 'gateways', 'istio-ingressgateway', 'enabled'],
  },
  {
    name: 'EgressGateways',
    displayName: 'Egress gateways',
    specName: 'egressGateways',
    enabledByDefault: false,
    multi: true,
    chart: 'gateways/istio-egress',
    valuesRoot: 'gateways.istio-egressgateway',
    resourceType: 'Deployment',
    resourceName: 'istio-egressgateway',
    containerName: 'istio-proxy',
    flattenValues: false,
    altEnablementPath: ['spec', 'values', 'gateways', 'istio-egressgateway', 'enabled'],
  },
  {
    name: 'Cni',
    displayName: 'CNI',
    specName: 'cni',
    enabledByDefault: false,
    multi: false,
    chart: 'istio-cni',
    valuesRoot: 'cni',
    resourceType: 'DaemonSet',
    resourceName: 'istio-cni-node',
    containerName: 'install-cni',
    flattenValues: false,
  },
  {
    name: 'Ztunnel',
    displayName: 'Ztunnel',
    specName: 'ztunnel',
    enabledByDefault: false,
    multi: false,
    chart: 'ztunnel',
    valuesRoot: 'ztunnel',
    resourceType: 'DaemonSet',
    resourceName: 'ztunnel',
    containerName: 'istio-proxy',
    flattenValues: true,
  },
];

/** One enabled instance of a component: its spec entry (a gateway has its own) and its namespace. */
export interface ComponentInstance {
  def: ComponentDef;
  /** The raw spec.components entry (empty when the component is on by default without one). */
  spec: Obj;
  namespace: string;
  /** A gateway's name; empty otherwise. */
  name: string;
  label: {[key: string]: string};
}

/**
 * The enabled instances of a component in a merged IstioOperator, as istioctl decides it:
 * a present entry is on unless `enabled: false` (or the values switch forces it on); an
 * absent one is on when the component is on by default or the values switch says so.
 */
export function componentInstances(def: ComponentDef, merged: Obj): ComponentInstance[] {
  const defaultNamespace = stringAt(merged, 'metadata', 'namespace');
  const altEnabled = def.altEnablementPath !== undefined && dig(merged, ...def.altEnablementPath) === true;
  const entry = dig(merged, 'spec', 'components', def.specName);
  const instance = (spec: Obj): ComponentInstance => ({
    def,
    spec,
    namespace: (typeof spec.namespace === 'string' && spec.namespace) || defaultNamespace || 'istio-system',
    name: typeof spec.name === 'string' ? spec.name : '',
    label: isObj(spec.label) ? (spec.label as {[key: string]: string}) : {},
  });
  const on = (spec: Obj) => spec.enabled !== false || altEnabled;
  if (entry === undefined || entry === null) {
    return def.enabledByDefault || altEnabled ? [instance({})] : [];
  }
  if (def.multi) {
    const items = Array.isArray(entry) ? entry : [];
    return items
      .map((item) => (isObj(item) ? item : {}))
      .filter(on)
      .map(instance);
  }
  const spec = isObj(entry) ? entry : {};
  return on(spec) ? [instance(spec)] : [];
}

function stringAt(root: Obj, ...path: string[]): string {
  const value = dig(root, ...path);
  return typeof value === 'string' ? value : '';
}
