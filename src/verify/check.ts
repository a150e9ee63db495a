/**
 * verify-install's checks, per expected object: it exists; a workload is ready (the install
 * readiness rules, read once, with what the pods say when it is not); and nothing mesh renders
 * has drifted from what mesh would apply now. Returns results; never prints.
 */
import type {Cluster} from '../cluster/client.js';
import {readObject} from '../cluster/apply.js';
import {managedByMesh} from '../cluster/inventory.js';
import {objectKey, type K8sObject} from '../cluster/kinds.js';
import {checkReady, explainWorkload} from '../cluster/readiness.js';
import {findDrift, type Drift} from './drift.js';

export type ObjectStatus = 'ok' | 'missing' | 'not-ready' | 'drifted';

export interface ObjectResult {
  apiVersion: string;
  kind: string;
  name: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  status: ObjectStatus;
  /** Why it failed (missing, not ready, drifted); absent when ok. */
  reason?: string;
  /** Fields mesh renders whose live value differs (expected → live). */
  drift?: Drift[];
}

export interface VerifyReport {
  source: 'installed-state' | 'files';
  revision?: string;
  namespace: string;
  results: ObjectResult[];
  counts: {customResourceDefinitions: number; deployments: number; daemonSets: number};
  verified: boolean;
}

const CONCURRENCY = 16;

export async function verifyObjects(cluster: Cluster, objects: K8sObject[]): Promise<ObjectResult[]> {
  const unique = [...new Map(objects.map((object) => [objectKey(object), object])).values()];
  const scaled = hpaTargets(unique);
  const results: ObjectResult[] = new Array(unique.length);
  for (let i = 0; i < unique.length; i += CONCURRENCY) {
    await Promise.all(
      unique.slice(i, i + CONCURRENCY).map(async (object, j) => {
        results[i + j] = await verifyOne(cluster, object, scaled);
      }),
    );
  }
  return results;
}

async function verifyOne(cluster: Cluster, expected: K8sObject, scaled: Set<string>): Promise<ObjectResult> {
  const base = {
    apiVersion: expected.apiVersion,
    kind: expected.kind,
    name: expected.metadata.name,
    ...(expected.metadata.namespace ? {namespace: expected.metadata.namespace} : {}),
  };
  const live = await readObject(cluster, expected);
  if (!live) return {...base, status: 'missing', reason: 'not found'};

  // Rendered by two revisions under one name (the default profile's gateways), it moved to the one
  // installed last: that revision's verify-install checks it, not this one.
  if (movedToAnotherRevision(expected, live)) return {...base, status: 'ok'};
  const reasons: string[] = [];
  let status: ObjectStatus = 'ok';
  const readiness = readinessOf(expected, live as never);
  if (!readiness.ready) {
    status = 'not-ready';
    reasons.push(await explainWorkload(cluster, live, readiness.reason));
  }
  // Drift is about what mesh applied; manifests applied by something else are only checked for existence and readiness.
  let drift: Drift[] = [];
  if (managedByMesh(live)) {
    const ignore =
      expected.kind === 'Deployment' && scaled.has(`${expected.metadata.namespace}/${expected.metadata.name}`)
        ? [['spec', 'replicas']]
        : [];
    drift = findDrift(expected, live, {ignore});
  }
  if (drift.length) {
    if (status === 'ok') status = 'drifted';
    reasons.push(
      `${drift.length} field${drift.length === 1 ? '' : 's'} differ${drift.length === 1 ? 's' : ''} from what mesh applies (expected → live)`,
    );
  }
  return {
    ...base,
    status,
    ...(reasons.length ? {reason: reasons.join('; ')} : {}),
    ...(drift.length ? {drift} : {}),
  };
}

function movedToAnotherRevision(expected: K8sObject, live: K8sObject): boolean {
  const label = (o: K8sObject, key: string) => o.metadata.labels?.[key];
  const [owner, rev] = ['install.operator.istio.io/owning-resource', 'istio.io/rev'];
  return (
    managedByMesh(live) &&
    !!label(live, owner) &&
    !!label(expected, owner) &&
    label(live, owner) !== label(expected, owner) &&
    !!label(live, rev) &&
    label(live, rev) !== label(expected, rev)
  );
}

/** The install readiness rules, except that a Job only fails when it failed (istioctl's rule). */
export function readinessOf(
  object: {kind: string},
  live: Parameters<typeof checkReady>[1],
): ReturnType<typeof checkReady> {
  const readiness = checkReady(object, live);
  if (object.kind === 'Job' && !readiness.ready && !readiness.reason.startsWith('job failed'))
    return {ready: true};
  return readiness;
}

/** `namespace/name` of Deployments an expected HorizontalPodAutoscaler scales: their replicas are the HPA's. */
function hpaTargets(objects: K8sObject[]): Set<string> {
  const targets = new Set<string>();
  for (const object of objects) {
    if (object.kind !== 'HorizontalPodAutoscaler') continue;
    const ref = (object.spec as {scaleTargetRef?: {kind?: string; name?: string}} | undefined)
      ?.scaleTargetRef;
    if (ref?.kind === 'Deployment' && ref.name) targets.add(`${object.metadata.namespace}/${ref.name}`);
  }
  return targets;
}

export function summarize(results: ObjectResult[]): VerifyReport['counts'] {
  return {
    customResourceDefinitions: results.filter((r) => r.kind === 'CustomResourceDefinition').length,
    deployments: results.filter((r) => r.kind === 'Deployment').length,
    daemonSets: results.filter((r) => r.kind === 'DaemonSet').length,
  };
}
