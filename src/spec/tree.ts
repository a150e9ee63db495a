/**
 * The map operations istioctl's values.Map performs, on plain JSON trees: deep merge where
 * maps merge and everything else (lists, nulls) overwrites, path reads and writes, and the
 * typing of a `path=value` string. Keys come from user input, so nothing here reads through a
 * prototype: objects are created with a null prototype-free literal and read with hasOwn.
 */
/** A JSON-like map: a spec, a values tree, a rendered object. */
export type Obj = {[key: string]: unknown};

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

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Merges `other` into `base` in place, as values.Map.MergeFrom: maps recurse, anything else replaces. */
export function mergeFrom(base: Obj, other: Obj): void {
  for (const key of Object.keys(other)) {
    const value = other[key];
    const existing = Object.hasOwn(base, key) ? base[key] : undefined;
    if (isObj(value) && isObj(existing)) mergeFrom(existing, value);
    else base[key] = isObj(value) || Array.isArray(value) ? clone(value) : value;
  }
}

export function getPath(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isObj(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Writes a value, creating maps on the way (a non-map in the way is replaced). */
export function setPath(root: Obj, path: readonly string[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (isObj(next)) node = next;
    else {
      const created: Obj = {};
      node[key] = created;
      node = created;
    }
  }
  node[path[path.length - 1]!] = value;
}

/** Paths whose --set values istioctl never converts from text (values/map.go alwaysString). */
const ALWAYS_STRING = [
  'spec.values.compatibilityVersion',
  'spec.tag',
  'spec.values.global.tag',
  'spec.meshConfig.defaultConfig.proxyMetadata.',
  'spec.values.meshConfig.defaultConfig.proxyMetadata.',
  'spec.compatibilityVersion',
];

/** A `path=value` text value typed as istioctl types it: int, float, bool, else string. */
export function typedValue(fullPath: string, text: string): unknown {
  if (ALWAYS_STRING.some((prefix) => fullPath.startsWith(prefix))) return text;
  if (/^[+-]?[0-9]+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return text.replaceAll('\\,', ',');
}
