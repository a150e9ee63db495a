/**
 * What istioctl's installer adds on top of the render (operator/pkg/install): the order in
 * which components are applied — each waits for its parent to be ready: Base → {Pilot, Cni},
 * Pilot → {IngressGateways, EgressGateways}, Cni → Ztunnel. (Its owner labels are mesh's own:
 * installation.ts and labels.ts.)
 */
import type {IstioComponentName} from './components.js';

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
