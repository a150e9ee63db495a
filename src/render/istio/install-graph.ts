/**
 * What istioctl's installer adds on top of the render (operator/pkg/install): the order in
 * which components are applied — each waits for its parent to be ready: Base → {Pilot, Cni},
 * Pilot → {IngressGateways, EgressGateways}, Cni → Ztunnel — and the owner labels it puts on
 * every object at apply time (not in `manifest generate`'s output).
 */
import {ISTIO_VERSION} from '../../version.js';
import type {Obj} from '../types.js';
import type {IstioComponentName} from './components.js';
import {getPath} from './tree.js';

export const PARENT: {readonly [name in IstioComponentName]?: IstioComponentName} = {
  Pilot: 'Base',
  Cni: 'Base',
  IngressGateways: 'Pilot',
  EgressGateways: 'Pilot',
  Ztunnel: 'Cni',
};

/** The components a component waits for (none rendered means nothing to wait for). */
export function dependsOn(name: IstioComponentName): IstioComponentName[] {
  const parent = PARENT[name];
  return parent ? [parent] : [];
}

/** istioctl's getOwnerLabels for a merged IstioOperator and a component. */
export function ownerLabels(
  merged: Obj,
  component: IstioComponentName,
  version = ISTIO_VERSION,
): {[key: string]: string} {
  const labels: {[key: string]: string} = {
    'operator.istio.io/managed': 'Reconcile',
    'operator.istio.io/version': version,
  };
  const name = getPath(merged, ['metadata', 'name']);
  if (typeof name === 'string' && name !== '') labels['install.operator.istio.io/owning-resource'] = name;
  const namespace = getPath(merged, ['metadata', 'namespace']);
  if (typeof namespace === 'string' && namespace !== '')
    labels['install.operator.istio.io/owning-resource-namespace'] = namespace;
  const revision = getPath(merged, ['spec', 'values', 'revision']);
  labels['istio.io/rev'] = typeof revision === 'string' && revision !== '' ? revision : 'default';
  labels['operator.istio.io/component'] = component;
  return labels;
}
