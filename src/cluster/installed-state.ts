/**
 * The installed-state IstioOperator resource: the merged spec of the last successful install
 * of a revision, kept in the install namespace. verify-install and `install --reuse` read it.
 */
import type {Installation} from '../render/installation.js';
import type {IstioOperator} from '../spec/types.js';
import {ISTIO_VERSION} from '../version.js';
import {readObject} from './apply.js';
import type {Cluster} from './client.js';
import {listOwned} from './inventory.js';
import {kindInfo, type K8sObject} from './kinds.js';

export function installedStateObject(operator: IstioOperator, installation: Installation): K8sObject {
  return {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: {
      name: installation.installedStateName,
      namespace: installation.namespace,
      labels: {
        'istio.io/rev': installation.revision,
        'operator.istio.io/version': ISTIO_VERSION,
        'operator.istio.io/managed': 'Reconcile',
      },
    },
    spec: operator.spec as K8sObject[string],
  };
}

export async function readInstalledState(
  cluster: Cluster,
  installation: Installation,
): Promise<IstioOperator | undefined> {
  const live = await readObject(cluster, {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: {name: installation.installedStateName, namespace: installation.namespace},
  });
  return live as unknown as IstioOperator | undefined;
}

/** Every installed-state resource mesh recorded, in every namespace. */
export async function listInstalledStates(cluster: Cluster): Promise<IstioOperator[]> {
  const items = await listOwned(cluster, 'operator.istio.io/managed=Reconcile', [kindInfo('IstioOperator')!]);
  return items.filter((item) =>
    item.metadata.name.startsWith('installed-state'),
  ) as unknown as IstioOperator[];
}
