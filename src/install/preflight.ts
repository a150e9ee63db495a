/**
 * Pre-flight verification: everything that can be known before the first write. Each check
 * yields findings with an id, a message and a hint; an error stops the install, a warning
 * does not. `mesh precheck` runs the same checks.
 */
import {coerce, compare} from 'semver';
import type {Cluster} from '../cluster/client.js';
import {MeshError} from '../errors.js';
import {apiFailure, clusterError, isNotFound, networkCause} from '../cluster/failures.js';
import {readObject} from '../cluster/apply.js';
import {managedByMesh} from '../cluster/inventory.js';
import type {Installation} from '../render/installation.js';
import {LABEL_OWNING_RESOURCE} from '../render/labels.js';
import {kindInfo, objectRef, type K8sObject} from '../cluster/kinds.js';
import {needsWait} from '../cluster/readiness.js';
import {describeAccess, missingAccess} from './permissions.js';
import {checkServedKinds} from './served-kinds.js';
import {carriesIstioLabels} from './takeover.js';

export type Severity = 'ok' | 'warning' | 'error';

export interface Finding {
  id: string;
  severity: Severity;
  message: string;
  hint?: string;
}

export interface PreflightInput {
  /** Every object the plan will apply. */
  objects: K8sObject[];
  /** The revision and install namespace (where the install lock, a Lease, is taken, renewed and released). */
  installation: Installation;
  /** Turn ownership conflicts into warnings. */
  force?: boolean;
  /** Verbs needed on every kind (delete for prune, watch for readiness). */
  verbs?: readonly string[];
  /** Also warn about pods injected by a revision that has no control plane (`mesh precheck`). */
  checkWorkloads?: boolean;
}

export const MIN_KUBERNETES_MINOR = 30;
const TIMEOUT_MS = 15_000;

/**
 * What pre-flight read about the cluster, kept so the install does not ask again (each request
 * counts against the install's budget of about one per object).
 */
export interface ClusterFacts {
  /** Namespaces the plan writes to that do not exist: nothing of this installation can be in them. */
  absentNamespaces: Set<string>;
  /** Every MutatingWebhookConfiguration, as the webhook check listed them (absent if it could not). */
  webhooks?: K8sObject[];
  /** A planned Deployment or webhook exists with Istio's labels, applied by another tool: list what to take over. */
  foreignIstio?: boolean;
}

export interface PreflightResult {
  findings: Finding[];
  facts: ClusterFacts;
}

export async function runPreflight(cluster: Cluster, input: PreflightInput): Promise<PreflightResult> {
  const facts: ClusterFacts = {absentNamespaces: new Set()};
  const reachable = await checkReachable(cluster);
  if (reachable.some((f) => f.severity === 'error')) return {findings: reachable, facts};
  // Namespaces and webhooks first: the permission and conflict checks skip what they show cannot exist.
  const [namespaces, webhooks] = await Promise.all([
    checkNamespaces(cluster, input, facts),
    checkWebhooks(cluster, input, facts),
  ]);
  const [kinds, permissions, conflicts, workloads] = await Promise.all([
    checkServedKinds(cluster, input.objects),
    checkPermissions(cluster, input, facts),
    checkConflicts(cluster, input, facts),
    input.checkWorkloads ? checkWorkloads(cluster) : Promise.resolve([]),
  ]);
  return {
    findings: [
      ...reachable,
      ...kinds,
      ...permissions,
      ...conflicts,
      ...webhooks,
      ...namespaces,
      ...workloads,
    ],
    facts,
  };
}

/** A check that could not run (e.g. the user may not list the kind it reads) is a warning, not a crash. */
function unchecked(id: string, what: string, error: unknown): Finding {
  const failure = apiFailure(error);
  const cause =
    networkCause(error) ?? (failure.reason ? `${failure.reason}: ${failure.message}` : failure.message);
  return {
    id,
    severity: 'warning',
    message: `could not check ${what}: ${cause}`,
    hint: 'grant the current user read access to it, or check it by hand',
  };
}

/** istioctl compares the gitVersion (v1.30.2-eks-…), not `minor`, which some providers write as "30+". */
export function kubernetesVersionFinding(gitVersion: string): Finding {
  const running = coerce(gitVersion);
  if (running && compare(running, `1.${MIN_KUBERNETES_MINOR}.0`) < 0)
    return {
      id: 'cluster.version',
      severity: 'warning',
      message: `The Kubernetes version ${gitVersion} is not supported; the minimum is 1.${MIN_KUBERNETES_MINOR}. Proceeding anyway.`,
      hint: 'upgrade the cluster to a supported version',
    };
  return {id: 'cluster.version', severity: 'ok', message: `Kubernetes ${gitVersion} is supported`};
}

async function checkReachable(cluster: Cluster): Promise<Finding[]> {
  const where = `context "${cluster.contextName}", server ${cluster.server}`;
  try {
    const version = await cluster.rest.send<{gitVersion: string}>({
      method: 'GET',
      path: '/version',
      timeoutMs: TIMEOUT_MS,
    });
    return [
      {id: 'cluster.reachable', severity: 'ok', message: `cluster reachable (${where})`},
      kubernetesVersionFinding(version.gitVersion),
    ];
  } catch (error) {
    // A credential that cannot be had (a missing plugin) is the user's to fix, not the cluster being down.
    if (error instanceof MeshError) throw error;
    // Worded as every command words it: unreachable, credentials rejected, or the apiserver's refusal.
    const failure = clusterError(error, 'read the server version');
    return [
      {
        id: 'cluster.reachable',
        severity: 'error',
        message: failure.message,
        ...(failure.hint ? {hint: failure.hint} : {}),
      },
    ];
  }
}

async function checkPermissions(
  cluster: Cluster,
  input: PreflightInput,
  facts: ClusterFacts,
): Promise<Finding[]> {
  const verbs = input.verbs ?? ['create', 'patch', 'get', 'list', 'delete'];
  const wanted = new Map<string, {group: string; resource: string; namespace?: string; verb: string}>();
  for (const object of input.objects) {
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '';
    const info = kindInfo(object.kind);
    const resource = info?.plural ?? `${object.kind.toLowerCase()}s`;
    const namespace = info && !info.namespaced ? undefined : object.metadata.namespace;
    for (const verb of needsWait(object) ? [...verbs, 'watch'] : verbs) {
      wanted.set(`${verb} ${resource}.${group} ${namespace ?? ''}`, {group, resource, namespace, verb});
    }
  }
  // The install lock (src/cluster/lease.ts).
  const lockNamespace = input.installation.namespace;
  for (const verb of ['get', 'create', 'update', 'delete'])
    wanted.set(`${verb} leases.coordination.k8s.io ${lockNamespace}`, {
      group: 'coordination.k8s.io',
      resource: 'leases',
      namespace: lockNamespace,
      verb,
    });
  let missing: string[];
  try {
    missing = (await missingAccess(cluster, [...wanted.values()], facts.absentNamespaces)).map(
      describeAccess,
    );
  } catch (error) {
    return [unchecked('permissions', 'permissions (SelfSubjectRulesReview)', error)];
  }
  if (missing.length === 0)
    return [
      {id: 'permissions', severity: 'ok', message: 'the current user may do everything the install needs'},
    ];
  return missing.map((message) => ({
    id: 'permissions',
    severity: 'error' as const,
    message,
    hint: 'ask a cluster admin for these permissions (see `kubectl auth can-i --list`)',
  }));
}

/** The same revision installed by another tool (istioctl, Helm) is a conflict; another revision is fine. */
async function checkConflicts(
  cluster: Cluster,
  input: PreflightInput,
  facts: ClusterFacts,
): Promise<Finding[]> {
  const candidates = input.objects.filter(
    (o) =>
      (o.kind === 'Deployment' || o.kind === 'MutatingWebhookConfiguration') &&
      !facts.absentNamespaces.has(o.metadata.namespace ?? ''),
  );
  const findings: Finding[] = [];
  await Promise.all(
    candidates.map(async (object) => {
      let live: K8sObject | undefined;
      try {
        // The webhook check has listed every MutatingWebhookConfiguration already.
        const listed = object.kind === 'MutatingWebhookConfiguration' ? facts.webhooks : undefined;
        live = listed
          ? listed.find((hook) => hook.metadata.name === object.metadata.name)
          : await readObject(cluster, object);
      } catch (error) {
        if (!isNotFound(error))
          findings.push(unchecked('install.conflict', `whether ${objectRef(object)} exists`, error));
        return;
      }
      if (!live) return;
      if (managedByMesh(live)) {
        // mesh's own object, but recorded by another installation (e.g. a revision rendering the same gateway name).
        const owner = live.metadata.labels?.[LABEL_OWNING_RESOURCE];
        const wanted = object.metadata.labels?.[LABEL_OWNING_RESOURCE];
        const liveRevision = live.metadata.labels?.['istio.io/rev'];
        const wantedRevision = object.metadata.labels?.['istio.io/rev'];
        if (
          owner &&
          wanted &&
          owner !== wanted &&
          liveRevision &&
          wantedRevision &&
          liveRevision !== wantedRevision
        ) {
          // Both revisions render it under one name (the default profile's gateways): istioctl moves
          // it to the revision installed last, and so does mesh, saying so.
          findings.push({
            id: 'install.revision',
            severity: 'warning',
            message: `${object.metadata.name} moves from revision ${liveRevision} to ${wantedRevision}`,
          });
        } else if (owner && wanted && owner !== wanted) {
          findings.push({
            id: 'install.conflict',
            severity: input.force ? 'warning' : 'error',
            message: `${objectRef(object)} belongs to the mesh installation ${owner}, not ${wanted}${input.force ? '; taking it over because of --force' : ''}`,
            hint: 'rename the component in this installation, disable it here, or take it over with --force',
          });
        }
        const change =
          object.kind === 'Deployment' && object.metadata.name.startsWith('istiod')
            ? versionChange(imageTag(live), imageTag(object))
            : undefined;
        if (change) {
          findings.push({
            id: 'install.version',
            severity: 'warning',
            message: `Istio is being ${change.direction} from ${change.from} to ${change.to}`,
            hint: 'run `mesh precheck` first; proxies keep the old version until their pods restart',
          });
        }
        return;
      }
      // An installation by istioctl or `manifest generate | kubectl apply` is taken over, not a conflict: install lists it and asks.
      if (carriesIstioLabels(live)) {
        facts.foreignIstio = true;
        return;
      }
      const managers =
        [...new Set((live.metadata.managedFields ?? []).map((f) => f.manager).filter(Boolean))].join(', ') ||
        'unknown';
      findings.push({
        id: 'install.conflict',
        severity: input.force ? 'warning' : 'error',
        message: `${objectRef(object)} already exists and is managed by ${managers}, not mesh (revision "${input.installation.revision}")${input.force ? '; taking it over because of --force' : ''}`,
        hint: 'install under another revision with -r, uninstall the other installation first, or take it over with --force',
      });
    }),
  );
  return findings.length
    ? findings
    : [
        {
          id: 'install.conflict',
          severity: 'ok',
          message: `no other installation of revision "${input.installation.revision}"`,
        },
      ];
}

/** A sidecar-injector webhook of the same revision that mesh does not own would fight ours. */
async function checkWebhooks(
  cluster: Cluster,
  input: PreflightInput,
  facts: ClusterFacts,
): Promise<Finding[]> {
  const ours = new Set(
    input.objects.filter((o) => o.kind === 'MutatingWebhookConfiguration').map((o) => o.metadata.name),
  );
  if (ours.size === 0) return [];
  type Hook = K8sObject & {webhooks?: {name: string}[]};
  let list: {items: Hook[]};
  try {
    list = await cluster.rest.send<{items: Hook[]}>({
      method: 'GET',
      path: '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
    });
  } catch (error) {
    return [unchecked('webhook.conflict', 'for conflicting webhooks', error)];
  }
  // List items carry no apiVersion and kind; the install reuses them (conflicts, prune inventory).
  facts.webhooks = list.items.map((hook) => ({
    ...hook,
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
  }));
  const findings: Finding[] = [];
  for (const hook of list.items) {
    const name = hook.metadata?.name ?? '';
    // Tag webhooks (istio.io/tag) are the user's aliases of a revision, not a second installation of it.
    if (ours.has(name) || managedByMesh(hook) || hook.metadata?.labels?.['istio.io/tag']) continue;
    const rev = hook.metadata?.labels?.['istio.io/rev'] ?? 'default';
    const injects = (hook.webhooks ?? []).some((w) => w.name.endsWith('sidecar-injector.istio.io'));
    if (injects && rev === input.installation.revision) {
      findings.push({
        id: 'webhook.conflict',
        severity: input.force ? 'warning' : 'error',
        message: `MutatingWebhookConfiguration ${name} already injects sidecars for revision "${rev}"`,
        hint: `remove it (kubectl delete mutatingwebhookconfiguration ${name}) or install another revision with -r`,
      });
    }
  }
  return findings.length
    ? findings
    : [{id: 'webhook.conflict', severity: 'ok', message: 'no conflicting webhooks'}];
}

async function checkNamespaces(
  cluster: Cluster,
  input: PreflightInput,
  facts: ClusterFacts,
): Promise<Finding[]> {
  const namespaces = [
    ...new Set(
      input.objects
        .map((o) => (o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace))
        .filter((n): n is string => !!n),
    ),
  ];
  const findings: Finding[] = [];
  await Promise.all(
    namespaces.map(async (name) => {
      try {
        const ns = await cluster.rest.send<{status?: {phase?: string}}>({
          method: 'GET',
          path: `/api/v1/namespaces/${name}`,
        });
        if (ns.status?.phase === 'Terminating') {
          findings.push({
            id: 'namespace.terminating',
            severity: 'error',
            message: `namespace ${name} is terminating`,
            hint: `wait until it is gone (kubectl get namespace ${name}) and re-run`,
          });
        }
      } catch (error) {
        // Only the apiserver's own NotFound proves absence (the checks that follow skip what cannot exist).
        if (isNamespaceNotFound(error, name)) facts.absentNamespaces.add(name);
        else
          findings.push(
            unchecked('namespace.terminating', `whether namespace ${name} is terminating`, error),
          );
      }
    }),
  );
  return findings.length
    ? findings
    : [{id: 'namespace.terminating', severity: 'ok', message: 'no install namespace is terminating'}];
}

function isNamespaceNotFound(error: unknown, name: string): boolean {
  const failure = apiFailure(error);
  const details = (error as {body?: {details?: {kind?: string; name?: string}}}).body?.details;
  return (
    failure.code === 404 &&
    failure.reason === 'NotFound' &&
    details?.kind === 'namespaces' &&
    details.name === name
  );
}

/** What the workload check reads of a pod (a V1Pod fits). */
export interface PodLike {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: {[key: string]: string};
    annotations?: {[key: string]: string};
    deletionTimestamp?: unknown;
  };
  spec?: {containers?: {name: string}[]; initContainers?: {name: string}[]};
}

/** What the workload check reads of a Deployment (a V1Deployment fits). */
export interface DeploymentLike {
  metadata?: {name?: string; namespace?: string; labels?: {[key: string]: string}};
}

/**
 * The revision that injected a pod's sidecar, or undefined when it has none: the pod's
 * `istio.io/rev` label, else the revision in its `sidecar.istio.io/status` annotation, else "default".
 * Native sidecars (init containers) count too.
 */
export function sidecarRevision(pod: PodLike): string | undefined {
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  if (!containers.some((c) => c.name === 'istio-proxy')) return undefined;
  const label = pod.metadata?.labels?.['istio.io/rev'];
  if (label) return label;
  const status = pod.metadata?.annotations?.['sidecar.istio.io/status'];
  if (status) {
    try {
      const revision = (JSON.parse(status) as {revision?: unknown}).revision;
      if (typeof revision === 'string' && revision) return revision;
    } catch {
      // A malformed annotation says nothing about the revision.
    }
  }
  return 'default';
}

/** Revisions with a control plane: Deployments labelled app=istiod, by their `istio.io/rev` label (else their name: istiod, istiod-<rev>). */
export function installedRevisions(deployments: DeploymentLike[]): Set<string> {
  const revisions = new Set<string>();
  for (const deployment of deployments) {
    const labels = deployment.metadata?.labels ?? {};
    if (labels.app !== 'istiod') continue;
    const name = deployment.metadata?.name ?? '';
    revisions.add(
      labels['istio.io/rev'] || (name.startsWith('istiod-') ? name.slice('istiod-'.length) : 'default'),
    );
  }
  return revisions;
}

/** One warning per (non-terminating) pod whose sidecar revision has no control plane; sorted by revision, then pod. */
export function workloadRevisionFindings(pods: PodLike[], deployments: DeploymentLike[]): Finding[] {
  const installed = installedRevisions(deployments);
  const orphans: {revision: string; pod: string}[] = [];
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const revision = sidecarRevision(pod);
    if (revision === undefined || installed.has(revision)) continue;
    orphans.push({revision, pod: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`});
  }
  orphans.sort((a, b) => a.revision.localeCompare(b.revision) || a.pod.localeCompare(b.pod));
  if (orphans.length === 0) {
    return [
      {
        id: 'workloads.revision',
        severity: 'ok',
        message: 'every injected workload has an installed control plane',
      },
    ];
  }
  return orphans.map(({revision, pod}) => ({
    id: 'workloads.revision',
    severity: 'warning' as const,
    message: `pod ${pod} is injected by revision "${revision}", which is not installed`,
    hint:
      revision === 'default'
        ? 'install the default revision (mesh install), or move the workload to an installed revision and restart it'
        : `install revision "${revision}" (mesh install -r ${revision}), or move the workload to an installed revision and restart it`,
  }));
}

async function checkWorkloads(cluster: Cluster): Promise<Finding[]> {
  try {
    type List<T> = {items: T[]};
    const [pods, deployments] = await Promise.all([
      cluster.rest.send<List<PodLike>>({method: 'GET', path: '/api/v1/pods'}),
      cluster.rest.send<List<{[key: string]: unknown}>>({
        method: 'GET',
        path: '/apis/apps/v1/deployments',
        query: {labelSelector: 'app=istiod'},
      }),
    ]);
    return workloadRevisionFindings(pods.items, deployments.items);
  } catch (error) {
    return [unchecked('workloads.revision', 'which revisions injected the running workloads', error)];
  }
}

/** The tag of a Deployment's first container image (`docker.io/istio/pilot:1.31.0` → `1.31.0`). */
export function imageTag(deployment: {[key: string]: unknown}): string | undefined {
  const image = (deployment.spec as {template?: {spec?: {containers?: {image?: string}[]}}} | undefined)
    ?.template?.spec?.containers?.[0]?.image;
  const match = image?.match(/:([^:/@]+)(@.*)?$/);
  return match?.[1];
}

/** An upgrade or a downgrade between two release tags; undefined when equal or not comparable. */
export function versionChange(
  from: string | undefined,
  to: string | undefined,
): {direction: 'upgraded' | 'downgraded'; from: string; to: string} | undefined {
  if (!from || !to || from === to) return undefined;
  // A build variant (-distroless) is the same release: compare the release numbers only.
  const [a, b] = [coerce(from), coerce(to)];
  if (!a || !b || !/^v?\d+\.\d+\.\d+/.test(from) || !/^v?\d+\.\d+\.\d+/.test(to)) return undefined;
  const order = compare(a, b);
  return order === 0 ? undefined : {direction: order < 0 ? 'upgraded' : 'downgraded', from, to};
}
