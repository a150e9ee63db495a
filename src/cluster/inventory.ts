/** Objects mesh owns, found by the owner labels and mesh's field manager, never by name guessing. */
import {FIELD_MANAGER} from '../version.js';
import type {Cluster} from './client.js';
import {collectionPath, KINDS, type K8sObject, type KindInfo} from './kinds.js';
import {isNotFound} from './failures.js';
import {clusterError} from './apply.js';

/** True when mesh applied this object (it holds fields under mesh's field manager). */
export function managedByMesh(object: Pick<K8sObject, 'metadata'>): boolean {
  return (object.metadata?.managedFields ?? []).some((entry) => entry.manager === FIELD_MANAGER);
}

/** Whether labels satisfy an equality-based selector such as `a=x,b=y` (the form mesh's owner selectors take). */
export function matchesSelector(labels: {[key: string]: string} | undefined, selector: string): boolean {
  return selector
    .split(',')
    .filter(Boolean)
    .every((term) => {
      const at = term.indexOf('=');
      return at > 0 && labels?.[term.slice(0, at)] === term.slice(at + 1);
    });
}

/** Lists objects of the given kinds matching a label selector, in every namespace, owned by mesh. */
export async function listOwned(
  cluster: Cluster,
  labelSelector: string,
  kinds: readonly KindInfo[] = KINDS,
): Promise<K8sObject[]> {
  return (await listLabelled(cluster, labelSelector, kinds)).filter(managedByMesh);
}

/** Lists objects of the given kinds matching a label selector, in every namespace, whoever applied them. */
export async function listLabelled(
  cluster: Cluster,
  labelSelector: string,
  kinds: readonly KindInfo[] = KINDS,
): Promise<K8sObject[]> {
  const lists = await Promise.all(
    kinds.map(async (info) => {
      try {
        const path = collectionPath(info.apiVersion, info.plural);
        const list = await cluster.rest.send<{items: K8sObject[]}>({
          method: 'GET',
          path,
          query: {labelSelector},
        });
        return (list.items as K8sObject[]).map((item) => ({
          ...item,
          apiVersion: info.apiVersion,
          kind: info.kind,
        }));
      } catch (error) {
        // A kind the cluster does not serve (e.g. EnvoyFilter before the CRDs exist) holds nothing.
        if (isNotFound(error)) return [];
        throw clusterError(error, `list ${info.kind}`);
      }
    }),
  );
  return lists.flat();
}
