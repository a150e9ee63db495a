/**
 * The objects of a revision tag, shaped as istioctl writes them: Istio's `revision-tags-mwc.yaml`
 * and `revision-tags-svc.yaml` (istio-discovery chart) and, for the tag "default", the `default`
 * chart's `istiod-default-validator`, each then completed from the revision's own injector
 * webhook (its service, path, CA bundle, reinvocation policy, labels and annotations). Pure.
 */
import type {K8sObject} from '../cluster/kinds.js';

export const LABEL_TAG = 'istio.io/tag';
export const LABEL_REV = 'istio.io/rev';
export const INJECTOR_SUFFIX = 'sidecar-injector.istio.io';
export const DEFAULT_VALIDATOR = 'istiod-default-validator';
/** Label keys of this namespace are the installer's; a user-made tag drops them so no install prunes it. */
const OPERATOR_NAMESPACE = 'operator.istio.io';
/** Istio's module charts carry this Chart.yaml version (release-builder rewrites it only in release tarballs). */
const CHART_VERSION = '1.0.0';

type Labels = {[key: string]: string};
type Selector = {matchExpressions: {key: string; operator: string; values?: string[]}[]};

interface ClientConfig {
  url?: string;
  caBundle?: string;
  service?: {name: string; namespace: string; path?: string; port?: number};
}

export interface Webhook {
  name: string;
  clientConfig: ClientConfig;
  reinvocationPolicy?: string;
  failurePolicy?: string;
  [key: string]: unknown;
}

export interface WebhookConfiguration extends K8sObject {
  webhooks?: Webhook[];
}

/** What a tag takes from the revision's own injector webhook (istioctl's tagWebhookConfig). */
export interface CanonicalInjector {
  /** "" for the default revision (the charts render `istiod`, not `istiod-default`). */
  revision: string;
  service: string;
  path: string;
  url: string;
  caBundle: string;
  reinvocationPolicy: string;
  labels: Labels;
  annotations: Labels;
}

export interface TagOptions {
  tag: string;
  /** The revision as given (--revision): the tag Service selects its istiod by it. */
  revision: string;
  namespace: string;
  webhookName?: string;
  autoInjectNamespaces?: boolean;
  /** Extra labels (the installer's own default tag carries its owner labels). */
  customLabels?: Labels;
  /** `tag set`/`generate`: the tag belongs to the user, not to an installation. */
  userManaged: boolean;
  /** failurePolicy per webhook name of the existing istiod-default-validator; null: leave unset. */
  validatorFailurePolicy?: Map<string, string | null>;
}

/** Reads the canonical webhook; undefined when it has no sidecar-injector webhook. */
export function canonicalInjector(hook: WebhookConfiguration): CanonicalInjector | undefined {
  const injector = (hook.webhooks ?? []).find((w) => w.name.endsWith(INJECTOR_SUFFIX));
  if (!injector) return undefined;
  const revision = hook.metadata.labels?.[LABEL_REV] ?? '';
  const labels: Labels = Object.create(null) as Labels;
  for (const [key, value] of Object.entries(hook.metadata.labels ?? {}))
    if (key !== 'app') labels[key] = value;
  return {
    revision: revision === 'default' ? '' : revision,
    service: injector.clientConfig.service?.name ?? '',
    path: injector.clientConfig.service?.path ?? '',
    url: injector.clientConfig.url ?? '',
    caBundle: injector.clientConfig.caBundle ?? '',
    reinvocationPolicy: injector.reinvocationPolicy ?? '',
    labels,
    annotations: {...(hook.metadata.annotations ?? {})},
  };
}

function chartLabels(chart: string): Labels {
  return {
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/instance': 'istio',
    'app.kubernetes.io/part-of': 'istio',
    'app.kubernetes.io/version': CHART_VERSION,
    'helm.sh/chart': `${chart}-${CHART_VERSION}`,
  };
}

/** istioctl's generateLabels: chart ← revision webhook ← custom; user-managed tags lose the installer's keys. */
function finalLabels(chart: Labels, current: Labels, options: TagOptions): Labels {
  const merged: Labels = {...chart, ...current, ...(options.customLabels ?? {})};
  if (options.userManaged)
    for (const key of Object.keys(merged)) if (key.includes(OPERATOR_NAMESPACE)) delete merged[key];
  return sortKeys(merged);
}

function sortKeys(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const NOT_DISABLED = {key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false']};
const exists = (key: string, present: boolean) => ({key, operator: present ? 'Exists' : 'DoesNotExist'});

/** The selectors of revision-tags-mwc.yaml, by webhook-name prefix. */
function tagSelectors(tag: string, auto: boolean): [string, Selector, Selector][] {
  const selectors: [string, Selector, Selector][] = [
    [
      'rev.namespace.',
      {matchExpressions: [{key: LABEL_REV, operator: 'In', values: [tag]}, exists('istio-injection', false)]},
      {matchExpressions: [NOT_DISABLED]},
    ],
    [
      'rev.object.',
      {matchExpressions: [exists(LABEL_REV, false), exists('istio-injection', false)]},
      {matchExpressions: [NOT_DISABLED, {key: LABEL_REV, operator: 'In', values: [tag]}]},
    ],
  ];
  if (tag !== 'default') return selectors;
  selectors.push(
    [
      'namespace.',
      {matchExpressions: [{key: 'istio-injection', operator: 'In', values: ['enabled']}]},
      {matchExpressions: [NOT_DISABLED]},
    ],
    [
      'object.',
      {matchExpressions: [exists('istio-injection', false), exists(LABEL_REV, false)]},
      {
        matchExpressions: [
          {key: 'sidecar.istio.io/inject', operator: 'In', values: ['true']},
          exists(LABEL_REV, false),
        ],
      },
    ],
  );
  if (auto) {
    selectors.push([
      'auto.',
      {
        matchExpressions: [
          exists('istio-injection', false),
          exists(LABEL_REV, false),
          {
            key: 'kubernetes.io/metadata.name',
            operator: 'NotIn',
            values: ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'],
          },
        ],
      },
      {matchExpressions: [exists('sidecar.istio.io/inject', false), exists(LABEL_REV, false)]},
    ]);
  }
  return selectors;
}

/** MutatingWebhookConfiguration `istio-revision-tag-<tag>` (or --webhook-name). */
export function tagWebhook(canonical: CanonicalInjector, options: TagOptions): WebhookConfiguration {
  const {tag, namespace} = options;
  const clientConfig = (): ClientConfig => {
    // The template renders the URL or the revision's service; istioctl then copies the CA bundle, path and service name.
    const config: ClientConfig = canonical.url
      ? {url: canonical.url}
      : {
          service: {
            name: canonical.service,
            namespace,
            path: canonical.path,
            port: 443,
          },
        };
    if (canonical.caBundle) config.caBundle = canonical.caBundle;
    return config;
  };
  const template: Labels = {
    [LABEL_TAG]: tag,
    [LABEL_REV]: canonical.revision || 'default',
    'install.operator.istio.io/owning-resource': 'unknown',
    'operator.istio.io/component': 'Pilot',
    app: 'sidecar-injector',
    release: 'istio',
    'app.kubernetes.io/name': 'istiod',
    ...chartLabels('istiod'),
  };
  const metadata: K8sObject['metadata'] = {
    name:
      options.webhookName ||
      (namespace === 'istio-system' ? `istio-revision-tag-${tag}` : `istio-revision-tag-${tag}-${namespace}`),
    labels: finalLabels(template, canonical.labels, options),
  };
  if (Object.keys(canonical.annotations).length) metadata.annotations = sortKeys(canonical.annotations);
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata,
    webhooks: tagSelectors(tag, !!options.autoInjectNamespaces).map(
      ([prefix, namespaceSelector, objectSelector]) => ({
        admissionReviewVersions: ['v1'],
        clientConfig: clientConfig(),
        failurePolicy: 'Fail',
        name: `${prefix}${INJECTOR_SUFFIX}`,
        namespaceSelector,
        objectSelector,
        reinvocationPolicy: canonical.reinvocationPolicy || 'Never',
        rules: [{apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods']}],
        sideEffects: 'None',
      }),
    ),
  };
}

/** ValidatingWebhookConfiguration `istiod-default-validator`: the tag "default" also validates config cluster-wide. */
export function defaultValidator(canonical: CanonicalInjector, options: TagOptions): WebhookConfiguration {
  const revision = canonical.revision;
  const template: Labels = {
    app: 'istiod',
    istio: 'istiod',
    [LABEL_REV]: revision || 'default',
    [LABEL_TAG]: 'default',
    'operator.istio.io/component': 'Pilot',
    'app.kubernetes.io/name': 'istiod',
    ...chartLabels('istio-default'),
  };
  let clientConfig: ClientConfig;
  if (canonical.url) {
    // istioctl takes the injection URL and swaps its path (not strictly right, it says so too).
    const url = URL.canParse(canonical.url) ? new URL(canonical.url) : undefined;
    if (url) url.pathname = '/validate';
    clientConfig = {url: url ? url.toString() : canonical.url};
  } else {
    clientConfig = {
      service: {
        name: revision ? `istiod-${revision}` : 'istiod',
        namespace: options.namespace,
        path: '/validate',
      },
    };
  }
  if (canonical.caBundle) clientConfig.caBundle = canonical.caBundle;
  const name = 'validation.istio.io';
  const webhook: Webhook = {
    admissionReviewVersions: ['v1'],
    clientConfig,
    failurePolicy: 'Ignore',
    name,
    objectSelector: {matchExpressions: [exists(LABEL_REV, false)]},
    rules: [
      {
        apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
        apiVersions: ['*'],
        operations: ['CREATE', 'UPDATE'],
        resources: ['*'],
      },
    ],
    sideEffects: 'None',
  };
  // istiod flips the policy to Fail once it serves; an existing Fail is kept by leaving the field unset.
  const existing = options.validatorFailurePolicy?.get(name);
  if (existing === null) delete webhook.failurePolicy;
  else if (existing !== undefined) webhook.failurePolicy = existing;
  const metadata: K8sObject['metadata'] = {
    name: DEFAULT_VALIDATOR,
    labels: finalLabels(template, canonical.labels, options),
  };
  if (Object.keys(canonical.annotations).length) metadata.annotations = sortKeys(canonical.annotations);
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata,
    webhooks: [webhook],
  };
}

/** Service `istiod-revision-tag-<tag>`: the revision's istiod under the tag's name. */
export function tagService(options: TagOptions): K8sObject {
  const revision = options.revision;
  const template: Labels = {
    [LABEL_REV]: revision || 'default',
    [LABEL_TAG]: options.tag,
    'install.operator.istio.io/owning-resource': 'unknown',
    'operator.istio.io/component': 'Pilot',
    app: 'istiod',
    istio: 'pilot',
    release: 'istio',
    'app.kubernetes.io/name': 'istiod',
    ...chartLabels('istiod'),
  };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: `istiod-revision-tag-${options.tag}`,
      namespace: options.namespace,
      labels: finalLabels(template, {}, options),
    },
    spec: {
      ports: [
        {name: 'grpc-xds', port: 15010, protocol: 'TCP'},
        {name: 'https-dns', port: 15012, protocol: 'TCP'},
        {name: 'https-webhook', port: 443, protocol: 'TCP', targetPort: 15017},
        {name: 'http-monitoring', port: 15014, protocol: 'TCP'},
      ],
      selector: revision ? {app: 'istiod', [LABEL_REV]: revision} : {app: 'istiod', istio: 'pilot'},
    },
  };
}

/** istioctl's NeverMatch: a deactivated default-revision injector keeps its webhooks but selects nothing. */
export const NEVER_MATCH = {matchLabels: {'istio.io/deactivated': 'never-match'}};
