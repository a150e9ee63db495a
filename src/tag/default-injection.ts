/**
 * While a revision tag "default" exists it owns default injection (istioctl's rule): the default
 * revision's own injector webhook stays, but selects nothing. Install applies it that way and
 * verify-install expects it that way, so a re-install never re-activates it behind the tag.
 */
import type {Cluster} from '../cluster/client.js';
import type {K8sObject} from '../cluster/kinds.js';
import {tagWebhooks} from './lookup.js';
import {LABEL_REV, LABEL_TAG, NEVER_MATCH, type WebhookConfiguration} from './objects.js';

export function isDefaultTag(hook: K8sObject): boolean {
  return hook.kind === 'MutatingWebhookConfiguration' && hook.metadata.labels?.[LABEL_TAG] === 'default';
}

export async function defaultTagExists(cluster: Cluster): Promise<boolean> {
  return (await tagWebhooks(cluster, 'default')).length > 0;
}

/** The default revision's injector among rendered objects (labelled with the revision, not a tag). */
function ownDefaultInjectors(objects: K8sObject[]): WebhookConfiguration[] {
  return objects.filter(
    (o) =>
      o.kind === 'MutatingWebhookConfiguration' &&
      (o.metadata.labels?.[LABEL_REV] ?? 'default') === 'default' &&
      !o.metadata.labels?.[LABEL_TAG],
  ) as WebhookConfiguration[];
}

/** Deactivates, in place, the default revision's injector among the objects; returns how many it touched. */
export function yieldToDefaultTag(objects: K8sObject[]): number {
  const hooks = ownDefaultInjectors(objects);
  for (const hook of hooks)
    hook.webhooks = (hook.webhooks ?? []).map((w) => ({
      ...w,
      namespaceSelector: NEVER_MATCH,
      objectSelector: NEVER_MATCH,
    }));
  return hooks.length;
}

/** Asks the cluster only when the objects hold a default-revision injector; `listed` spares the request when the webhooks are known. */
export async function applyDefaultTagRule(
  cluster: Cluster,
  objects: K8sObject[],
  listed?: K8sObject[],
): Promise<void> {
  if (ownDefaultInjectors(objects).length === 0) return;
  const tagged = listed ? listed.some(isDefaultTag) : await defaultTagExists(cluster);
  if (tagged) yieldToDefaultTag(objects);
}
