/**
 * One install (or uninstall) at a time per revision: a coordination.k8s.io/v1 Lease
 * `mesh-install-<revision>` in the install namespace, held while the run writes. The holder renews
 * it every few seconds; a holder that died stops renewing and its Lease expires (renewTime +
 * leaseDurationSeconds), after which the next run takes it over. Every take-over is an update
 * guarded by the resourceVersion that was read, so of two racing takers one gets 409 Conflict and
 * goes back to waiting. Released by deleting it (guarded the same way: never someone else's).
 */
import {hostname} from 'node:os';
import {setTimeout as delay} from 'node:timers/promises';
import {MeshError} from '../errors.js';
import {FIELD_MANAGER} from '../version.js';
import {clusterError} from './apply.js';
import type {Cluster} from './client.js';
import {apiFailure, isConflict, isNotFound} from './failures.js';
import type {K8sObject} from './kinds.js';
import type {Installation} from '../render/installation.js';

export const LEASE_DURATION_SECONDS = 30;
const RENEW_MS = 10_000;
const POLL_MS = 1000;

export interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number;
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number;
}

export interface Lease extends K8sObject {
  spec?: LeaseSpec;
}

/** `mesh-install-<revision>`, `default` when none. */
export function lockName(revision: string | undefined): string {
  return `mesh-install-${revision || 'default'}`;
}

/** `<hostname>/<pid>/<ISO time>`: readable in `kubectl get lease -o yaml`, unique per run. */
export function holderIdentity(now = new Date(), host = hostname(), pid = process.pid): string {
  return `${host}/${pid}/${now.toISOString()}`;
}

/** Kubernetes MicroTime: RFC 3339 with six fractional digits (`2026-12-02T00:00:00.000000Z`). */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Free: no holder, or the holder stopped renewing (renewTime + leaseDurationSeconds is past). */
export function isFree(spec: LeaseSpec | undefined, now: number): boolean {
  if (!spec?.holderIdentity) return true;
  const renewed = Date.parse(spec.renewTime ?? spec.acquireTime ?? '');
  if (Number.isNaN(renewed)) return true;
  return renewed + (spec.leaseDurationSeconds ?? LEASE_DURATION_SECONDS) * 1000 < now;
}

/** `host/1234 since 00:01:02 UTC`: the holder without its time stamp, and when it took the lock. */
export function describeHolder(spec: LeaseSpec | undefined): string {
  const identity = spec?.holderIdentity ?? 'unknown';
  // Our own format ends in the ISO time the holder started; another tool's identity is shown whole.
  const who = identity.replace(/\/\d{4}-\d\d-\d\dT[\d:.]+Z$/, '');
  const since = Date.parse(spec?.acquireTime ?? spec?.renewTime ?? '');
  return Number.isNaN(since) ? who : `${who} since ${new Date(since).toISOString().slice(11, 19)} UTC`;
}

export interface LockOptions {
  /** The revision locked, and the install namespace its Lease lives in. */
  installation: Installation;
  /** How long to wait while another run holds the lock; 0 fails at once. */
  waitMs: number;
  /**
   * The install namespace, created when it does not exist (install). Without it an absent
   * namespace means there is nothing to guard (uninstall): no lock is taken.
   */
  createNamespace?: K8sObject;
  /** Pre-flight saw that the namespace does not exist: create it without asking first. */
  namespaceAbsent?: boolean;
  signal?: AbortSignal;
  /** Called when the run starts waiting, and again whenever the holder changes. */
  onWait?: (message: string) => void;
  /** The lock was lost (a stalled run expired and was taken over): the run should stop. */
  onLost?: (message: string) => void;
  renewMs?: number;
  pollMs?: number;
}

export interface InstallLock {
  name: string;
  namespace: string;
  /** Another run held it first: what was read before may be stale. */
  waited: boolean;
  /** Stops renewing and deletes the Lease (if still ours). Never throws. */
  release(): Promise<void>;
}

export async function acquireLock(cluster: Cluster, options: LockOptions): Promise<InstallLock> {
  const name = lockName(options.installation.revision);
  const {namespace} = options.installation;
  const collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  const path = `${collection}/${encodeURIComponent(name)}`;
  const identity = holderIdentity();
  const deadline = Date.now() + options.waitMs;
  const where = `the install lock ${name} (Lease in namespace ${namespace})`;
  const freshSpec = (previous?: LeaseSpec): LeaseSpec => {
    const now = microTime(new Date());
    return {
      holderIdentity: identity,
      leaseDurationSeconds: LEASE_DURATION_SECONDS,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: previous ? (previous.leaseTransitions ?? 0) + 1 : 0,
    };
  };
  const send = async (method: 'GET' | 'POST' | 'PUT', target: string, body?: unknown): Promise<Lease> => {
    const query = method === 'GET' ? undefined : {fieldManager: FIELD_MANAGER};
    return cluster.rest.send<Lease>({method, path: target, body, query, signal: options.signal});
  };

  let namespaceCreated = false;
  const createNamespace = async () => {
    namespaceCreated = true;
    try {
      await cluster.rest.send({
        method: 'POST',
        path: '/api/v1/namespaces',
        query: {fieldManager: FIELD_MANAGER},
        body: options.createNamespace,
        signal: options.signal,
      });
    } catch (error) {
      if (!isConflict(error)) throw clusterError(error, `create Namespace/${namespace}`);
    }
  };
  if (options.namespaceAbsent && options.createNamespace) await createNamespace();

  let waited = false;
  let lastHolder: string | undefined;
  for (;;) {
    let held: Lease | undefined;
    try {
      const body = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {name, namespace},
        spec: freshSpec(),
      };
      return holding(await send('POST', collection, body));
    } catch (error) {
      if (isNotFound(error)) {
        // The namespace does not exist.
        if (!options.createNamespace) return {name, namespace, waited, release: async () => {}};
        if (namespaceCreated) throw clusterError(error, `create ${where}`);
        await createNamespace();
        continue;
      }
      if (!isConflict(error)) throw clusterError(error, `create ${where}`);
    }
    try {
      held = await send('GET', path);
    } catch (error) {
      if (isNotFound(error)) continue; // released between the two calls
      throw clusterError(error, `read ${where}`);
    }
    if (isFree(held.spec, Date.now())) {
      // Expired or released: take it over, guarded by the resourceVersion just read.
      try {
        return holding(await send('PUT', path, {...held, spec: freshSpec(held.spec)}));
      } catch (error) {
        if (!isConflict(error) && !isNotFound(error)) throw clusterError(error, `take over ${where}`);
        continue; // another run took it first (409), or it was deleted (404): look again
      }
    }
    const holder = describeHolder(held.spec);
    if (options.waitMs <= 0)
      throw new MeshError(
        'locked',
        `another mesh install of revision "${options.installation.revision}" is running (held by ${holder})`,
        {
          hint: `wait for it to finish (without --wait-lock=false mesh waits); a lock left by a run that died expires ${LEASE_DURATION_SECONDS}s after its last renewal (or: kubectl delete lease -n ${namespace} ${name})`,
        },
      );
    if (Date.now() >= deadline)
      throw new MeshError(
        'lock-timeout',
        `timed out after ${Math.round(options.waitMs / 1000)}s waiting for ${where}, held by ${holder}`,
        {
          hint: `re-run once that run has finished, or wait longer with --wait-lock=<duration>; a lock left by a run that died expires ${LEASE_DURATION_SECONDS}s after its last renewal`,
        },
      );
    if (held.spec?.holderIdentity !== lastHolder) {
      lastHolder = held.spec?.holderIdentity ?? undefined;
      options.onWait?.(
        `Waiting for the install lock ${name} held by ${holder} (--wait-lock=false to fail at once)`,
      );
    }
    waited = true;
    const untilExpiry =
      Date.parse(held.spec?.renewTime ?? '') +
      (held.spec?.leaseDurationSeconds ?? LEASE_DURATION_SECONDS) * 1000 -
      Date.now();
    const pause = Math.max(
      50,
      Math.min(options.pollMs ?? POLL_MS, untilExpiry + 50 || POLL_MS, deadline - Date.now()),
    );
    await delay(pause, undefined, {signal: options.signal});
  }

  function holding(lease: Lease): InstallLock {
    let current = lease;
    let lost = false;
    let renewing: Promise<void> | undefined;
    const renew = async () => {
      try {
        current = await send('PUT', path, {
          ...current,
          spec: {...current.spec, renewTime: microTime(new Date())},
        });
      } catch (error) {
        // A failed renewal (cluster briefly unreachable) is retried at the next tick; a Lease
        // changed or deleted by someone else means this run no longer holds it.
        if (isConflict(error) || isNotFound(error)) {
          lost = true;
          clearInterval(timer);
          options.onLost?.(
            `lost ${where}: ${apiFailure(error).message}; another run may be writing the same objects`,
          );
        }
      }
    };
    // unref: the timer never keeps the process alive.
    const timer = setInterval(() => {
      renewing ??= renew().finally(() => (renewing = undefined));
    }, options.renewMs ?? RENEW_MS);
    timer.unref();
    return {
      name,
      namespace,
      waited,
      async release() {
        clearInterval(timer);
        await renewing;
        if (lost) return;
        try {
          await cluster.rest.send({
            method: 'DELETE',
            path,
            body: {
              kind: 'DeleteOptions',
              apiVersion: 'v1',
              preconditions: {uid: current.metadata.uid, resourceVersion: current.metadata.resourceVersion},
            },
          });
        } catch {
          // Gone already, or no longer ours: either way nothing to release. Unreachable: it expires.
        }
      },
    };
  }
}
