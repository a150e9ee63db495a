/**
 * Readiness: one rule per kind (data), and a watch-based waiter that ends as soon as every
 * object satisfies its rule, or explains, per object, why it is not ready when time runs out.
 */
import {setMaxListeners} from 'node:events';
import {setTimeout as delay} from 'node:timers/promises';
import {readObject} from './apply.js';
import type {Cluster} from './client.js';
import {networkCause} from './failures.js';
import type {WatchEvent} from './rest.js';
import {collectionPath, kindInfo, objectRef, type K8sObject} from './kinds.js';
import {timeoutSignal} from './timeout.js';

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
  /**
   * Called with `cluster unreachable: <cause> (server <url>)` (clusterError's words) once the watches have failed to
   * reconnect for UNREACHABLE_AFTER_MS, and with undefined when the cluster answers again.
   */
  onUnreachable?: (message: string | undefined) => void;
  signal?: AbortSignal;
}

/** A watch that cannot reconnect for this long means the cluster, not the object, is the problem. */
export const UNREACHABLE_AFTER_MS = 3000;

/** Tracks whether the watches reach the apiserver: the first failure starts the clock, a watch that opens stops it. */
class Link {
  private downSince?: number;
  private cause?: string;
  private reported = false;

  constructor(
    private readonly server: string,
    private readonly report?: (message: string | undefined) => void,
  ) {}

  down(cause: string): void {
    this.downSince ??= Date.now();
    this.cause = cause;
    if (!this.reported && Date.now() - this.downSince >= UNREACHABLE_AFTER_MS) {
      this.reported = true;
      this.report?.(this.message()!);
    }
  }

  up(): void {
    if (this.reported) this.report?.(undefined);
    this.downSince = undefined;
    this.reported = false;
  }

  /** Set while the cluster does not answer. */
  message(): string | undefined {
    return this.downSince === undefined
      ? undefined
      : `cluster unreachable: ${this.cause} (server ${this.server})`;
  }
}

/**
 * Waits, by watching, until every object is ready. Returns the ones still not ready at the deadline;
 * when the cluster stopped answering, their reason says so instead of blaming the objects.
 */
export async function waitForReady(
  cluster: Cluster,
  objects: K8sObject[],
  options: WaitOptions,
): Promise<NotReady[]> {
  const targets = objects.filter(needsWait);
  const state = new Map<K8sObject, Readiness>(targets.map((o) => [o, notReady('not observed yet')]));
  if (targets.length === 0) return [];
  const pending = () => targets.filter((o) => !state.get(o)!.ready);
  const link = new Link(cluster.server, options.onUnreachable);
  const stop = new AbortController();
  const deadline = timeoutSignal(options.timeoutMs);
  const ended = AbortSignal.any([deadline, stop.signal, ...(options.signal ? [options.signal] : [])]);
  // One watch request and one pause per object listen on it at a time: not a leak.
  setMaxListeners(targets.length * 2 + 10, ended);
  const finished = new Promise<void>((resolve) =>
    ended.addEventListener('abort', () => resolve(), {once: true}),
  );
  options.onWaiting?.(pending());

  const watchOne = async (object: K8sObject) => {
    const info = kindInfo(object.kind);
    const path = collectionPath(
      object.apiVersion,
      info?.plural ?? `${object.kind.toLowerCase()}s`,
      object.metadata.namespace,
    );
    const onEvent = (event: WatchEvent) => {
      if (ended.aborted || event.type === 'BOOKMARK' || event.type === 'ERROR') return;
      const before = state.get(object)!.ready;
      state.set(
        object,
        event.type === 'DELETED' ? notReady('deleted') : checkReady(object, event.object as Live),
      );
      if (before !== state.get(object)!.ready) options.onWaiting?.(pending());
      if (pending().length === 0) stop.abort();
    };
    // The apiserver ends watches from time to time, and may go away: resume until we are done.
    while (!ended.aborted) {
      try {
        await cluster.rest.watch(path, {fieldSelector: `metadata.name=${object.metadata.name}`}, onEvent, {
          signal: ended,
          onOpen: () => link.up(),
        });
      } catch (error) {
        const cause = networkCause(error);
        if (cause) link.down(cause);
      }
      await delay(link.message() ? 1000 : 200, undefined, {signal: ended}).catch(() => undefined);
    }
  };
  const watches = targets.map((object) => watchOne(object));
  await finished;
  await Promise.all(watches);
  const left = pending();
  const unreachable = link.message();
  if (unreachable) return left.map((object) => ({object, reason: unreachable}));
  return Promise.all(
    left.map(async (object) => ({
      object,
      reason: await explain(cluster, {object, reason: (state.get(object) as {reason: string}).reason}),
    })),
  );
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
    const pods = await cluster.rest.send<{items: PodStatusView[]}>({
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(live.metadata.namespace)}/pods`,
      query: {labelSelector: selector},
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

/** What explainWorkload reads of a pod. */
interface PodStatusView {
  metadata?: {name?: string};
  status?: {
    conditions?: {type?: string; status?: string; reason?: string; message?: string}[];
    initContainerStatuses?: ContainerStatusView[];
    containerStatuses?: ContainerStatusView[];
  };
}
type ContainerStatusView = {name: string; state?: {waiting?: {reason?: string; message?: string}}};

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

/** The longest a deletion wait watches before it reads the object again. */
const REREAD_MS = 10_000;

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
    // Watch from the version just read: the DELETED event (or the watch ending) sends us back to
    // re-read, and so does a pause of REREAD_MS, so that an event the watch never delivers costs
    // seconds, not the whole deadline.
    const stop = new AbortController();
    const ended = AbortSignal.any([
      timeoutSignal(Math.min(left, REREAD_MS)),
      stop.signal,
      ...(signal ? [signal] : []),
    ]);
    const query = {
      fieldSelector: `metadata.name=${object.metadata.name}`,
      resourceVersion: String(live.metadata.resourceVersion ?? ''),
    };
    await cluster.rest
      .watch(path, query, (event) => event.type === 'DELETED' && stop.abort(), {signal: ended})
      .catch(() => delay(200)); // a failed watch: re-read after a pause (readObject says if the cluster is gone)
    stop.abort();
  }
}
