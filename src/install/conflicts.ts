/**
 * Fields another field manager holds. Without --force, mesh applies as `kubectl apply
 * --server-side` does: a field someone else changed is theirs, and taking it back is a
 * conflict. The planned objects another manager touched are tried with a non-forced
 * server-side dry-run before the first write, so a conflict stops the install with nothing
 * applied, naming each field, its manager and the value mesh would set. Two kinds of conflict are not the user's to resolve
 * and are force-applied: objects the user agreed to take over (takeover.ts), and fields Istio's
 * own controllers rewrite at run time (istiod's CA bundle and validation failurePolicy, the
 * table verify-install ignores as drift).
 */
import {dryRunApply, type ApplyConflict} from '../cluster/apply.js';
import type {Cluster} from '../cluster/client.js';
import {objectKey, objectRef, type K8sObject} from '../cluster/kinds.js';
import {MeshError} from '../errors.js';
import {FIELD_MANAGER} from '../version.js';
import {fieldManagers} from './takeover.js';
import {IGNORED_FIELDS, REDACTED} from '../verify/drift.js';
import {isObj} from '../spec/tree.js';

export interface FieldConflict {
  /** `Kind/namespace/name`. */
  object: string;
  /** Server-side apply's field path, e.g. `.spec.replicas`. */
  field: string;
  /** Who holds it now. */
  manager: string;
  /** What mesh would set there (undefined: not a leaf mesh renders; Secrets: redacted). */
  value?: unknown;
}

export interface ConflictCheck {
  /** Fields the user must agree to take over (--force); in plan order. */
  conflicts: FieldConflict[];
  /** Objects to apply with force (`Kind/namespace/name`): taken over, or conflicting only with Istio's controllers. */
  forced: Set<string>;
}

type Segment = string | {element: string};

/**
 * Walks a server-side apply field path (`.a.b`, `[name="x"]`, `[port=80,protocol="TCP"]`,
 * `[=value]`, `[0]`) through an object. Field names are not escaped in that form
 * (`.metadata.annotations.sidecar.istio.io/inject`), so each step tries the object's keys,
 * longest first.
 */
export function resolveField(
  root: unknown,
  field: string,
): {found: boolean; value?: unknown; path: Segment[]} {
  const walk = (
    node: unknown,
    rest: string,
    path: Segment[],
  ): {found: boolean; value?: unknown; path: Segment[]} => {
    if (rest === '') return {found: true, value: node, path};
    if (rest.startsWith('.') && isObj(node)) {
      const keys = Object.keys(node)
        .filter((key) => rest.startsWith(`.${key}`) && /^($|[.[])/.test(rest.slice(key.length + 1)))
        .sort((a, b) => b.length - a.length);
      for (const key of keys) {
        const found = walk(node[key], rest.slice(key.length + 1), [...path, key]);
        if (found.found) return found;
      }
      return {found: false, path};
    }
    if (rest.startsWith('[') && Array.isArray(node)) {
      const end = closingBracket(rest);
      if (end < 0) return {found: false, path};
      const inner = rest.slice(1, end);
      const item = node.find((element, index) => elementMatches(element, index, inner));
      if (item === undefined) return {found: false, path};
      return walk(item, rest.slice(end + 1), [...path, {element: inner}]);
    }
    return {found: false, path};
  };
  return walk(root, field, []);
}

/** The index of the `]` closing the `[` at 0, skipping quoted strings. */
function closingBracket(text: string): number {
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ']' && !quoted) return i;
  }
  return -1;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function elementMatches(element: unknown, index: number, selector: string): boolean {
  if (/^\d+$/.test(selector)) return index === Number(selector);
  if (selector.startsWith('='))
    return JSON.stringify(element) === JSON.stringify(parseValue(selector.slice(1)));
  if (!isObj(element)) return false;
  // `k=v,k2=v2`: split on commas outside quoted strings.
  const pairs: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      pairs.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  pairs.push(selector.slice(start));
  return pairs.every((pair) => {
    const at = pair.indexOf('=');
    return (
      at > 0 && JSON.stringify(element[pair.slice(0, at)]) === JSON.stringify(parseValue(pair.slice(at + 1)))
    );
  });
}

/** A field Istio's controllers rewrite at run time (the verify-install drift table): expected, not the user's. */
export function isControllerField(kind: string, path: readonly Segment[]): boolean {
  return IGNORED_FIELDS.some(
    (rule) =>
      rule.kind === kind &&
      rule.path.length === path.length &&
      rule.path.every((segment, i) => segment === '*' || segment === path[i]),
  );
}

/** The conflicts of one object, with mesh's values; `expected` tells whether Istio's controllers hold them all. */
export function describeConflicts(
  object: K8sObject,
  conflicts: ApplyConflict[],
): {conflicts: FieldConflict[]; expected: boolean} {
  const ref = objectRef(object);
  const described = conflicts.map((conflict) => {
    const at = resolveField(object, conflict.field);
    const value = !at.found ? undefined : object.kind === 'Secret' ? REDACTED : at.value;
    return {
      conflict: {object: ref, ...conflict, value},
      controller: at.found && isControllerField(object.kind, at.path),
    };
  });
  const theirs = described.filter((d) => !d.controller).map((d) => d.conflict);
  return {conflicts: theirs, expected: theirs.length === 0};
}

/**
 * Tries with a non-forced server-side dry-run (in parallel) each planned object that exists with
 * a field manager besides mesh (writers of the status subresource aside), found in the
 * installation's own listing (`installed`, the one prune uses): a fresh install, or a re-install
 * only mesh manages, costs no request. Objects already to be forced (`forced`: taken over) are
 * skipped. Not checked up front: CRDs and Namespaces (not in that listing) and objects without
 * mesh's owner labels; a conflict there fails their apply, with the same --force hint. Other
 * failures are left to the apply, which reports them in order.
 */
export async function findConflicts(
  cluster: Cluster,
  objects: K8sObject[],
  options: {installed?: K8sObject[]; forced?: ReadonlySet<string>} = {},
): Promise<ConflictCheck> {
  const forced = new Set(options.forced);
  const installed = new Map((options.installed ?? []).map((o) => [objectKey(o), o]));
  const candidates = objects.filter((o) => {
    const live = installed.get(objectKey(o));
    return !!live && !forced.has(objectRef(o)) && fieldManagers(live).some((m) => m !== FIELD_MANAGER);
  });
  const found = await Promise.all(
    candidates.map(async (object) => {
      try {
        const outcome = await dryRunApply(cluster, object);
        if (!outcome.conflicts) return [];
        forced.add(objectRef(object));
        return describeConflicts(object, outcome.conflicts).conflicts;
      } catch {
        return [];
      }
    }),
  );
  return {conflicts: found.flat(), forced};
}

const MAX_VALUE = 60;

/** `1`, `"text"`, long values cut with `…`. */
export function showValue(value: unknown): string {
  const text = value === REDACTED ? REDACTED : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** `.spec.replicas: owned by "someone" (mesh would set 1)`. */
export function conflictLine(conflict: FieldConflict): string {
  const wants = conflict.value === undefined ? '' : ` (mesh would set ${showValue(conflict.value)})`;
  return `${conflict.field}: owned by ${JSON.stringify(conflict.manager)}${wants}`;
}

/** The one error an install without --force stops with. */
export function conflictError(conflicts: FieldConflict[]): MeshError {
  const count = conflicts.length === 1 ? '1 field is' : `${conflicts.length} fields are`;
  const lines = conflicts.map((conflict) => `  ${conflict.object} ${conflictLine(conflict)}`);
  return new MeshError(
    'field-conflict',
    `${count} owned by another field manager; nothing was written:\n${lines.join('\n')}`,
    {hint: `re-run with --force to take ${conflicts.length === 1 ? 'it' : 'them'} over`},
  );
}
