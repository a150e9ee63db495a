/** Server-side apply (field manager `mesh`) and deletion, with Kubernetes errors mapped once. */
import {FIELD_MANAGER} from '../version.js';
import type {Cluster} from './client.js';
import {clusterError, isNotFound} from './failures.js';
import {objectRef, type K8sObject} from './kinds.js';

export interface ApplyOptions {
  dryRun?: boolean;
  /** Take over fields owned by other managers (server-side apply force). */
  force?: boolean;
}

export async function applyObject(
  cluster: Cluster,
  object: K8sObject,
  options: ApplyOptions = {},
): Promise<K8sObject> {
  return (await serverSideApply(cluster, object, options)).live;
}

export interface ApplyResult {
  /** The object as the server holds it after the apply. */
  live: K8sObject;
  /** The apply created it (HTTP 201): what `install --atomic` deletes on failure. */
  created: boolean;
}

export async function serverSideApply(
  cluster: Cluster,
  object: K8sObject,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  try {
    const path = await cluster.rest.pathOf(object);
    const query = {
      fieldManager: FIELD_MANAGER,
      force: String(options.force ?? true),
      dryRun: options.dryRun ? 'All' : undefined,
    };
    const {status, body} = await cluster.rest.exchange<K8sObject>({
      method: 'PATCH',
      path,
      query,
      body: object,
      contentType: 'application/apply-patch+yaml',
    });
    return {live: body, created: status === 201};
  } catch (error) {
    throw clusterError(error, `apply ${objectRef(object)}`);
  }
}

/** A field another manager holds with a value mesh's apply would change (server-side apply conflict). */
export interface ApplyConflict {
  /** Server-side apply's field path, e.g. `.spec.replicas`, `.webhooks[name="x"].failurePolicy`. */
  field: string;
  /** The field manager holding it, e.g. `kubectl`. */
  manager: string;
}

/**
 * The conflicts a 409 from a server-side apply lists (Status `details.causes[]` of reason
 * `FieldManagerConflict` — the StatusCause type, serialized as `reason` — message `conflict with "someone"` or `conflict with "x" using apps/v1`);
 * undefined for any other error.
 */
export function applyConflicts(error: unknown): ApplyConflict[] | undefined {
  const e = error as {code?: unknown; body?: unknown} | undefined;
  if (e?.code !== 409) return undefined;
  const body = (typeof e.body === 'string' ? safeJson(e.body) : e.body) as
    {details?: {causes?: {reason?: string; message?: string; field?: string}[]}} | undefined;
  const causes = (body?.details?.causes ?? []).filter((cause) => cause.reason === 'FieldManagerConflict');
  if (causes.length === 0) return undefined;
  return causes.map((cause) => {
    const quoted = /^conflict with ("(?:[^"\\]|\\.)*")/.exec(cause.message ?? '')?.[1];
    const manager = quoted ? String(safeJson(quoted) ?? quoted.slice(1, -1)) : 'unknown';
    return {field: cause.field ?? '', manager};
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export type DryRunOutcome =
  /** What the object would be after the apply. */
  | {live: K8sObject; conflicts?: undefined}
  /** Without force, the apply would fail on these fields. */
  | {conflicts: ApplyConflict[]; live?: undefined}
  /** Cannot be tried yet: its namespace or its kind (a CRD this install adds) does not exist. */
  | {missing: true; live?: undefined; conflicts?: undefined};

/** A server-side dry-run apply that reports conflicts as a value instead of an error. */
export async function dryRunApply(
  cluster: Cluster,
  object: K8sObject,
  options: {force?: boolean} = {},
): Promise<DryRunOutcome> {
  try {
    const path = await cluster.rest.pathOf(object);
    const {body} = await cluster.rest.exchange<K8sObject>({
      method: 'PATCH',
      path,
      query: {fieldManager: FIELD_MANAGER, force: String(!!options.force), dryRun: 'All'},
      body: object,
      contentType: 'application/apply-patch+yaml',
    });
    return {live: body};
  } catch (error) {
    const conflicts = applyConflicts(error);
    if (conflicts) return {conflicts};
    if (isNotFound(error)) return {missing: true};
    throw clusterError(error, `apply ${objectRef(object)}`);
  }
}

export interface DeleteOptions {
  dryRun?: boolean;
}

/**
 * Deletes in the background, as kubectl does: the object goes at once and the garbage collector
 * removes its dependents (ReplicaSets, Pods) after. A foreground deletion waits on the garbage
 * collector, which stops while it re-syncs after CRDs come and go (or while an API group is
 * unavailable): an uninstall right after CRD churn then stalled for minutes.
 */
export async function deleteObject(
  cluster: Cluster,
  object: K8sObject,
  options: DeleteOptions = {},
): Promise<boolean> {
  try {
    const path = await cluster.rest.pathOf(object);
    const body = {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Background',
      ...(options.dryRun ? {dryRun: ['All']} : {}),
    };
    await cluster.rest.send({method: 'DELETE', path, body});
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw clusterError(error, `delete ${objectRef(object)}`);
  }
}

export async function readObject(cluster: Cluster, object: K8sObject): Promise<K8sObject | undefined> {
  try {
    const path = await cluster.rest.pathOf(object);
    return await cluster.rest.send<K8sObject>({method: 'GET', path});
  } catch (error) {
    // 404 for the object, or for its kind when the CRD is not installed (discovery answers 404 too).
    if (isNotFound(error)) return undefined;
    throw clusterError(error, `read ${objectRef(object)}`);
  }
}

export {clusterError};
