/** Writing --set assignments into a spec tree. */
import {MeshError} from '../errors.js';
import {own} from './input-guard.js';
import {collect, type Problem} from './problems.js';
import {formatPath} from './set-path.js';
import type {SetAssignment} from './set-value.js';
import {didYouMean} from './suggest.js';
import type {Json, JsonObject} from './types.js';

/**
 * Past-the-end indexes already used, per list: list → requested index → where that element
 * was appended. So within one command `env[5].name=A` and `env[5].value=B` fill one element
 * instead of appending two. Keyed by the list itself: a list replaced later starts afresh.
 */
export type AppendedIndexes = WeakMap<Json[], Map<number, number>>;

/** Applies assignments in order; a failing one is skipped and reported, the others still apply. */
export function applySets(spec: JsonObject, assignments: readonly SetAssignment[]): Problem[] {
  const problems: Problem[] = [];
  const appended: AppendedIndexes = new WeakMap();
  for (const assignment of assignments) collect(problems, () => applySet(spec, assignment, appended));
  return problems;
}

/** Writes an assignment into a spec tree (mutating it), creating objects and lists on the way. */
export function applySet(
  spec: JsonObject,
  assignment: SetAssignment,
  appended: AppendedIndexes = new WeakMap(),
): void {
  const {path, label} = assignment;
  let node: Json = spec;
  for (let i = 0; i < path.length; i++) {
    const token = path[i]!;
    const last = i === path.length - 1;
    const next = path[i + 1];
    const fresh = (): Json => (next?.kind === 'key' ? {} : []);
    // Formatted only for an error, so a long path is applied in linear time.
    const where = () => formatPath(path.slice(0, i)) || 'spec';
    if (token.kind === 'key') {
      if (!isObject(node))
        throw new MeshError('not-an-object', `${label}: ${where()} is not an object`, {
          path: formatPath(path),
        });
      const parent: JsonObject = node;
      const current = own(parent, token.key);
      if (last) parent[token.key] = assignment.value;
      else if (current === undefined || current === null) parent[token.key] = fresh();
      node = own(parent, token.key)!;
      continue;
    }
    if (!Array.isArray(node))
      throw new MeshError('not-a-list', `${label}: ${where()} is not a list`, {path: formatPath(path)});
    const items: Json[] = node;
    const index =
      token.kind === 'index'
        ? resolveIndex(items, token.index, appended)
        : selectIndex(items, token, label, where(), path);
    if (last) items[index] = assignment.value;
    else if (items[index] === undefined || items[index] === null) items[index] = fresh();
    node = items[index]!;
  }
}

/** An index within the list is itself; past the end it appends once, then names that element. */
function resolveIndex(items: Json[], index: number, appended: AppendedIndexes): number {
  let seen = appended.get(items);
  const earlier = seen?.get(index);
  if (earlier !== undefined) return earlier;
  if (index < items.length) return index;
  if (!seen) appended.set(items, (seen = new Map()));
  seen.set(index, items.length);
  return items.length;
}

function selectIndex(
  items: Json[],
  token: {field: string; value: string},
  label: string,
  where: string,
  path: SetAssignment['path'],
): number {
  const index = items.findIndex((item) => isObject(item) && String(own(item, token.field)) === token.value);
  if (index >= 0) return index;
  const present = items.filter(isObject).map((item) => String(own(item, token.field)));
  throw new MeshError(
    'no-such-element',
    `${label}: element [${token.field}:${token.value}] not found in ${where}${didYouMean(token.value, present)}`,
    {
      path: formatPath(path),
      hint: present.length ? `${where} has ${token.field}: ${present.join(', ')}` : `${where} is empty`,
    },
  );
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
