/**
 * apply → wait → prune → record. Components run as a graph (Base → Pilot → gateways), each as
 * soon as its parents are ready; within a component: Namespaces, then CRDs (Established),
 * then everything else in parallel. The library never prints: it emits events.
 */
import {MeshError} from '../errors.js';
import type {Cluster} from '../cluster/client.js';
import {applyObject, deleteObject, serverSideApply} from '../cluster/apply.js';
import {listOwned, managedByMesh, matchesSelector} from '../cluster/inventory.js';
import {KINDS, objectKey, objectRef, type K8sObject} from '../cluster/kinds.js';
import {checkReady, describeNotReady, waitForDeletion, waitForReady} from '../cluster/readiness.js';

export interface PlannedComponent {
  name: string;
  displayName: string;
  dependsOn: string[];
  objects: K8sObject[];
}

export type InstallEvent =
  | {type: 'component-started'; component: string; displayName: string}
  | {type: 'object-applied'; component: string; object: string; dryRun: boolean}
  | {type: 'object-skipped'; component: string; object: string; reason: string}
  | {type: 'waiting'; component: string; displayName: string; pending: string[]}
  | {type: 'component-ready'; component: string; displayName: string}
  | {type: 'component-failed'; component: string; displayName: string; error: string; notReady: string[]}
  | {type: 'component-skipped'; component: string; displayName: string; reason: string}
  | {type: 'pruning'}
  | {type: 'pruned'; object: string; dryRun: boolean}
  | {type: 'rolled-back'; object: string}
  | {type: 'restored'; count: number}
  | {type: 'recorded'; object: string}
  | {type: 'complete'; dryRun: boolean}
  /** A condition worth a line of its own (the cluster unreachable and back, a lock held by another run). */
  | {type: 'notice'; message: string};

export interface InstallOptions {
  dryRun?: boolean;
  /** Take over every field another manager holds (--force). */
  force?: boolean;
  /** Objects applied with force all the same (`Kind/namespace/name`): taken over, or held only by Istio's controllers. */
  forceObjects?: ReadonlySet<string>;
  /** Per component, as istioctl's --readiness-timeout. */
  readinessTimeoutMs: number;
  /** Roll back what this run created when it fails. */
  atomic?: boolean;
  /** With atomic: the objects of the previous installed state, re-applied on failure. */
  restore?: K8sObject[];
  /** Label selector matching every object of this installation (for prune). */
  ownerSelector: string;
  /** What pre-flight read (namespaces that do not exist, the webhook list): not asked again. */
  known?: KnownState;
  /** The installed-state IstioOperator to record on success. */
  installedState?: K8sObject;
  signal?: AbortSignal;
}

type Emit = (event: InstallEvent) => void;

const APPLY_PHASES: ((o: K8sObject) => boolean)[] = [
  (o) => o.kind === 'Namespace',
  (o) => o.kind === 'CustomResourceDefinition',
  (o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition',
];

export async function runInstall(
  cluster: Cluster,
  components: PlannedComponent[],
  options: InstallOptions,
  emit: Emit,
): Promise<void> {
  const created: K8sObject[] = [];
  const failures: string[] = [];
  const done = new Map<string, Promise<boolean>>();

  // What this installation owns now, listed while the apply runs: whatever the new render lacks is pruned after success.
  const owned = findPrunable(cluster, components, options.ownerSelector, options.known);
  owned.catch(() => undefined); // awaited (and its error reported) only after a successful apply

  const runComponent = async (component: PlannedComponent): Promise<boolean> => {
    const parents = await Promise.all(
      component.dependsOn.map((name) => done.get(name) ?? Promise.resolve(true)),
    );
    const {name, displayName} = component;
    if (parents.includes(false)) {
      emit({
        type: 'component-skipped',
        component: name,
        displayName,
        reason: 'a component it depends on failed',
      });
      return false;
    }
    emit({type: 'component-started', component: name, displayName});
    try {
      for (const inPhase of APPLY_PHASES) {
        const objects = component.objects.filter(inPhase);
        const applied = await Promise.all(
          objects.map((object) => applyOne(cluster, component.name, object, options, emit, created)),
        );
        if (options.dryRun) continue;
        // The apply response carries the status: what is already ready (an unchanged install) needs no watch.
        const pendingObjects = applied.filter((o): o is K8sObject => !!o && !checkReady(o, o as never).ready);
        const notReady = await waitForReady(cluster, pendingObjects, {
          timeoutMs: options.readinessTimeoutMs,
          signal: options.signal,
          onWaiting: (pending) =>
            emit({type: 'waiting', component: name, displayName, pending: pending.map(objectRef)}),
          onUnreachable: (message) =>
            emit({type: 'notice', message: message ?? `cluster reachable again: ${cluster.server}`}),
        });
        if (options.signal?.aborted)
          throw new MeshError('interrupted', 'interrupted', {hint: 're-run the command; it converges'});
        if (notReady.length) {
          const seconds = Math.round(options.readinessTimeoutMs / 1000);
          // When the cluster stopped answering, that is the cause: say it once, not per object.
          const cause =
            notReady.every((item) => item.reason === notReady[0]!.reason) &&
            notReady[0]!.reason.startsWith('cluster unreachable:')
              ? `: ${notReady[0]!.reason}`
              : '';
          throw Object.assign(new MeshError('not-ready', `resources not ready after ${seconds}s${cause}`), {
            notReady: cause
              ? notReady.map((item) => `  ${objectRef(item.object)}`)
              : describeNotReady(notReady),
          });
        }
      }
      emit({type: 'component-ready', component: name, displayName});
      return true;
    } catch (error) {
      const notReady = (error as {notReady?: string[]}).notReady ?? [];
      const message = (error as Error).message;
      // The objects not ready are listed once, under the component's ✘ line; the final error only names it.
      failures.push(`${displayName}: ${message}`);
      emit({type: 'component-failed', component: name, displayName, error: message, notReady});
      return false;
    }
  };

  for (const component of components) done.set(component.name, runComponent(component));
  await Promise.all(done.values());

  if (failures.length) {
    if (options.atomic && !options.dryRun) await rollback(cluster, created, options, emit);
    throw new MeshError('install-failed', `failed to install manifests: ${failures.join('; ')}`, {
      hint: options.atomic
        ? 'the objects this run created were removed; fix the cause and re-run'
        : 're-run the command once the cause is fixed; it converges (add --atomic to roll back on failure)',
    });
  }

  emit({type: 'pruning'});
  await prune(cluster, await owned, options, emit);
  if (options.installedState && !options.dryRun) {
    await applyObject(cluster, options.installedState, {force: true});
    emit({type: 'recorded', object: objectRef(options.installedState)});
  }
  emit({type: 'complete', dryRun: !!options.dryRun});
}

async function applyOne(
  cluster: Cluster,
  component: string,
  object: K8sObject,
  options: InstallOptions,
  emit: Emit,
  created: K8sObject[],
): Promise<K8sObject | undefined> {
  if (options.dryRun && options.known?.absentNamespaces?.has(object.metadata.namespace ?? '')) {
    // A server dry-run needs the namespace; it would be created first by a real run.
    emit({
      type: 'object-skipped',
      component,
      object: objectRef(object),
      reason: `namespace ${object.metadata.namespace} would be created first`,
    });
    return undefined;
  }
  const force = !!options.force || !!options.forceObjects?.has(objectRef(object));
  const applyOptions = {dryRun: options.dryRun, force};
  let {live, created: isNew} = await serverSideApply(cluster, object, applyOptions);
  if (live.metadata.deletionTimestamp && !options.dryRun) {
    // Still being deleted (e.g. right after an uninstall --purge): applying only touched the doomed
    // object, so wait until it is gone and create it afresh.
    emit({
      type: 'waiting',
      component,
      displayName: component,
      pending: [`${objectRef(object)} (being deleted)`],
    });
    const left = await waitForDeletion(cluster, [object], {
      timeoutMs: options.readinessTimeoutMs,
      signal: options.signal,
    });
    if (left.length)
      throw new MeshError(
        'delete-timeout',
        `${objectRef(object)} is being deleted and did not go away: ${left[0]!.reason}`,
        {hint: 're-run once it is gone'},
      );
    ({live, created: isNew} = await serverSideApply(cluster, object, applyOptions));
  }
  // The server says whether this apply created the object (201): what --atomic removes on failure.
  if (isNew && !options.dryRun) created.push(object);
  emit({type: 'object-applied', component, object: objectRef(object), dryRun: !!options.dryRun});
  return live;
}

/** What pre-flight already read, so the install does not ask again (pre-flight's ClusterFacts fits). */
export interface KnownState {
  /** Planned namespaces that do not exist yet: a dry run cannot check the objects in them. */
  absentNamespaces?: ReadonlySet<string>;
  /** Every MutatingWebhookConfiguration: prune's webhook inventory. */
  webhooks?: K8sObject[];
  /** What this installation owns, listed once (listInstallation) for the conflict check and prune. */
  owned?: K8sObject[];
}

/**
 * Objects this installation owns that the new render no longer has. CRDs and Namespaces never.
 * Listed even when the install namespace is new: cluster-scoped objects and gateways in other
 * namespaces outlive a `kubectl delete namespace istio-system`, and still carry the owner labels.
 */
export async function findPrunable(
  cluster: Cluster,
  components: PlannedComponent[],
  ownerSelector: string,
  known: KnownState = {},
): Promise<K8sObject[]> {
  const owned = known.owned ?? (await listInstallation(cluster, ownerSelector, known));
  const wanted = new Set(components.flatMap((c) => c.objects).map(objectKey));
  return owned.filter((object) => !wanted.has(objectKey(object)));
}

/** Every object of the prunable kinds this installation owns (owner labels and mesh's field manager), one list per kind. */
export async function listInstallation(
  cluster: Cluster,
  ownerSelector: string,
  known: KnownState = {},
): Promise<K8sObject[]> {
  const listedWebhooks = known.webhooks;
  const kinds = KINDS.filter(
    (k) => k.prunable && !(listedWebhooks && k.kind === 'MutatingWebhookConfiguration'),
  );
  return [
    ...(await listOwned(cluster, ownerSelector, kinds)),
    ...(listedWebhooks ?? []).filter(
      (hook) => matchesSelector(hook.metadata.labels, ownerSelector) && managedByMesh(hook),
    ),
  ];
}

async function prune(
  cluster: Cluster,
  stale: K8sObject[],
  options: InstallOptions,
  emit: Emit,
): Promise<void> {
  // KINDS order: workloads first, cluster RBAC last, as uninstall does.
  stale.sort((a, b) => KINDS.findIndex((k) => k.kind === a.kind) - KINDS.findIndex((k) => k.kind === b.kind));
  for (const object of stale) await deleteObject(cluster, object, {dryRun: options.dryRun});
  if (!options.dryRun) await waitDeleted(cluster, stale, options);
  for (const object of stale) emit({type: 'pruned', object: objectRef(object), dryRun: !!options.dryRun});
}

async function rollback(
  cluster: Cluster,
  created: K8sObject[],
  options: InstallOptions,
  emit: Emit,
): Promise<void> {
  // Reverse order: workloads before the CRDs and namespaces they live in. Never drop a CRD: it holds user config.
  const doomed = [...created]
    .reverse()
    .filter((object) => object.kind !== 'CustomResourceDefinition' && object.kind !== 'Namespace');
  const deleted: K8sObject[] = [];
  for (const object of doomed) if (await deleteObject(cluster, object)) deleted.push(object);
  await waitDeleted(cluster, deleted, options);
  for (const object of deleted) emit({type: 'rolled-back', object: objectRef(object)});
  // Objects this run changed go back to what the previous installed state applied.
  const createdKeys = new Set(created.map(objectKey));
  const restore = (options.restore ?? []).filter((object) => !createdKeys.has(objectKey(object)));
  const restored = await Promise.all(restore.map((object) => applyObject(cluster, object, {force: true})));
  // Back as it was means running as it was: wait for the restored workloads too.
  await waitForReady(
    cluster,
    restored.filter((o) => !checkReady(o, o as never).ready),
    {timeoutMs: options.readinessTimeoutMs, signal: options.signal},
  );
  if (restore.length) emit({type: 'restored', count: restore.length});
}

/** Pruning ends when the pruned objects are gone; a leftover is an error naming it. */
async function waitDeleted(cluster: Cluster, objects: K8sObject[], options: InstallOptions): Promise<void> {
  const left = await waitForDeletion(cluster, objects, {
    timeoutMs: options.readinessTimeoutMs,
    signal: options.signal,
  });
  if (left.length) {
    throw new MeshError(
      'delete-timeout',
      `objects not deleted in time:\n${describeNotReady(left).join('\n')}`,
      {hint: 're-run the command; it converges'},
    );
  }
}
