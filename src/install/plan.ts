/**
 * The plan shown by `install --diff`: per object, create / update (with the changed fields)
 * / unchanged, plus what would be pruned. Updates come from a server-side dry-run, so
 * defaulting and other managers' fields are accounted for. An object with fields another
 * manager holds is a `conflict`, listing them (conflicts.ts) before its changes.
 */
import type {Cluster} from '../cluster/client.js';
import {applyObject, readObject} from '../cluster/apply.js';
import {objectRef, type K8sObject} from '../cluster/kinds.js';
import {conflictLine, type FieldConflict} from './conflicts.js';
import {findPrunable, type KnownState, type PlannedComponent} from './run.js';

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

/** Leaf-level differences between two JSON values, as `path: old → new`. */
export function changedPaths(before: unknown, after: unknown, path = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const bothObjects = before && after && typeof before === 'object' && typeof after === 'object';
  if (bothObjects && Array.isArray(before) === Array.isArray(after)) {
    const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
    return [...keys].flatMap((key) => {
      const next = Array.isArray(before) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      return changedPaths(
        (before as Record<string, unknown>)[key],
        (after as Record<string, unknown>)[key],
        next,
      );
    });
  }
  const show = (value: unknown) => (value === undefined ? '<none>' : JSON.stringify(value));
  return [`${path}: ${show(before)} → ${show(after)}`];
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
      const changes = changedPaths(normalize(live), normalize(after));
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
