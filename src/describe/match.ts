/** Small matching rules shared by describe and telemetry: labels, hosts, ages, names. */
import type {KubeObject, Labels, Pod} from './types.js';

export const CLUSTER_DOMAIN_SUFFIX = '.svc.cluster.local';
export const PROXY_CONTAINER = 'istio-proxy';

/** istioctl's test: a container (or native-sidecar init container) named istio-proxy. */
export function isMeshed(pod: Pod): boolean {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some(
    (c) => c.name === PROXY_CONTAINER,
  );
}

/** Kubernetes equality-based selector semantics: every pair must be present; an empty selector selects everything. */
export function selectorMatches(selector: Labels | undefined, labels: Labels | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

/** True when a workload selector is set and has at least one label (Istio treats an empty one as absent). */
export function hasSelector(selector: {matchLabels?: Labels} | undefined): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length > 0;
}

/** `<namespace>/<name>`, the way resources are named in mesh's output. */
export function ref(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/** Istio's own convention in istioctl output: `<name>.<namespace>`. */
export function dotted(obj: KubeObject): string {
  return `${obj.metadata?.name ?? ''}.${obj.metadata?.namespace ?? ''}`;
}

/** istioctl's `kname`: the bare name inside the namespace being described, `<name>.<namespace>` outside it. */
export function kname(obj: KubeObject, namespace: string): string {
  const name = obj.metadata?.name ?? '';
  const ns = obj.metadata?.namespace;
  return ns === undefined || ns === namespace ? name : `${name}.${ns}`;
}

function created(obj: KubeObject): number {
  const t = Date.parse(obj.metadata?.creationTimestamp ?? '');
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Oldest first (creationTimestamp), then by namespace/name: Istio's tie-break between conflicting resources. */
export function byAge(a: KubeObject, b: KubeObject): number {
  const d = created(a) - created(b);
  if (d !== 0 && !Number.isNaN(d)) return d;
  return ref(a) < ref(b) ? -1 : ref(a) > ref(b) ? 1 : 0;
}

/**
 * A host as written in a VirtualService or DestinationRule, resolved the way Istio does:
 * a short name (no dot) lives in the resource's namespace; `name.namespace` gets the cluster
 * suffix (as istioctl's comparison does); FQDNs and wildcards stay as written.
 */
export function resolveHost(host: string, namespace: string): string {
  if (host === '' || host.startsWith('*')) return host;
  if (!host.includes('.')) return `${host}.${namespace}${CLUSTER_DOMAIN_SUFFIX}`;
  if (host.endsWith(CLUSTER_DOMAIN_SUFFIX)) return host;
  if (host.split('.').length === 2) return `${host}${CLUSTER_DOMAIN_SUFFIX}`;
  return host;
}

/**
 * How well a resolved host pattern covers a service FQDN: 2 exact, 1 wildcard (`*` or `*.suffix`),
 * 0 no match. Used both to filter and to prefer the most specific resource.
 */
export function hostMatch(pattern: string, fqdn: string): 0 | 1 | 2 {
  if (pattern === fqdn) return 2;
  if (pattern === '*') return 1;
  if (pattern.startsWith('*.') && fqdn.endsWith(pattern.slice(1))) return 1;
  return 0;
}

/** exportTo visibility of a resource in `ownNamespace` to a proxy in `podNamespace` (absent = everywhere). */
export function exportedTo(
  exportTo: string[] | undefined,
  ownNamespace: string,
  podNamespace: string,
): boolean {
  if (!exportTo || exportTo.length === 0) return true;
  return exportTo.some(
    (e) => e === '*' || e === podNamespace || (e === '.' && ownNamespace === podNamespace),
  );
}

/**
 * `<pod>[.<namespace>]` as istioctl reads it: the part after the last dot is the namespace.
 * Without a dot, `defaultNamespace` applies.
 */
export function parsePodRef(arg: string, defaultNamespace: string): {name: string; namespace: string} {
  const i = arg.lastIndexOf('.');
  if (i <= 0 || i === arg.length - 1) return {name: arg, namespace: defaultNamespace};
  return {name: arg.slice(0, i), namespace: arg.slice(i + 1)};
}
