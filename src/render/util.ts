/** Small helpers for building and merging plain JSON trees. */
import deepmerge from 'deepmerge';
import type {Obj} from './types.js';

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of map keys, or undefined. */
export function dig(root: unknown, ...path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isObj(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** The object at a path, or undefined when it is missing or not an object. */
export function digObj(root: unknown, ...path: string[]): Obj | undefined {
  const value = dig(root, ...path);
  return isObj(value) ? value : undefined;
}

/** A deep copy without null values (null means "unset" in a spec overlay). */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(withoutNulls) as T;
  if (isObj(value)) {
    const copy: Obj = {};
    for (const [key, item] of Object.entries(value))
      if (item !== null && item !== undefined) copy[key] = withoutNulls(item);
    return copy as T;
  }
  return value;
}

/** Deep merge where the overlay wins and lists replace (strategic-merge-like for plain maps). Inputs are not mutated. */
export function merge<T extends Obj>(base: T, overlay: Obj | undefined): T {
  if (overlay === undefined) return structuredClone(base);
  return deepmerge(base, withoutNulls(overlay), {
    arrayMerge: (_target, source) => structuredClone(source),
  }) as T;
}

/** A `{key: value}` map as a list of `{name, value}` environment variables, values as strings. */
export function envFromMap(map: unknown): Obj[] {
  if (!isObj(map)) return [];
  return Object.entries(map)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => ({name, value: String(value)}));
}

/** Sets only the keys whose value is defined, in the given order. */
export function compact(entries: Obj): Obj {
  const result: Obj = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) result[key] = value;
  return result;
}
