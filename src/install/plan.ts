/**
 * The plan shown by `install --diff`: per object, create / update (with the changed fields)
 * / unchanged, plus what would be pruned. Updates come from a server-side dry-run, so
 * defaulting and other managers' fields are accounted for. An object with fields another
 * manager holds is a `conflict`, listing them (conflicts.ts) before its changes.
 */
import type {Cluster} from '../cluster/client.js';
import {applyObject, readObject} from '../cluster/apply.js';
import {objectRef, type K8sObject} from '../cluster/kinds.js';
import {formatPath, REDACTED, type PathSegment} from '../verify/drift.js';
import {conflictLine, type FieldConflict} from './conflicts.js';
import {findPrunable, type KnownState, type PlannedComponent} from './run.js';
import {isObj} from '../spec/tree.js';

export type PlanAction = 'create' | 'update' | 'conflict' | 'unchanged' | 'prune';

export interface PlanEntry {
  action: PlanAction;
  object: string;
  /** For updates: `path: old → new` lines. */
  changes: string[];
  /** For conflicts: the fields another manager holds. */
  conflicts?: FieldConflict[];
}

const VOLATILE_METADATA = ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp'];

function normalize(object: K8sObject): unknown {
  const copy = structuredClone(object) as K8sObject & {status?: unknown};
  for (const key of VOLATILE_METADATA) delete copy.metadata[key];
  delete copy.status;
  return copy;
}

/**
 * Leaf-level differences between two JSON values, as `path: old → new`. Paths are in the one
 * path grammar (a list of named items by `[name:x]`, as verify-install's drift and `--set`
 * write them); long values show where they differ; a Secret's values are never shown.
 */
export function changedPaths(before: unknown, after: unknown, options: {secret?: boolean} = {}): string[] {
  const lines: string[] = [];
  const walk = (a: unknown, b: unknown, path: PathSegment[]): void => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (isObj(a) && isObj(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...path, key]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const named = (list: unknown[]) => list.every((item) => isObj(item) && typeof item.name === 'string');
      if (named(a) && named(b)) {
        const byName = (list: unknown[], name: string) =>
          list.find((item) => (item as {name: string}).name === name);
        const names = new Set([...a, ...b].map((item) => (item as {name: string}).name));
        for (const name of names) walk(byName(a, name), byName(b, name), [...path, {name}]);
        return;
      }
      if (a.length === b.length && a.some((item) => isObj(item))) {
        a.forEach((item, index) => walk(item, b[index], [...path, index]));
        return;
      }
    }
    const [was, will] = options.secret
      ? [a === undefined ? '<none>' : REDACTED, b === undefined ? '<none>' : REDACTED]
      : showChange(a, b);
    lines.push(`${formatPath(path)}: ${was} → ${will}`);
  };
  walk(before, after, []);
  return lines;
}

const MAX_VALUE = 100;
const CONTEXT = 30;

/**
 * Both values as JSON; when one is long, the text they share at the start and the end is cut
 * to `…`, keeping some context around what changed (a ConfigMap's one-line JSON stays readable).
 */
export function showChange(before: unknown, after: unknown): [string, string] {
  const show = (value: unknown) => (value === undefined ? '<none>' : JSON.stringify(value));
  const [a, b] = [show(before), show(after)];
  if (a.length <= MAX_VALUE && b.length <= MAX_VALUE) return [a, b];
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const cut = (text: string) => {
    const start = Math.max(0, prefix - CONTEXT);
    const end = Math.min(text.length, text.length - suffix + CONTEXT);
    let middle = text.slice(start, end);
    if (middle.length > MAX_VALUE) middle = `${middle.slice(0, MAX_VALUE - 1)}…`;
    return `${start > 0 ? '…' : ''}${middle}${end < text.length ? '…' : ''}`;
  };
  return [cut(a), cut(b)];
}

export async function computePlan(
  cluster: Cluster,
  components: PlannedComponent[],
  ownerSelector: string,
  known: KnownState = {},
  /** What the conflict check found (conflicts.ts): those objects are listed as `conflict`. */
  conflicts: FieldConflict[] = [],
): Promise<PlanEntry[]> {
  const objects = components.flatMap((c) => c.objects);
  const entries = await Promise.all(
    objects.map(async (object): Promise<PlanEntry> => {
      const live = await readObject(cluster, object);
      if (!live) return {action: 'create', object: objectRef(object), changes: []};
      // Forced: what the object would become if taken over (without conflicts, the same as unforced).
      const after = await applyObject(cluster, object, {dryRun: true, force: true});
      const changes = changedPaths(normalize(live), normalize(after), {secret: object.kind === 'Secret'});
      const ref = objectRef(object);
      const held = conflicts.filter((c) => c.object === ref);
      if (held.length) return {action: 'conflict', object: ref, changes, conflicts: held};
      return {action: changes.length ? 'update' : 'unchanged', object: ref, changes};
    }),
  );
  const prunable = await findPrunable(cluster, components, ownerSelector, known);
  return [
    ...entries,
    ...prunable.map((object) => ({action: 'prune' as const, object: objectRef(object), changes: []})),
  ];
}

export function formatPlan(entries: PlanEntry[]): string[] {
  const lines: string[] = [];
  // Unchanged objects are only counted (on the Plan line): a re-run lists just what it would change.
  for (const entry of entries) {
    if (entry.action === 'unchanged') continue;
    lines.push(`${entry.action.padEnd(9)} ${entry.object}`);
    for (const conflict of entry.conflicts ?? []) lines.push(`            ${conflictLine(conflict)}`);
    for (const change of entry.changes) lines.push(`            ${change}`);
  }
  const count = (action: PlanAction) => entries.filter((e) => e.action === action).length;
  const conflicting = count('conflict') ? `, ${count('conflict')} in conflict` : '';
  lines.push(
    `Plan: ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged, ${count('prune')} to prune${conflicting}`,
  );
  return lines;
}
