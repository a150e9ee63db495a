/** What the cluster holds about revisions and tags, found by labels as istioctl finds them. */
import type {Cluster} from '../cluster/client.js';
import {clusterError} from '../cluster/apply.js';
import type {K8sObject} from '../cluster/kinds.js';
import {LABEL_REV, LABEL_TAG, type WebhookConfiguration} from './objects.js';

const MWC = '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations';
const VWC = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';

async function list<T extends K8sObject>(
  cluster: Cluster,
  path: string,
  labelSelector: string,
  apiVersion: string,
  kind: string,
): Promise<T[]> {
  try {
    const result = await cluster.rest.send<{items: T[]}>({method: 'GET', path, query: {labelSelector}});
    // List items carry no apiVersion and kind; writes need them.
    return result.items.map((item) => ({...item, apiVersion, kind}));
  } catch (error) {
    throw clusterError(error, `list ${kind} (${labelSelector})`);
  }
}

const webhooks = (cluster: Cluster, selector: string) =>
  list<WebhookConfiguration>(
    cluster,
    MWC,
    selector,
    'admissionregistration.k8s.io/v1',
    'MutatingWebhookConfiguration',
  );
const services = (cluster: Cluster, namespace: string, selector: string) =>
  list<K8sObject>(cluster, `/api/v1/namespaces/${namespace}/services`, selector, 'v1', 'Service');

/** The webhooks a revision's install made (labelled with the revision, not with a tag). */
export const revisionWebhooks = (cluster: Cluster, revision: string) =>
  webhooks(cluster, `${LABEL_REV}=${revision},!${LABEL_TAG}`);
export const tagWebhooks = (cluster: Cluster, tag: string) => webhooks(cluster, `${LABEL_TAG}=${tag}`);
/** Every webhook labelled with a revision: the basis of `tag list`. */
export const allRevisionWebhooks = (cluster: Cluster) => webhooks(cluster, LABEL_REV);

export const revisionServices = (cluster: Cluster, namespace: string, revision: string) =>
  services(cluster, namespace, `${LABEL_REV}=${revision},!${LABEL_TAG},app=istiod`);
export const tagServices = (cluster: Cluster, namespace: string, tag: string) =>
  services(cluster, namespace, `${LABEL_TAG}=${tag}`);
export const allRevisionServices = (cluster: Cluster, namespace: string) =>
  services(cluster, namespace, LABEL_REV);

export const tagValidators = (cluster: Cluster, tag: string) =>
  list<WebhookConfiguration>(
    cluster,
    VWC,
    `${LABEL_TAG}=${tag}`,
    'admissionregistration.k8s.io/v1',
    'ValidatingWebhookConfiguration',
  );

/** Names of the namespaces labelled `istio.io/rev=<tag>`, in the apiserver's (name) order. */
export async function namespacesUsing(cluster: Cluster, tag: string): Promise<string[]> {
  const items = await list<K8sObject>(
    cluster,
    '/api/v1/namespaces',
    `${LABEL_REV}=${tag}`,
    'v1',
    'Namespace',
  );
  return items.map((ns) => ns.metadata.name);
}
