/**
 * Deletes a plan's objects kind by kind in order (in the background, see deleteObject), and
 * waits until each kind's objects are gone before the next kind. Emits events; never prints.
 */
import type {Cluster} from '../cluster/client.js';
import {deleteObject} from '../cluster/apply.js';
import {waitForDeletion} from '../cluster/readiness.js';
import type {K8sObject} from '../cluster/kinds.js';
import {MeshError} from '../errors.js';
import {uninstallRef, type UninstallPlan} from './plan.js';

export type UninstallEvent =
  | {type: 'removed'; object: string; kind: string; name: string; namespace?: string; dryRun: boolean}
  | {type: 'complete'; removed: number; dryRun: boolean};

export interface UninstallOptions {
  dryRun?: boolean;
  /** How long one kind's objects may take to disappear. */
  timeoutMs?: number;
}

export async function runUninstall(
  cluster: Cluster,
  plan: UninstallPlan,
  options: UninstallOptions,
  emit: (event: UninstallEvent) => void,
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const dryRun = !!options.dryRun;
  const event = (object: K8sObject): UninstallEvent => ({
    type: 'removed',
    object: uninstallRef(object),
    kind: object.kind,
    name: object.metadata.name,
    ...(object.metadata.namespace ? {namespace: object.metadata.namespace} : {}),
    dryRun,
  });
  let removed = 0;
  for (const group of groupByKind(plan.objects)) {
    if (dryRun) {
      for (const object of group) emit(event(object));
      removed += group.length;
      continue;
    }
    const deleted = await Promise.all(
      group.map(async (object) => ((await deleteObject(cluster, object)) ? object : undefined)),
    );
    const left = await waitForDeletion(cluster, group, {timeoutMs});
    if (left.length) {
      throw new MeshError(
        'delete-timeout',
        `not deleted within ${Math.round(timeoutMs / 1000)}s: ${left.map((l) => `${uninstallRef(l.object)} ${l.reason}`).join('; ')}`,
        {
          hint: 're-run the uninstall; it continues where it stopped',
        },
      );
    }
    for (const object of deleted) {
      if (!object) continue;
      removed += 1;
      emit(event(object));
    }
  }
  emit({type: 'complete', removed, dryRun});
}

/** Consecutive runs of one kind, keeping the plan's order. */
export function groupByKind(objects: K8sObject[]): K8sObject[][] {
  const groups: K8sObject[][] = [];
  for (const object of objects) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.kind === object.kind) last.push(object);
    else groups.push([object]);
  }
  return groups;
}

/**
 * Pods with a proxy of this revision that the uninstall leaves behind: their sidecars lose their
 * control plane. Pods of workloads the plan removes (mesh's own gateways) are not counted.
 */
export async function countProxies(
  cluster: Cluster,
  revision: string,
  removing: K8sObject[] = [],
): Promise<number> {
  const selectors = removing.flatMap((object) => {
    const labels = (object.spec as {selector?: {matchLabels?: {[key: string]: string}}} | undefined)?.selector
      ?.matchLabels;
    return WORKLOADS.includes(object.kind) && labels ? [{namespace: object.metadata.namespace, labels}] : [];
  });
  const removed = (pod: {metadata?: {namespace?: string; labels?: {[key: string]: string}}}) =>
    selectors.some(
      (s) =>
        s.namespace === pod.metadata?.namespace &&
        Object.entries(s.labels).every(([k, v]) => pod.metadata?.labels?.[k] === v),
    );
  try {
    type Pod = {
      metadata?: {namespace?: string; labels?: {[key: string]: string}};
      spec?: {containers?: {name: string}[]; initContainers?: {name: string}[]};
    };
    const pods = await cluster.rest.send<{items: Pod[]}>({
      method: 'GET',
      path: '/api/v1/pods',
      query: {labelSelector: `istio.io/rev=${revision}`},
    });
    return pods.items.filter(
      (pod) =>
        !removed(pod) &&
        [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some(
          (c) => c.name === 'istio-proxy',
        ),
    ).length;
  } catch {
    return 0;
  }
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'StatefulSet'];
