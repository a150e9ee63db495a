/**
 * The Telemetry API hierarchy for one pod: which tracing, metrics and access-logging settings
 * its sidecar ends up with, and which resource each value came from.
 *
 * Levels, weakest first:
 *   1. mesh      — Telemetry in the root namespace without a selector
 *   2. namespace — Telemetry in the pod's namespace without a selector
 *   3. workload  — Telemetry in the pod's namespace whose selector.matchLabels match the pod
 * Within a level the oldest resource wins (creationTimestamp, then name) and the others are
 * reported. Between levels the override is per field: a field set lower down replaces the
 * inherited value as a whole (a map of custom tags or a provider list is never merged), and a
 * field left unset inherits. Telemetry with targetRef(s) targets gateways/waypoints, not sidecars,
 * so it is ignored here.
 */
import {byAge, hasSelector, isMeshed, ref, selectorMatches} from './match.js';
import {rootNamespaceOf, type CustomTag, type Snapshot, type Telemetry} from './types.js';

/** A value and the resource (`<ns>/<name>`) or mesh-config field it came from. */
export interface Sourced<T> {
  value: T;
  from: string;
}

export interface EffectiveTelemetry {
  pod: string;
  namespace: string;
  rootNamespace: string;
  /** The Telemetry resources in effect, weakest level first. */
  applied: string[];
  tracing: {
    providers?: Sourced<string[]>;
    /** Unset in every resource: meshConfig.defaultConfig.tracing.sampling, else istiod's default of 1%. */
    randomSamplingPercentage: Sourced<number>;
    customTags?: Sourced<{[tag: string]: CustomTag}>;
    disableSpanReporting?: Sourced<boolean>;
  };
  metrics: {providers?: Sourced<string[]>};
  accessLogging: {providers?: Sourced<string[]>; disabled?: Sourced<boolean>};
  warnings: string[];
}

/** Providers every mesh config has (istiod merges them into the user's extensionProviders). */
export const BUILT_IN_PROVIDERS = ['prometheus', 'stackdriver', 'envoy'];
const DEFAULT_SAMPLING = 1;

function targetsSomethingElse(t: Telemetry): boolean {
  return t.spec?.targetRef !== undefined || (t.spec?.targetRefs?.length ?? 0) > 0;
}

function providerNames(list: {name?: string}[] | undefined): string[] {
  return (list ?? []).map((p) => p.name ?? '').filter((n) => n !== '');
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

export function effectiveTelemetry(snapshot: Snapshot): EffectiveTelemetry {
  const rootNs = rootNamespaceOf(snapshot);
  const podNs = snapshot.pod.metadata?.namespace ?? '';
  const podLabels = snapshot.pod.metadata?.labels ?? {};
  const warnings: string[] = [];
  if (!isMeshed(snapshot.pod)) {
    warnings.push(
      `${snapshot.pod.metadata?.name ?? ''} is not part of mesh; no Istio sidecar (these values apply once one is injected)`,
    );
  }
  const candidates = snapshot.telemetries.filter((t) => !targetsSomethingElse(t));
  const inNs = (ns: string) => candidates.filter((t) => t.metadata?.namespace === ns);

  const pick = (list: Telemetry[], what: string): Telemetry | undefined => {
    const sorted = [...list].sort(byAge);
    const winner = sorted[0];
    if (winner && sorted.length > 1) {
      warnings.push(
        `${sorted.length} Telemetry resources ${what} (${sorted.map(ref).join(', ')}); only the oldest, ${ref(winner)}, applies`,
      );
    }
    return winner;
  };
  const levels = [
    pick(
      inNs(rootNs).filter((t) => !hasSelector(t.spec?.selector)),
      `without a selector in namespace ${rootNs}`,
    ),
    podNs === rootNs
      ? undefined
      : pick(
          inNs(podNs).filter((t) => !hasSelector(t.spec?.selector)),
          `without a selector in namespace ${podNs}`,
        ),
    pick(
      inNs(podNs).filter(
        (t) => hasSelector(t.spec?.selector) && selectorMatches(t.spec?.selector?.matchLabels, podLabels),
      ),
      `select pod ${snapshot.pod.metadata?.name ?? ''}`,
    ),
  ].filter((t): t is Telemetry => t !== undefined);

  const tracing: Partial<EffectiveTelemetry['tracing']> = {};
  const metrics: EffectiveTelemetry['metrics'] = {};
  const accessLogging: EffectiveTelemetry['accessLogging'] = {};
  for (const t of levels) {
    const from = ref(t);
    for (const entry of t.spec?.tracing ?? []) {
      const providers = providerNames(entry.providers);
      if (providers.length > 0) tracing.providers = {value: providers, from};
      if (typeof entry.randomSamplingPercentage === 'number')
        tracing.randomSamplingPercentage = {value: entry.randomSamplingPercentage, from};
      if (typeof entry.disableSpanReporting === 'boolean')
        tracing.disableSpanReporting = {value: entry.disableSpanReporting, from};
      if (entry.customTags && typeof entry.customTags === 'object')
        tracing.customTags = {value: {...entry.customTags}, from};
    }
    const metricProviders = unique((t.spec?.metrics ?? []).flatMap((m) => providerNames(m.providers)));
    if (metricProviders.length > 0) metrics.providers = {value: metricProviders, from};
    const logProviders = unique((t.spec?.accessLogging ?? []).flatMap((a) => providerNames(a.providers)));
    if (logProviders.length > 0) accessLogging.providers = {value: logProviders, from};
    for (const a of t.spec?.accessLogging ?? []) {
      if (typeof a.disabled === 'boolean') accessLogging.disabled = {value: a.disabled, from};
    }
  }

  const mc = snapshot.meshConfig;
  const fallback = (kind: 'tracing' | 'metrics' | 'accessLogging'): Sourced<string[]> | undefined => {
    const names = (mc.defaultProviders?.[kind] ?? []).filter((n) => typeof n === 'string' && n !== '');
    return names.length > 0 ? {value: names, from: `meshConfig.defaultProviders.${kind}`} : undefined;
  };
  tracing.providers ??= fallback('tracing');
  metrics.providers ??= fallback('metrics');
  accessLogging.providers ??= fallback('accessLogging');
  const proxySampling = mc.defaultConfig?.tracing?.sampling;
  tracing.randomSamplingPercentage ??=
    typeof proxySampling === 'number'
      ? {value: proxySampling, from: 'meshConfig.defaultConfig.tracing.sampling'}
      : {value: DEFAULT_SAMPLING, from: 'default'};

  const known = new Set([...BUILT_IN_PROVIDERS, ...(mc.extensionProviders ?? []).map((p) => p.name ?? '')]);
  const checkProviders = (what: string, s: Sourced<string[]> | undefined) => {
    for (const name of s?.value ?? []) {
      if (!known.has(name))
        warnings.push(
          `${what} provider "${name}" (from ${s?.from}) is not defined in meshConfig.extensionProviders`,
        );
    }
  };
  checkProviders('tracing', tracing.providers);
  checkProviders('metrics', metrics.providers);
  checkProviders('access logging', accessLogging.providers);

  return {
    pod: snapshot.pod.metadata?.name ?? '',
    namespace: podNs,
    rootNamespace: rootNs,
    applied: levels.map(ref),
    tracing: tracing as EffectiveTelemetry['tracing'],
    metrics,
    accessLogging,
    warnings,
  };
}

function describeTag(tag: CustomTag): string {
  if (tag.literal) return `literal "${tag.literal.value ?? ''}"`;
  const withDefault = (v: string | undefined) => (v === undefined ? '' : ` (default "${v}")`);
  if (tag.header) return `header ${tag.header.name ?? ''}${withDefault(tag.header.defaultValue)}`;
  if (tag.environment)
    return `environment ${tag.environment.name ?? ''}${withDefault(tag.environment.defaultValue)}`;
  return 'unknown tag type';
}

const from = (s: {from: string}) => (s.from === 'default' ? ' (default)' : ` (from ${s.from})`);

/** The human lines of an effective telemetry, each indented by `indent` (3 inside describe). */
export function telemetryLines(e: EffectiveTelemetry, indent = 3): string[] {
  const pad = ' '.repeat(indent);
  const nested = ' '.repeat(indent + 3);
  const t = e.tracing;
  const lines = [`${pad}Applied Telemetry: ${e.applied.length > 0 ? e.applied.join(', ') : 'none'}`];
  lines.push(
    `${pad}Tracing providers: ${t.providers ? t.providers.value.join(', ') + from(t.providers) : 'none'}`,
  );
  lines.push(`${pad}Sampling: ${t.randomSamplingPercentage.value}%${from(t.randomSamplingPercentage)}`);
  const tags = t.customTags ? Object.keys(t.customTags.value).sort() : [];
  if (t.customTags && tags.length > 0) {
    lines.push(`${pad}Custom tags: ${tags.join(', ')}${from(t.customTags)}`);
    for (const name of tags) lines.push(`${nested}${name}: ${describeTag(t.customTags.value[name] ?? {})}`);
  } else {
    lines.push(`${pad}Custom tags: none${t.customTags ? from(t.customTags) : ''}`);
  }
  const span = t.disableSpanReporting;
  lines.push(`${pad}Span reporting: ${span?.value ? 'disabled' : 'enabled'}${span ? from(span) : ''}`);
  const m = e.metrics.providers;
  lines.push(`${pad}Metrics providers: ${m ? m.value.join(', ') + from(m) : 'none'}`);
  const a = e.accessLogging.providers;
  lines.push(`${pad}Access logging providers: ${a ? a.value.join(', ') + from(a) : 'none'}`);
  const disabled = e.accessLogging.disabled;
  if (disabled)
    lines.push(`${pad}Access logging: ${disabled.value ? 'disabled' : 'enabled'}${from(disabled)}`);
  for (const w of e.warnings) lines.push(`${pad}WARNING: ${w}`);
  return lines;
}
