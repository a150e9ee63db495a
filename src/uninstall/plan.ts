/**
 * What an uninstall removes. A revision uninstall takes only objects mesh owns: carrying the
 * owner labels AND holding fields under mesh's field manager; a purge also takes every object
 * labelled with an Istio component, as istioctl's does. A revision uninstall takes that revision's Pilot and
 * gateway components and keeps Base (the CRDs) and every other revision; a purge takes every
 * revision, CRDs included. Namespaces are never removed.
 */
import type {Cluster} from '../cluster/client.js';
import {listInstalledStates} from '../cluster/installed-state.js';
import {installationFor, type Installation} from '../render/installation.js';
import {LABEL_COMPONENT} from '../render/labels.js';
import {listLabelled, listOwned} from '../cluster/inventory.js';
import {KINDS, objectKey, type K8sObject} from '../cluster/kinds.js';
import {MeshError} from '../errors.js';

/** Components a revision uninstall removes (istioctl's list: everything but Base). */
export const REVISION_COMPONENTS = ['Pilot', 'IngressGateways', 'EgressGateways', 'Cni', 'Ztunnel'] as const;
export const MANAGED_SELECTOR = 'operator.istio.io/managed=Reconcile';

export type UninstallTarget =
  {purge: true} | {purge: false; revision: string; /** From -f: the install namespace. */ namespace?: string};

export interface UninstallPlan {
  purge: boolean;
  /**
   * The installations whose objects are removed (purge: every revision found), each in the
   * namespace of its installed state (istio-system when it has none).
   */
  installations: Installation[];
  /** In deletion order: KINDS order, installed-state IstioOperators, then CRDs (purge only). */
  objects: K8sObject[];
}

/** Kinds a revision uninstall deletes: everything but CRDs, Namespaces and the installed state (handled apart). */
const REVISION_KINDS = KINDS.filter(
  (k) => !['CustomResourceDefinition', 'Namespace', 'IstioOperator'].includes(k.kind),
);
/** Kinds a purge deletes: everything but Namespaces. */
const PURGE_KINDS = KINDS.filter((k) => k.kind !== 'Namespace');

export async function planUninstall(cluster: Cluster, target: UninstallTarget): Promise<UninstallPlan> {
  if (target.purge) {
    // istioctl's purge: every object carrying Istio's component label, whoever applied it
    // (istioctl, `manifest generate | kubectl apply`, mesh), plus what mesh owns without one.
    const [labelled, owned] = await Promise.all([
      listLabelled(
        cluster,
        LABEL_COMPONENT,
        PURGE_KINDS.filter((k) => k.kind !== 'IstioOperator'),
      ),
      listOwned(cluster, MANAGED_SELECTOR, PURGE_KINDS),
    ]);
    // Only installed-state IstioOperators; mesh records nothing else of that kind.
    const objects = [...labelled, ...owned].filter(
      (o) => o.kind !== 'IstioOperator' || o.metadata.name.startsWith('installed-state'),
    );
    const revisions = [...new Set(objects.map(revisionOf).filter((r): r is string => !!r))].sort();
    const stateOf = (revision: string) =>
      objects.find(
        (o) => o.kind === 'IstioOperator' && o.metadata.name === installationFor(revision).installedStateName,
      );
    const installations = revisions.map((revision) =>
      installationFor(revision, stateOf(revision)?.metadata.namespace),
    );
    return {purge: true, installations, objects: orderForDeletion(objects)};
  }

  const {installedStateName} = installationFor(target.revision);
  const states = (await listInstalledStates(cluster)) as unknown as K8sObject[];
  const ownState = states.filter(
    (s) =>
      s.metadata.name === installedStateName &&
      (!target.namespace || s.metadata.namespace === target.namespace),
  );
  // The revision's installations: -f names the namespace; -r alone finds it from the installed states.
  const namespaces = new Set(ownState.map((s) => s.metadata.namespace!));
  if (target.namespace) namespaces.add(target.namespace);
  const installations = [...(namespaces.size ? namespaces : [undefined])].map((ns) =>
    installationFor(target.revision, ns),
  );
  const components = `operator.istio.io/component in (${REVISION_COMPONENTS.join(',')})`;
  const found = await Promise.all(
    installations.map((installation) =>
      listOwned(cluster, `${installation.ownerSelector},${components}`, REVISION_KINDS),
    ),
  );
  const objects = found.flat();
  if (objects.length === 0 && ownState.length === 0) {
    const known = [...new Set(states.map(revisionOf).filter((r): r is string => !!r))].sort();
    throw new MeshError('unknown-revision', 'could not find target revision', {
      hint: known.length
        ? `installed revisions: ${known.join(', ')}`
        : 'mesh has installed no revision in this cluster',
    });
  }
  return {purge: false, installations, objects: orderForDeletion([...objects, ...ownState])};
}

function revisionOf(object: K8sObject): string | undefined {
  return object.metadata.labels?.['istio.io/rev'];
}

/**
 * Deletion order: the order of KINDS (workloads, services, config, RBAC, webhooks, cluster
 * RBAC), then the installed-state IstioOperators, then the CRDs (which would take the
 * IstioOperators with them); within a kind by namespace, then name. Duplicates are dropped.
 */
export function orderForDeletion(objects: K8sObject[]): K8sObject[] {
  const rank = (object: K8sObject) => {
    if (object.kind === 'CustomResourceDefinition') return KINDS.length + 1;
    if (object.kind === 'IstioOperator') return KINDS.length;
    const index = KINDS.findIndex((k) => k.kind === object.kind);
    return index < 0 ? KINDS.length - 1 : index;
  };
  const unique = [...new Map(objects.map((o) => [objectKey(o), o])).values()];
  return unique.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
}

/** `Kind/namespace/name` or, cluster-scoped, `Kind/name`: the one object-name format of every command. */
export function uninstallRef(object: Pick<K8sObject, 'kind' | 'metadata'>): string {
  const ns = object.metadata.namespace;
  return ns ? `${object.kind}/${ns}/${object.metadata.name}` : `${object.kind}/${object.metadata.name}`;
}

/** `  Removed Deployment/istio-system/istiod.` (or `  Would remove …` on a dry run). */
export function removedLine(ref: string, dryRun: boolean): string {
  return `  ${dryRun ? 'Would remove' : 'Removed'} ${ref}.`;
}

/** The y/N question: what goes, before anything does. */
export function confirmQuestion(plan: UninstallPlan): string {
  const n = plan.objects.length;
  const what = plan.purge
    ? `all ${n} objects mesh installed, CRDs included`
    : `the ${n} objects of revision ${revisions(plan).join(', ')}`;
  return `This will remove ${what}. Proceed? (y/N)`;
}

/** The revisions a plan removes, each once, sorted. */
export function revisions(plan: UninstallPlan): string[] {
  return [...new Set(plan.installations.map((installation) => installation.revision))].sort();
}
