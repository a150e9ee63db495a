/**
 * Readiness: one rule per kind (data), and a watch-based waiter that ends as soon as every
 * object satisfies its rule, or explains, per object, why it is not ready when time runs out.
 */
import {readObject} from './apply.js';
import type {Cluster} from './client.js';
import {collectionPath, kindInfo, objectRef, type K8sObject} from './kinds.js';

export type Readiness = {ready: true} | {ready: false; reason: string};
type Live = {
  metadata?: {generation?: number; deletionTimestamp?: string};
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
};
type Condition = {type?: string; status?: string; reason?: string; message?: string};

const READY: Readiness = {ready: true};
const notReady = (reason: string): Readiness => ({ready: false, reason});
const conditions = (live: Live) => (live.status?.conditions as Condition[] | undefined) ?? [];
const num = (value: unknown) => (typeof value === 'number' ? value : 0);

function generationObserved(live: Live): boolean {
  return num(live.status?.observedGeneration) >= num(live.metadata?.generation);
}

/** The rules. Kinds not listed are ready as soon as the apiserver has accepted them. */
export const READINESS_RULES: {[kind: string]: (live: Live) => Readiness} = {
  Deployment(live) {
    const desired = typeof live.spec?.replicas === 'number' ? live.spec.replicas : 1;
    const stalled = conditions(live).find(
      (c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
    );
    if (stalled) return notReady(`rollout stalled: ${stalled.message ?? 'ProgressDeadlineExceeded'}`);
    if (!generationObserved(live))
      return notReady('waiting for the controller to observe the new generation');
    const updated = num(live.status?.updatedReplicas);
    const available = num(live.status?.availableReplicas);
    const total = num(live.status?.replicas);
    if (updated < desired) return notReady(`${updated} of ${desired} replicas updated`);
    if (total > updated) return notReady(`${total - updated} old replicas pending termination`);
    if (available < desired) return notReady(`${available} of ${desired} replicas available`);
    return READY;
  },
  DaemonSet(live) {
    if (!generationObserved(live))
      return notReady('waiting for the controller to observe the new generation');
    const desired = num(live.status?.desiredNumberScheduled);
    const updated = num(live.status?.updatedNumberScheduled);
    const ready = num(live.status?.numberReady);
    if (updated < desired) return notReady(`${updated} of ${desired} pods updated`);
    if (ready < desired) return notReady(`${ready} of ${desired} pods ready`);
    return READY;
  },
  StatefulSet(live) {
    if (!generationObserved(live))
      return notReady('waiting for the controller to observe the new generation');
    const desired = typeof live.spec?.replicas === 'number' ? live.spec.replicas : 1;
    const updated = num(live.status?.updatedReplicas);
    const ready = num(live.status?.readyReplicas);
    if (updated < desired) return notReady(`${updated} of ${desired} replicas updated`);
    if (ready < desired) return notReady(`${ready} of ${desired} replicas ready`);
    return READY;
  },
  Job(live) {
    const failed = conditions(live).find((c) => c.type === 'Failed' && c.status === 'True');
    if (failed) return notReady(`job failed: ${failed.reason ?? ''} ${failed.message ?? ''}`.trim());
    const complete = conditions(live).some((c) => c.type === 'Complete' && c.status === 'True');
    return complete ? READY : notReady('job not complete');
  },
  CustomResourceDefinition(live) {
    const established = conditions(live).find((c) => c.type === 'Established');
    if (established?.status === 'True') return READY;
    const conflict = conditions(live).find((c) => c.type === 'NamesAccepted' && c.status === 'False');
    return notReady(conflict ? `names not accepted: ${conflict.message}` : 'not Established yet');
  },
  Namespace(live) {
    const phase = live.status?.phase;
    return phase === 'Active' ? READY : notReady(`namespace is ${String(phase ?? 'not Active')}`);
  },
};

export function needsWait(object: {kind: string}): boolean {
  return object.kind in READINESS_RULES;
}

export function checkReady(object: {kind: string}, live: Live): Readiness {
  const rule = READINESS_RULES[object.kind];
  return rule ? rule(live) : READY;
}

export interface NotReady {
  object: K8sObject;
  reason: string;
}

export interface WaitOptions {
  timeoutMs: number;
  /** Called whenever the set of objects still waited for changes. */
  onWaiting?: (pending: K8sObject[]) => void;
  signal?: AbortSignal;
}

/** Waits, by watching, until every object is ready. Returns the ones still not ready at the deadline. */
export async function waitForReady(
  cluster: Cluster,
  objects: K8sObject[],
  options: WaitOptions,
): Promise<NotReady[]> {
  const targets = objects.filter(needsWait);
  const state = new Map<K8sObject, Readiness>(targets.map((o) => [o, notReady('not observed yet')]));
  if (targets.length === 0) return [];
  const controllers: AbortController[] = [];
  let finished = false;
  const pending = () => targets.filter((o) => !state.get(o)!.ready);

  const result = await new Promise<NotReady[]>((resolve) => {
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve(pending().map((object) => ({object, reason: (state.get(object) as {reason: string}).reason})));
    };
    const timer = setTimeout(finish, options.timeoutMs);
    options.signal?.addEventListener('abort', finish, {once: true});
    options.onWaiting?.(pending());

    const watchOne = async (object: K8sObject) => {
      const info = kindInfo(object.kind);
      const path = collectionPath(
        object.apiVersion,
        info?.plural ?? `${object.kind.toLowerCase()}s`,
        object.metadata.namespace,
      );
      const watch = new cluster.lib.Watch(cluster.config);
      const onEvent = (phase: string, live: Live) => {
        if (finished || phase === 'BOOKMARK' || phase === 'ERROR') return;
        const before = state.get(object)!.ready;
        state.set(object, phase === 'DELETED' ? notReady('deleted') : checkReady(object, live));
        if (before !== state.get(object)!.ready) options.onWaiting?.(pending());
        if (pending().length === 0) finish();
      };
      const onDone = () => {
        // The apiserver ends watches from time to time; resume until we are done.
        if (!finished) setTimeout(() => void watchOne(object), 200);
      };
      try {
        controllers.push(
          await watch.watch(path, {fieldSelector: `metadata.name=${object.metadata.name}`}, onEvent, onDone),
        );
      } catch {
        onDone();
      }
    };
    for (const object of targets) void watchOne(object);
  });
  for (const controller of controllers) controller.abort();
  return Promise.all(result.map(async (item) => ({...item, reason: await explain(cluster, item)})));
}

/** Re-reads a not-ready workload and adds what its pods say to the reason. */
async function explain(cluster: Cluster, item: NotReady): Promise<string> {
  try {
    const live = await readObject(cluster, item.object);
    return live ? await explainWorkload(cluster, live, item.reason) : `${item.reason}; it no longer exists`;
  } catch {
    return item.reason;
  }
}

/** Adds what the pods say (unschedulable, container waiting reasons) to a workload's reason. */
export async function explainWorkload(cluster: Cluster, live: K8sObject, reason: string): Promise<string> {
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(live.kind) || !live.metadata.namespace)
    return reason;
  try {
    const labels =
      (live.spec as {selector?: {matchLabels?: Record<string, string>}} | undefined)?.selector?.matchLabels ??
      {};
    const selector = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const pods = await cluster.core.listNamespacedPod({
      namespace: live.metadata.namespace,
      labelSelector: selector,
    });
    const details = new Set<string>();
    for (const pod of pods.items) {
      const name = pod.metadata?.name ?? '?';
      const unscheduled = pod.status?.conditions?.find(
        (c) => c.type === 'PodScheduled' && c.status === 'False',
      );
      if (unscheduled)
        details.add(`pod ${name} unschedulable: ${unscheduled.message ?? unscheduled.reason ?? ''}`.trim());
      for (const status of [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
      ]) {
        const waiting = status.state?.waiting;
        if (waiting?.reason)
          details.add(
            `container ${status.name} in pod ${name} waiting: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`,
          );
      }
    }
    if (pods.items.length === 0) details.add('no pods created');
    return [reason, ...details].join('; ');
  } catch {
    return reason;
  }
}

export function describeNotReady(items: NotReady[]): string[] {
  return items.map((item) => `  ${objectRef(item.object)} (${item.reason})`);
}

/**
 * Waits, by watching, until each object is gone (a foreground deletion ends when its dependents
 * are gone too). Resolves to the objects still present at the deadline, with their finalizers.
 */
export async function waitForDeletion(
  cluster: Cluster,
  objects: K8sObject[],
  options: {timeoutMs: number; signal?: AbortSignal},
): Promise<NotReady[]> {
  const deadline = Date.now() + options.timeoutMs;
  const remaining = await Promise.all(
    objects.map((object) => waitGone(cluster, object, deadline, options.signal)),
  );
  return remaining.filter((item): item is NotReady => item !== undefined);
}

async function waitGone(
  cluster: Cluster,
  object: K8sObject,
  deadline: number,
  signal?: AbortSignal,
): Promise<NotReady | undefined> {
  const info = kindInfo(object.kind);
  const path = collectionPath(
    object.apiVersion,
    info?.plural ?? `${object.kind.toLowerCase()}s`,
    info?.namespaced === false ? undefined : object.metadata.namespace,
  );
  for (;;) {
    const live = await readObject(cluster, object);
    if (!live) return undefined;
    const left = deadline - Date.now();
    if (left <= 0 || signal?.aborted) {
      const finalizers = (live.metadata.finalizers as string[] | undefined) ?? [];
      return {
        object,
        reason: `still present${finalizers.length ? ` (finalizers: ${finalizers.join(', ')})` : ''}`,
      };
    }
    // Watch from the version just read: the DELETED event (or the watch ending) sends us back to re-read.
    await new Promise<void>((resolve) => {
      let controller: AbortController | undefined;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        controller?.abort();
        resolve();
      };
      const timer = setTimeout(done, left);
      signal?.addEventListener('abort', done, {once: true});
      const query = {
        fieldSelector: `metadata.name=${object.metadata.name}`,
        resourceVersion: String(live.metadata.resourceVersion ?? ''),
      };
      new cluster.lib.Watch(cluster.config)
        .watch(
          path,
          query,
          (phase: string) => phase === 'DELETED' && done(),
          () => done(),
        )
        .then((c) => {
          controller = c;
        })
        .catch(() => done());
    });
  }
}
