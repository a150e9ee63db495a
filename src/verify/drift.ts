/**
 * Drift: the leaves mesh renders whose live value is no longer what mesh would apply now.
 *
 * Another field manager that changes a mesh-owned field (server-side apply with force, a
 * merge patch, `kubectl edit`) takes that field's ownership in managedFields, so ownership
 * alone cannot find drift. Instead the expected (rendered) object is walked leaf by leaf and
 * compared with the live object at the same path. Only what mesh renders is compared, so
 * fields the server defaults (clusterIP, terminationMessagePath, …) or other controllers add
 * are never reported. Lists of objects keyed by `name` (containers, env, ports, webhooks)
 * are matched by name, other lists of objects by index. Pure: no cluster, no I/O.
 */
import type {K8sObject} from '../cluster/kinds.js';
import {formatPath as formatTokens} from '../spec/set-path.js';
import {isObj} from '../spec/tree.js';

export type PathSegment = string | number | {name: string};

export interface Drift {
  /** In the --set grammar: `spec.template.spec.containers[name:discovery].env[name:X].value`. */
  path: string;
  /** What mesh would apply (`undefined`: mesh renders nothing there). */
  expected: unknown;
  /** What the cluster holds (`undefined`: the field is gone). */
  live: unknown;
}

/** Fields other controllers legitimately own after mesh applied them; never drift. */
export interface IgnoreRule {
  kind: string;
  /** Matches the path segments; `*` matches any one segment. */
  path: readonly (string | '*')[];
  why: string;
}

export const REDACTED = '<redacted>';

export const IGNORED_FIELDS: readonly IgnoreRule[] = [
  {
    kind: 'MutatingWebhookConfiguration',
    path: ['webhooks', '*', 'clientConfig', 'caBundle'],
    why: 'istiod patches in its CA bundle',
  },
  {
    kind: 'ValidatingWebhookConfiguration',
    path: ['webhooks', '*', 'clientConfig', 'caBundle'],
    why: 'istiod patches in its CA bundle',
  },
  {
    kind: 'ValidatingWebhookConfiguration',
    path: ['webhooks', '*', 'failurePolicy'],
    why: 'istiod switches Ignore to Fail once it is ready',
  },
];

/**
 * Labels naming the revision that last applied an object. Base objects (CRDs, the reader
 * ServiceAccount and RBAC) are shared: every revision's install re-applies them with its own
 * owner labels, so there they tell which revision came last, not drift.
 */
export const SHARED_OWNER_LABELS = [
  'install.operator.istio.io/owning-resource',
  'install.operator.istio.io/owning-resource-namespace',
  'istio.io/rev',
] as const;

export function sharedObjectIgnores(expected: K8sObject): string[][] {
  if (expected.metadata.labels?.['operator.istio.io/component'] !== 'Base') return [];
  return SHARED_OWNER_LABELS.map((label) => ['metadata', 'labels', label]);
}

export interface DriftOptions {
  /** Extra paths to skip, e.g. `spec.replicas` of a Deployment an HPA scales. */
  ignore?: readonly (readonly (string | '*')[])[];
}

/** Compares the leaves of `expected` (labels, annotations and everything outside metadata and status) with `live`. */
export function findDrift(expected: K8sObject, live: K8sObject, options: DriftOptions = {}): Drift[] {
  const rules = [
    ...IGNORED_FIELDS.filter((rule) => rule.kind === expected.kind).map((rule) => rule.path),
    ...sharedObjectIgnores(expected),
    ...(options.ignore ?? []),
  ];
  const skip = (path: PathSegment[]) => rules.some((rule) => matches(rule, path));
  const drifts: Drift[] = [];
  // Secret values are credentials: report that they differ, never what they are.
  const secret = expected.kind === 'Secret';
  const hide = (value: unknown) => (value === undefined ? undefined : REDACTED);
  const out = (path: PathSegment[], want: unknown, have: unknown) =>
    drifts.push({
      path: formatPath(path),
      expected: secret ? hide(want) : want,
      live: secret ? hide(have) : have,
    });

  const want = comparable(expected);
  const have = comparable(live);
  for (const key of Object.keys(want)) {
    if (key === 'metadata') {
      for (const field of ['labels', 'annotations'] as const) {
        compare(want.metadata?.[field], have.metadata?.[field], ['metadata', field], out, skip);
      }
      continue;
    }
    compare(want[key], have[key], [key], out, skip);
  }
  return drifts;
}

type Loose = {[key: string]: unknown; metadata?: {[key: string]: unknown}};

/** Drops what is never compared; a Secret's stringData is compared as the data the server stores. */
function comparable(object: K8sObject): Loose {
  const copy: Loose = {...object};
  delete copy.apiVersion;
  delete copy.kind;
  delete copy.status;
  if (object.kind === 'Secret' && isObj(object.stringData)) {
    const data: {[key: string]: unknown} = {...(isObj(object.data) ? object.data : {})};
    for (const [key, value] of Object.entries(object.stringData))
      data[key] = Buffer.from(String(value)).toString('base64');
    copy.data = data;
    delete copy.stringData;
  }
  return copy;
}

function compare(
  want: unknown,
  have: unknown,
  path: PathSegment[],
  out: (path: PathSegment[], want: unknown, have: unknown) => void,
  skip: (path: PathSegment[]) => boolean,
): void {
  if (want === undefined || skip(path)) return;
  if (want === null || (isObj(want) && Object.keys(want).length === 0)) return; // null unsets; `{}` has no leaves
  // The API drops zero values of `omitempty` fields (`value: ""` of an env var, `false`, `0`).
  if (have === undefined && (want === '' || want === false || want === 0)) return;
  if (Array.isArray(want) && want.length === 0) {
    // The server drops empty lists; only entries someone added are drift.
    if (Array.isArray(have) && have.length > 0) out(path, want, have);
    return;
  }
  if (isObj(want)) {
    if (!isObj(have)) return out(path, want, have);
    for (const key of Object.keys(want)) compare(want[key], have[key], [...path, key], out, skip);
    return;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(have)) return out(path, want, have);
    if (want.every((item) => isObj(item) && typeof item.name === 'string')) {
      // Associative list: match by name; entries other managers added are theirs, not drift.
      for (const item of want as {name: string}[]) {
        const match = have.find((candidate) => isObj(candidate) && candidate.name === item.name);
        if (match === undefined) out([...path, {name: item.name}], item, undefined);
        else compare(item, match, [...path, {name: item.name}], out, skip);
      }
      return;
    }
    if (want.some(isObj)) {
      if (want.length !== have.length) return out(path, want, have);
      want.forEach((item, index) => compare(item, have[index], [...path, index], out, skip));
      return;
    }
    if (want.length !== have.length || want.some((item, index) => !sameScalar(item, have[index])))
      out(path, want, have);
    return;
  }
  if (!sameScalar(want, have)) out(path, want, have);
}

/** Equal scalars, allowing for int-or-string fields and the server's canonical quantities (2048Mi is 2Gi). */
export function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  if ((typeof a === 'number' || typeof b === 'number') && String(a) === String(b)) return true;
  const qa = parseQuantity(a);
  const qb = parseQuantity(b);
  return qa !== undefined && qb !== undefined && Math.abs(qa - qb) <= Math.abs(qa) * 1e-9;
}

const SUFFIXES: {[suffix: string]: number} = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes resource quantity ("500m", "2Gi", "1e3") as a number; undefined when it is not one. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/.exec(
    value.trim(),
  );
  if (!match) return undefined;
  const base = Number(match[1]);
  if (match[2]) return base * 10 ** Number(match[2].slice(1));
  return base * SUFFIXES[match[3] ?? '']!;
}

function matches(rule: readonly (string | '*')[], path: PathSegment[]): boolean {
  if (rule.length !== path.length) return false;
  return rule.every((part, i) => {
    const segment = path[i]!;
    if (part === '*') return true;
    return typeof segment === 'string' && segment === part;
  });
}

/** Path segments in the one path grammar (spec/set-path.ts), so a drift path reads back as --set and -p paths do. */
export function formatPath(path: readonly PathSegment[]): string {
  return formatTokens(
    path.map((segment) =>
      typeof segment === 'number'
        ? {kind: 'index' as const, index: segment}
        : typeof segment === 'object'
          ? {kind: 'select' as const, field: 'name', value: segment.name}
          : {kind: 'key' as const, key: segment},
    ),
  );
}

/** `path: "1" → "50"` (expected → live); long values are shortened. */
export function formatDrift(drift: Drift, options: {maxLength?: number} = {}): string {
  const max = options.maxLength ?? 120;
  const show = (value: unknown) => {
    if (value === undefined) return '<none>';
    if (value === REDACTED) return REDACTED;
    const text = JSON.stringify(value);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  };
  return `${drift.path}: ${show(drift.expected)} → ${show(drift.live)}`;
}
