/**
 * `mesh x describe pod`: the Istio configuration that affects one pod, in istioctl's format.
 *
 * istioctl learns which DestinationRule and VirtualService apply from the sidecar's Envoy
 * config_dump; mesh computes the same from the resources themselves (host resolution in the
 * resource's namespace, exportTo, the namespace precedence of DestinationRules, the oldest
 * VirtualService per host), so it needs no port-forward to the pod. Indentation follows
 * istioctl: 3 spaces for details of a section, 6 for notes nested under a detail.
 */
import {effectivePeerAuthentication, peerAuthenticationLines} from './peer-authentication.js';
import {
  CLUSTER_DOMAIN_SUFFIX,
  byAge,
  exportedTo,
  hasSelector,
  hostMatch,
  isMeshed,
  kname,
  PROXY_CONTAINER,
  resolveHost,
  selectorMatches,
} from './match.js';
import {servicePortProtocol} from './protocol.js';
import {effectiveTelemetry, telemetryLines} from './telemetry.js';
import {
  rootNamespaceOf,
  type DestinationRule,
  type HttpMatchRequest,
  type HttpRoute,
  type Pod,
  type Service,
  type ServicePort,
  type Snapshot,
  type StringMatch,
  type TcpRoute,
  type TrafficPolicy,
  type VirtualService,
} from './types.js';

export {PROXY_CONTAINER, isMeshed} from './match.js';
export const SEPARATOR = '--------------------';
const PROXY_UID = 1337;
const REQUIREMENTS_URL = 'https://istio.io/latest/docs/ops/deployment/application-requirements/';
const SERVICE_REQUIREMENTS_URL = 'https://istio.io/docs/setup/kubernetes/additional-setup/requirements/';

const sp = (n: number) => ' '.repeat(n);

/** Label or annotation istio.io/rev, else the revision recorded by the injector in sidecar.istio.io/status. */
export function podRevision(pod: Pod): string | undefined {
  const meta = pod.metadata ?? {};
  const direct = meta.labels?.['istio.io/rev'] ?? meta.annotations?.['istio.io/rev'];
  if (direct) return direct;
  const status = meta.annotations?.['sidecar.istio.io/status'];
  if (!status) return undefined;
  try {
    const rev = (JSON.parse(status) as {revision?: unknown}).revision;
    return typeof rev === 'string' && rev !== '' ? rev : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The whole report. A pod without a sidecar gets istioctl's pod header and the warning only:
 * no DestinationRule, VirtualService, PeerAuthentication or Telemetry acts on it.
 */
export function describePod(snapshot: Snapshot): string[] {
  const {pod} = snapshot;
  const name = pod.metadata?.name ?? '';
  const out = podLines(pod);
  if (!isMeshed(pod)) return out;

  const services = selectingServices(pod, snapshot.services);
  if (services.length === 0) {
    out.push(`Warning: No Kubernetes Services select pod ${name} (see ${SERVICE_REQUIREMENTS_URL} )`);
  }
  out.push(SEPARATOR);
  services.forEach((svc, i) => {
    if (i > 0) out.push(SEPARATOR);
    out.push(...serviceLines(snapshot, svc));
  });
  out.push(SEPARATOR, ...peerAuthenticationLines(effectivePeerAuthentication(snapshot)));
  out.push(SEPARATOR, 'Effective Telemetry:', ...telemetryLines(effectiveTelemetry(snapshot), 3));
  return out;
}

function podLines(pod: Pod): string[] {
  const name = pod.metadata?.name ?? '';
  const out: string[] = [];
  const ports: string[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      const proto = p.protocol && p.protocol !== 'TCP' ? `/${p.protocol}` : '';
      ports.push(`${p.containerPort ?? ''}${proto} (${c.name ?? ''})`);
    }
    if (c.name !== PROXY_CONTAINER && c.securityContext?.runAsUser === PROXY_UID) {
      out.push(`WARNING: User ID (UID) ${PROXY_UID} is reserved for the sidecar proxy.`);
    }
  }
  out.push(`Pod: ${name}`);
  const revision = podRevision(pod);
  if (revision) out.push(`   Pod Revision: ${revision}`);
  out.push(ports.length > 0 ? `   Pod Ports: ${ports.join(', ')}` : '   Pod does not expose ports');

  const notMeshed = `WARNING: ${name} is not part of mesh; no Istio sidecar`;
  const phase = pod.status?.phase ?? 'Unknown';
  if (phase !== 'Running') {
    out.push(`   Pod is not Running (${phase})`);
    if (!isMeshed(pod)) out.push(notMeshed);
    return out;
  }
  for (const s of pod.status?.containerStatuses ?? []) {
    if (!s.ready) out.push(`WARNING: Pod ${name} Container ${s.name ?? ''} NOT READY`);
  }
  for (const s of pod.status?.initContainerStatuses ?? []) {
    if (!s.ready) out.push(`WARNING: Pod ${name} Init Container ${s.name ?? ''} NOT READY`);
  }
  if (!isMeshed(pod)) {
    out.push(notMeshed);
    return out;
  }
  if (pod.spec?.securityContext?.runAsUser === PROXY_UID) {
    out.push(`   WARNING: User ID (UID) ${PROXY_UID} is reserved for the sidecar proxy.`);
  }
  const labels = pod.metadata?.labels ?? {};
  if (!['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'].some((k) => labels[k])) {
    out.push(`Suggestion: add required service name label for Istio telemetry. See ${REQUIREMENTS_URL}.`);
  }
  if (
    !['service.istio.io/canonical-revision', 'app.kubernetes.io/version', 'version'].some((k) => labels[k])
  ) {
    out.push(`Suggestion: add required service revision label for Istio telemetry. See ${REQUIREMENTS_URL}.`);
  }
  return out;
}

/** Services of the pod's namespace with a non-empty selector that matches the pod, by name. */
export function selectingServices(pod: Pod, services: Service[]): Service[] {
  const ns = pod.metadata?.namespace;
  return services
    .filter((s) => s.metadata?.namespace === undefined || s.metadata.namespace === ns)
    .filter(
      (s) =>
        Object.keys(s.spec?.selector ?? {}).length > 0 &&
        selectorMatches(s.spec?.selector, pod.metadata?.labels),
    )
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

/** The container port a Service port sends to: targetPort by number, by container-port name, or the port itself. */
export function targetPodPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (typeof target !== 'string' || target === '') return undefined;
  const proto = port.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === proto) return p.containerPort;
    }
  }
  return undefined;
}

function serviceLines(snapshot: Snapshot, svc: Service): string[] {
  const {pod} = snapshot;
  const podNs = pod.metadata?.namespace ?? '';
  const out = [`Service: ${kname(svc, podNs)}`];
  const ports = svc.spec?.ports ?? [];
  for (const port of ports) {
    if ((port.protocol ?? 'TCP') !== 'TCP') continue; // Istio does not carry UDP/SCTP
    const head = `   Port: ${port.name ? `${port.name} ` : ''}${port.port ?? ''}/${servicePortProtocol(port)}`;
    const target = targetPodPort(pod, port);
    out.push(
      target === undefined
        ? `${head} targets pod port "${String(port.targetPort)}", which no container declares`
        : `${head} targets pod port ${target}`,
    );
  }

  const fqdn = `${svc.metadata?.name ?? ''}.${svc.metadata?.namespace ?? pod.metadata?.namespace ?? ''}${CLUSTER_DOMAIN_SUFFIX}`;
  const dr = destinationRuleFor(snapshot, fqdn);
  const vs = virtualServiceFor(snapshot, fqdn);
  const multi = ports.length > 1;
  const base = multi ? 3 : 0;
  for (const port of ports) {
    if (multi) out.push(`${port.port ?? ''}:`);
    const labels = pod.metadata?.labels ?? {};
    const subsets = dr ? splitSubsets(dr, labels) : {matching: [], nonMatching: []};
    if (dr) out.push(...destinationRuleLines(dr, subsets, base, podNs));
    if (vs) out.push(...virtualServiceLines(vs, fqdn, subsets, dr, base, podNs));
    if (!multi) break;
  }
  return out;
}

// ---------------------------------------------------------------- DestinationRule

/**
 * The DestinationRule the pod's sidecar uses for `fqdn`: istiod looks in the client's namespace,
 * then the service's (the same here), then the root namespace; within one, the most specific
 * host wins, then the oldest rule. exportTo and workloadSelector are honoured. Rules of that
 * namespace for the same host and the same workload selector are merged as istiod merges them
 * (oldest first): their subsets are appended unless one of that name is already there, and the
 * top-level traffic policy is the first one set. The result keeps the oldest rule's name.
 */
export function destinationRuleFor(snapshot: Snapshot, fqdn: string): DestinationRule | undefined {
  const podNs = snapshot.pod.metadata?.namespace ?? '';
  const labels = snapshot.pod.metadata?.labels ?? {};
  for (const ns of [podNs, rootNamespaceOf(snapshot)]) {
    const ranked = snapshot.destinationRules
      .filter((dr) => dr.metadata?.namespace === ns)
      .filter((dr) => exportedTo(dr.spec?.exportTo, ns, podNs))
      .filter(
        (dr) =>
          !hasSelector(dr.spec?.workloadSelector) ||
          selectorMatches(dr.spec?.workloadSelector?.matchLabels, labels),
      )
      .map((dr) => ({dr, host: resolveHost(dr.spec?.host ?? '', ns)}))
      .map((c) => ({...c, score: hostMatch(c.host, fqdn)}))
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score || b.host.length - a.host.length || byAge(a.dr, b.dr));
    const winner = ranked[0];
    if (!winner) continue;
    const sameSelector = (dr: DestinationRule) =>
      JSON.stringify(dr.spec?.workloadSelector?.matchLabels ?? {}) ===
      JSON.stringify(winner.dr.spec?.workloadSelector?.matchLabels ?? {});
    const others = ranked.slice(1).filter((c) => c.host === winner.host && sameSelector(c.dr));
    return others.reduce((merged, c) => mergeDestinationRules(merged, c.dr), winner.dr);
  }
  return undefined;
}

/** `later` merged into `first` (istiod's rule): new subset names appended, traffic policy only if `first` has none. */
function mergeDestinationRules(first: DestinationRule, later: DestinationRule): DestinationRule {
  const known = new Set((first.spec?.subsets ?? []).map((subset) => subset.name));
  const added = (later.spec?.subsets ?? []).filter((subset) => !known.has(subset.name));
  return {
    ...first,
    spec: {
      ...first.spec,
      ...(added.length ? {subsets: [...(first.spec?.subsets ?? []), ...added]} : {}),
      ...(first.spec?.trafficPolicy || !later.spec?.trafficPolicy
        ? {}
        : {trafficPolicy: later.spec.trafficPolicy}),
    },
  };
}

interface Subsets {
  matching: string[];
  nonMatching: string[];
}

function splitSubsets(dr: DestinationRule, podLabels: {[k: string]: string}): Subsets {
  const out: Subsets = {matching: [], nonMatching: []};
  for (const s of dr.spec?.subsets ?? []) {
    (selectorMatches(s.labels, podLabels) ? out.matching : out.nonMatching).push(s.name ?? '');
  }
  return out;
}

function shortPolicies(p: TrafficPolicy): string | undefined {
  const names = [
    p.loadBalancer && 'load balancer',
    p.connectionPool && 'connection pool',
    p.outlierDetection && 'outlier detection',
  ];
  const set = names.filter((n): n is string => typeof n === 'string');
  return set.length > 0 ? `Policies: ${set.join('/')}` : undefined;
}

/**
 * istioctl's DestinationRule block. As in istioctl, `Matching subsets:` is printed whenever the rule
 * has subsets, even right after the warning that none matches (then with nothing after the colon).
 */
function destinationRuleLines(dr: DestinationRule, subsets: Subsets, base: number, podNs: string): string[] {
  const out = [`${sp(base)}DestinationRule: ${kname(dr, podNs)} for "${dr.spec?.host ?? ''}"`];
  const l1 = sp(base + 3);
  const l2 = sp(base + 6);
  if (subsets.matching.length + subsets.nonMatching.length > 0) {
    if (subsets.matching.length === 0) {
      out.push(
        `${l1}WARNING POD DOES NOT MATCH ANY SUBSETS.  (Non matching subsets ${subsets.nonMatching.join(',')})`,
      );
    }
    out.push(`${l1}Matching subsets: ${subsets.matching.join(',')}`);
    if (subsets.nonMatching.length > 0)
      out.push(`${l2}(Non-matching subsets ${subsets.nonMatching.join(',')})`);
  }
  const policy = dr.spec?.trafficPolicy;
  if (!policy) {
    out.push(`${l1}No Traffic Policy`);
    return out;
  }
  if (policy.tls) out.push(`${l1}Traffic Policy TLS Mode: ${policy.tls.mode ?? 'DISABLE'}`);
  const short = shortPolicies(policy);
  if (short) out.push(`${l1}${short}`);
  if (policy.portLevelSettings && policy.portLevelSettings.length > 0) {
    out.push(`${l1}Port Level Settings:`);
    for (const ps of policy.portLevelSettings) {
      out.push(`${l2}${ps.port?.number ?? ''}:`);
      if (ps.tls) out.push(`${sp(base + 9)}TLS Mode: ${ps.tls.mode ?? 'DISABLE'}`);
      const s = shortPolicies(ps);
      if (s) out.push(`${sp(base + 9)}${s}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------- VirtualService

/**
 * The VirtualService sidecars use for `fqdn`: bound to the `mesh` gateway (no `gateways`, or
 * `mesh` listed), visible through exportTo, a host covering the service; an exact host beats a
 * wildcard, then the oldest wins (istiod ignores later duplicates).
 */
export function virtualServiceFor(snapshot: Snapshot, fqdn: string): VirtualService | undefined {
  const podNs = snapshot.pod.metadata?.namespace ?? '';
  const ranked = snapshot.virtualServices
    .filter((vs) => {
      const gw = vs.spec?.gateways;
      return !gw || gw.length === 0 || gw.includes('mesh');
    })
    .filter((vs) => exportedTo(vs.spec?.exportTo, vs.metadata?.namespace ?? '', podNs))
    .map((vs) => ({
      vs,
      score: Math.max(
        0,
        ...(vs.spec?.hosts ?? []).map((h) => hostMatch(resolveHost(h, vs.metadata?.namespace ?? ''), fqdn)),
      ),
    }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || byAge(a.vs, b.vs));
  return ranked[0]?.vs;
}

function renderStringMatch(m: StringMatch): string {
  if (m.exact !== undefined) return m.exact;
  if (m.prefix !== undefined) return `${m.prefix}*`;
  if (m.regex !== undefined) return `regex:"${m.regex}"`;
  return '';
}

/** One HTTP match as istioctl words it: `/api* when headers are end-user=jason`. */
function renderMatch(m: HttpMatchRequest): string {
  let text = '';
  if (m.uri) text += renderStringMatch(m.uri) + (m.ignoreUriCase ? ' uncased' : '');
  const headers = Object.keys(m.headers ?? {}).sort();
  if (headers.length > 0) {
    text +=
      ' when headers are ' + headers.map((h) => `${h}=${renderStringMatch(m.headers?.[h] ?? {})}`).join('; ');
  }
  text = text.trim();
  return text === '' ? (m.name ? `match ${m.name}` : 'other conditions') : text;
}

function renderMatches(matches: HttpMatchRequest[] | undefined): string {
  return matches && matches.length > 0 ? matches.map(renderMatch).join(', ') : 'everything';
}

function renderTcpMatch(m: unknown): string {
  const o = (m ?? {}) as {
    port?: number;
    destinationSubnets?: string[];
    sourceLabels?: {[k: string]: string};
    sourceNamespace?: string;
  };
  const parts: string[] = [];
  if (o.port !== undefined) parts.push(`port ${o.port}`);
  if (o.destinationSubnets?.length) parts.push(`subnets ${o.destinationSubnets.join(',')}`);
  const labels = Object.entries(o.sourceLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  if (labels.length > 0) parts.push(`source labels ${labels.join(',')}`);
  if (o.sourceNamespace) parts.push(`source namespace ${o.sourceNamespace}`);
  return `Match: ${parts.length > 0 ? parts.join(', ') : 'other conditions'}`;
}

interface RouteResult {
  /** Destinations of this route that reach the pod. */
  reaching: number;
  /** Lines relative to the detail level (a leading 3 spaces nests one level deeper). */
  facts: string[];
}

function httpRoute(
  route: HttpRoute,
  vsNs: string,
  fqdn: string,
  subsets: Subsets,
  dr: DestinationRule | undefined,
  podNs: string,
): RouteResult {
  const facts: string[] = [];
  const mismatch: string[] = [];
  let reaching = 0;
  for (const d of route.route ?? []) {
    const host = d.destination?.host ?? '';
    const subset = d.destination?.subset ?? '';
    const weight = d.weight ?? 0;
    if (resolveHost(host, vsNs) !== fqdn) {
      const sub = subset ? ` subset "${subset}"` : '';
      facts.push(`Route to host "${host}"${sub} with weight ${weight}%`);
      continue;
    }
    if (subset !== '' && subsets.nonMatching.includes(subset)) {
      mismatch.push(`Route to non-matching subset ${subset} for (${renderMatches(route.match)})`);
      continue;
    }
    if (subset !== '' && !subsets.matching.includes(subset)) {
      mismatch.push(
        dr
          ? `Warning: Route to UNKNOWN subset ${subset}; check DestinationRule ${kname(dr, podNs)}`
          : `Warning: Route to subset ${subset} but NO DESTINATION RULE defining subsets!`,
      );
      continue;
    }
    reaching++;
    if (weight > 0) {
      // The short form the issue asks for, then istioctl's full sentence nested under it.
      facts.push(`Weight ${weight}%`);
      facts.push(`   Route to host "${host}"${subset ? ` subset "${subset}"` : ''} with weight ${weight}%`);
    }
  }
  if (reaching > 0) {
    const conditions: string[] = [];
    if (route.fault && typeof route.fault === 'object')
      conditions.push(`Fault injection ${Object.keys(route.fault).sort().join('/')}`);
    for (const m of route.match ?? []) conditions.push(`Match: ${renderMatch(m)}`);
    if (conditions.length > 0) facts.push(conditions.join(', '));
  } else {
    facts.push(...mismatch);
  }
  return {reaching, facts};
}

function tcpRoute(route: TcpRoute, vsNs: string, fqdn: string): RouteResult {
  const reaching = (route.route ?? []).filter(
    (d) => resolveHost(d.destination?.host ?? '', vsNs) === fqdn,
  ).length;
  const facts = reaching > 0 ? (route.match ?? []).map(renderTcpMatch) : [];
  return {reaching, facts};
}

function virtualServiceLines(
  vs: VirtualService,
  fqdn: string,
  subsets: Subsets,
  dr: DestinationRule | undefined,
  base: number,
  podNs: string,
): string[] {
  const out = [`${sp(base)}VirtualService: ${kname(vs, podNs)}`];
  const l1 = sp(base + 3);
  const l2 = sp(base + 6);
  const ns = vs.metadata?.namespace ?? '';
  const kinds: [string, RouteResult[]][] = [
    ['HTTP', (vs.spec?.http ?? []).map((r) => httpRoute(r, ns, fqdn, subsets, dr, podNs))],
    ['TCP', (vs.spec?.tcp ?? []).map((r) => tcpRoute(r, ns, fqdn))],
    ['TLS', (vs.spec?.tls ?? []).map((r) => tcpRoute(r, ns, fqdn))],
  ];
  const all = kinds.flatMap(([, results]) => results);
  const mismatchNotes = all.filter((r) => r.reaching === 0).flatMap((r) => r.facts);
  let printed = 0;
  for (const r of all) {
    if (r.reaching === 0) continue;
    for (const f of r.facts) out.push(`${l1}${f}`);
    printed += r.facts.length;
  }

  if (all.every((r) => r.reaching === 0)) {
    for (const [kind, results] of kinds) {
      if (results.length > 0)
        out.push(
          `${l1}WARNING: No destinations match pod subsets (checked ${results.length} ${kind} routes)`,
        );
    }
    for (const note of mismatchNotes) out.push(`${l2}${note}`);
    return out;
  }

  // istioctl counts routes here, not destinations: a 90/10 split in one route whose 90% reaches
  // the pod is one matching route and adds no line.
  const matched = all.filter((r) => r.reaching > 0).length;
  if (matched < all.length) {
    out.push(`${l1}${all.length - matched} additional destination(s) that will not reach this pod`);
    if (printed === 0) for (const note of mismatchNotes) out.push(`${l2}${note}`);
    return out;
  }
  if (printed === 0) {
    for (const [kind, results] of kinds) {
      if (results.length > 0) out.push(`${l1}${results.length} ${kind} route(s)`);
    }
  }
  return out;
}
