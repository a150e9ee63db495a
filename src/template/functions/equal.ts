import {GoStruct, type GoValue} from '../value.js';

/** reflect.DeepEqual on template values: float64 1 and int 1 differ, as in Go. */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i] ?? null));
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k) ?? null)) return false;
    return true;
  }
  if (a instanceof GoStruct && b instanceof GoStruct) {
    return a.typeName === b.typeName && deepEqual(new Map(a.fields), new Map(b.fields));
  }
  return false;
}

/** copystructure.Copy as sprig's deepCopy uses it: new maps and slices all the way down. */
export function deepCopy(value: GoValue): GoValue {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (value instanceof Map) {
    const out = new Map<string, GoValue>();
    for (const [k, v] of value) out.set(k, deepCopy(v));
    return out;
  }
  return value;
}
