/**
 * Taking over an installation another tool made (istioctl, or `manifest generate | kubectl
 * apply`): the planned objects that already exist carrying Istio's component label but were not
 * applied by mesh. The install shows them with their current field managers and asks once;
 * mesh's server-side apply with force then makes mesh their manager.
 */
import type {Cluster} from '../cluster/client.js';
import {listLabelled, managedByMesh} from '../cluster/inventory.js';
import {kindInfo, objectKey, objectRef, type K8sObject} from '../cluster/kinds.js';
import {LABEL_COMPONENT} from '../render/labels.js';

export interface TakeoverEntry {
  /** `Kind/namespace/name`. */
  object: string;
  /** Field managers holding fields of it now, sorted. */
  managers: string[];
}

/** Istio's own label on every object its installers render: the mark of an installation to take over. */
export function carriesIstioLabels(object: Pick<K8sObject, 'metadata'>): boolean {
  return !!object.metadata.labels?.[LABEL_COMPONENT];
}

/** Managers of the object's own fields; controllers writing only its status (kube-controller-manager) are not owners. */
export function fieldManagers(object: Pick<K8sObject, 'metadata'>): string[] {
  const entries = (object.metadata.managedFields ?? []) as {manager?: string; subresource?: string}[];
  const names = entries
    .filter((f) => f.subresource !== 'status')
    .map((f) => f.manager)
    .filter((m): m is string => !!m);
  return [...new Set(names)].sort();
}

/** One list per planned kind (not one read per object); in plan order. */
export async function findTakeover(
  cluster: Cluster,
  objects: K8sObject[],
  absentNamespaces: ReadonlySet<string> = new Set(),
): Promise<TakeoverEntry[]> {
  const planned = objects.filter(
    (o) => o.kind !== 'Namespace' && !absentNamespaces.has(o.metadata.namespace ?? ''),
  );
  const kinds = [...new Set(planned.map((o) => o.kind))]
    .map((kind) => kindInfo(kind))
    .filter((info) => info !== undefined);
  const live = new Map(
    (await listLabelled(cluster, LABEL_COMPONENT, kinds)).map((object) => [objectKey(object), object]),
  );
  const entries: TakeoverEntry[] = [];
  for (const object of planned) {
    const found = live.get(objectKey(object));
    if (found && !managedByMesh(found))
      entries.push({object: objectRef(object), managers: fieldManagers(found)});
  }
  return entries;
}

/** What install prints before its one question. */
export function takeoverLines(entries: TakeoverEntry[]): string[] {
  if (entries.length === 0) return [];
  const width = Math.max(...entries.map((e) => e.object.length));
  return [
    `! mesh will take over ${entries.length} object${entries.length === 1 ? '' : 's'} another tool applied (current field managers):`,
    ...entries.map((e) => `    ${e.object.padEnd(width)}  ${e.managers.join(', ') || 'unknown'}`),
  ];
}
