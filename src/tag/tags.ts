/**
 * Revision tags with istioctl's semantics: generate (checks, then the objects), set (apply them;
 * the tag "default" first deactivates the default revision's own injector), remove, list.
 * Tags belong to the user: they carry no owner labels, so no install prunes them.
 */
import type {Cluster} from '../cluster/client.js';
import {applyObject, clusterError, deleteObject, readObject} from '../cluster/apply.js';
import type {K8sObject} from '../cluster/kinds.js';
import {MeshError} from '../errors.js';
import {FIELD_MANAGER} from '../version.js';
import {
  allRevisionServices,
  allRevisionWebhooks,
  namespacesUsing,
  revisionServices,
  revisionWebhooks,
  tagServices,
  tagValidators,
  tagWebhooks,
} from './lookup.js';
import {
  canonicalInjector,
  defaultValidator,
  DEFAULT_VALIDATOR,
  LABEL_REV,
  LABEL_TAG,
  NEVER_MATCH,
  tagService,
  tagWebhook,
  type WebhookConfiguration,
} from './objects.js';
import type {Installation} from '../render/installation.js';

export interface GenerateInput {
  tag: string;
  /** The installation the tag points at: its revision, and the install namespace its istiod Service is in. */
  installation: Installation;
  webhookName?: string;
  overwrite?: boolean;
  autoInjectNamespaces?: boolean;
  /** Only print: the name-collision check is skipped, as istioctl does. */
  generate?: boolean;
}

/** The objects `tag set` applies, after istioctl's checks; in apply order. */
export async function generateTag(cluster: Cluster, input: GenerateInput): Promise<K8sObject[]> {
  const {tag} = input;
  const {revision, namespace} = input.installation;
  if (!input.generate && !input.overwrite && tag !== 'default') {
    const [hooks, svcs] = await Promise.all([
      revisionWebhooks(cluster, tag),
      revisionServices(cluster, namespace, tag),
    ]);
    if (hooks.length || svcs.length)
      throw new MeshError(
        'tag-is-revision',
        `cannot create revision tag "${tag}": found existing control plane revision with same name`,
        {hint: 'choose another tag name; a tag cannot shadow a revision'},
      );
  }
  const [hooks, svcs] = await Promise.all([
    revisionWebhooks(cluster, revision),
    revisionServices(cluster, namespace, revision),
  ]);
  if (svcs.length > 1)
    throw new MeshError(
      'tag-ambiguous',
      `cannot modify tag: found multiple canonical services with revision "${revision}" in namespace "${namespace}"`,
    );
  if (hooks.length === 0)
    throw new MeshError(
      'tag-no-revision',
      `cannot modify tag: cannot find MutatingWebhookConfiguration${svcs.length ? '' : ' or Service'} with revision "${revision}"`,
      {
        hint: 'install the revision first (mesh install -r <revision>), or name an installed one (mesh tag list)',
      },
    );
  if (hooks.length > 1)
    throw new MeshError(
      'tag-ambiguous',
      `cannot modify tag: found multiple canonical webhooks or services with revision "${revision}"`,
    );
  if (!input.overwrite) {
    const [taggedHooks, taggedSvcs] = await Promise.all([
      tagWebhooks(cluster, tag),
      tagServices(cluster, namespace, tag),
    ]);
    if (taggedHooks.length || taggedSvcs.length)
      throw new MeshError('tag-exists', `revision tag "${tag}" already exists, and --overwrite is false`, {
        hint: `pass --overwrite to point it at revision "${revision}"`,
      });
  }
  const canonical = canonicalInjector(hooks[0]!);
  if (!canonical)
    throw new MeshError(
      'tag-no-injector',
      `failed to create tag webhook config: could not find sidecar-injector webhook in canonical webhook "${hooks[0]!.metadata.name}"`,
    );
  const options = {
    tag,
    revision,
    namespace,
    webhookName: input.webhookName,
    autoInjectNamespaces: input.autoInjectNamespaces,
    userManaged: true,
    validatorFailurePolicy: tag === 'default' ? await validatorPolicies(cluster) : undefined,
  };
  const objects: K8sObject[] = [tagWebhook(canonical, options)];
  if (tag === 'default') objects.push(defaultValidator(canonical, options));
  objects.push(tagService(options));
  return objects;
}

/** failurePolicy per webhook of the existing istiod-default-validator (Fail, istiod's doing, is kept by omission). */
async function validatorPolicies(cluster: Cluster): Promise<Map<string, string | null>> {
  const live = (await readObject(cluster, {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: {name: DEFAULT_VALIDATOR},
  })) as WebhookConfiguration | undefined;
  const policies = new Map<string, string | null>();
  for (const hook of live?.webhooks ?? [])
    policies.set(hook.name, hook.failurePolicy === 'Fail' ? null : (hook.failurePolicy ?? null));
  return policies;
}

/** Applies a tag's objects; the tag "default" first takes the default injection selectors from the default revision. */
export async function setTag(cluster: Cluster, tag: string, objects: K8sObject[]): Promise<void> {
  if (tag === 'default') await deactivateDefaultInjector(cluster);
  for (const object of objects) await applyObject(cluster, object, {force: true});
}

/**
 * istioctl keeps the default revision's own injector (so the default can be pointed back) but
 * makes every webhook in it select nothing.
 */
async function deactivateDefaultInjector(cluster: Cluster): Promise<void> {
  const hooks = await revisionWebhooks(cluster, 'default');
  if (hooks.length === 0) return;
  if (hooks.length > 1)
    throw new MeshError(
      'tag-ambiguous',
      'failed deactivating existing default revision: expected a single webhook for default revision',
    );
  const hook = hooks[0]!;
  const webhooks = (hook.webhooks ?? []).map((w) => ({
    ...w,
    namespaceSelector: NEVER_MATCH,
    objectSelector: NEVER_MATCH,
  }));
  try {
    const path = await cluster.rest.pathOf(hook);
    // A merge patch replaces the list whole, as istioctl's update does.
    await cluster.rest.send({
      method: 'PATCH',
      path,
      query: {fieldManager: FIELD_MANAGER},
      body: {webhooks},
      contentType: 'application/merge-patch+json',
    });
  } catch (error) {
    throw clusterError(error, `deactivate ${hook.metadata.name}`);
  }
}

export interface RemovePlan {
  tag: string;
  /** Namespaces still labelled `istio.io/rev=<tag>`: their new pods lose injection. */
  namespaces: string[];
  objects: K8sObject[];
}

export async function planRemoveTag(cluster: Cluster, tag: string, namespace: string): Promise<RemovePlan> {
  const [hooks, svcs, validators] = await Promise.all([
    tagWebhooks(cluster, tag),
    tagServices(cluster, namespace, tag),
    tagValidators(cluster, tag),
  ]);
  if (hooks.length === 0 && svcs.length === 0)
    throw new MeshError(
      'tag-not-found',
      `cannot remove tag "${tag}": cannot find MutatingWebhookConfiguration or Service for tag`,
      {hint: 'list the tags with: mesh tag list'},
    );
  return {tag, namespaces: await namespacesUsing(cluster, tag), objects: [...hooks, ...validators, ...svcs]};
}

export async function removeTag(cluster: Cluster, plan: RemovePlan): Promise<void> {
  for (const object of plan.objects) await deleteObject(cluster, object);
}

/** istioctl's confirmation question when namespaces still use the tag. */
export function removeQuestion(plan: RemovePlan): string {
  return `Caution, found ${plan.namespaces.length} namespace(s) still injected by tag "${plan.tag}": ${plan.namespaces.join(' ')}\nProceed with operation? [y/N]`;
}

export interface TagDescription {
  tag: string;
  revision: string;
  namespaces: string[];
}

/**
 * Every tag with its revision and the namespaces using it, sorted by revision then tag. As in
 * istioctl, a revision without any tag shows as a row with an empty tag.
 */
export async function listTags(cluster: Cluster, namespace: string): Promise<TagDescription[]> {
  const [hooks, svcs] = await Promise.all([
    allRevisionWebhooks(cluster),
    allRevisionServices(cluster, namespace),
  ]);
  const pairs = new Map<string, {tag: string; revision: string}>();
  for (const object of [...hooks, ...svcs]) {
    const revision = object.metadata.labels?.[LABEL_REV] ?? '';
    const tag = object.metadata.labels?.[LABEL_TAG] ?? '';
    pairs.set(JSON.stringify([revision, tag]), {tag, revision});
  }
  for (const {tag, revision} of [...pairs.values()]) if (tag) pairs.delete(JSON.stringify([revision, '']));
  const rows = await Promise.all(
    [...pairs.values()].map(async ({tag, revision}) => ({
      tag,
      revision,
      namespaces: await namespacesUsing(cluster, tag),
    })),
  );
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => order(a.revision, b.revision) || order(a.tag, b.tag));
}

/** Go's tabwriter (padding 1, spaces) as istioctl prints the table. */
export function tagTable(rows: TagDescription[]): string[] {
  const cells = [
    ['TAG', 'REVISION', 'NAMESPACES'],
    ...rows.map((r) => [r.tag, r.revision, r.namespaces.join(',')]),
  ];
  const widths = [0, 1].map((column) => Math.max(...cells.map((row) => row[column]!.length)) + 1);
  return cells.map((row) => row[0]!.padEnd(widths[0]!) + row[1]!.padEnd(widths[1]!) + row[2]!);
}
