/**
 * Go values as mesh's template engine sees them. Helm's values arrive through JSON, so:
 *   string → string, bool → boolean, float64 → number, int/int64 → bigint,
 *   nil → null, map[string]interface{} → GoMap, []interface{} (and []string) → GoValue[],
 *   structs (.Release, .Chart, .Capabilities, .Files, .Template) → GoStruct.
 * Maps are `Map`s, never plain objects, so no input key can reach Object.prototype.
 */
export type GoValue = string | boolean | number | bigint | null | GoMap | GoValue[] | GoStruct | GoFunc;
export type GoMap = Map<string, GoValue>;

/** A Go struct: exported fields (a missing one is an execution error) and methods. */
export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: ReadonlyMap<string, GoValue>,
    readonly methods: ReadonlyMap<string, (...args: GoValue[]) => GoValue> = new Map(),
  ) {}
}

/** A callable value (rare in charts; kept so `call` and method values have a shape). */
export class GoFunc {
  constructor(readonly fn: (...args: GoValue[]) => GoValue) {}
}

export function isMap(value: GoValue | undefined): value is GoMap {
  return value instanceof Map;
}

export function isList(value: GoValue | undefined): value is GoValue[] {
  return Array.isArray(value);
}

/** JSON (as parsed by JSON.parse or js-yaml with the JSON schema) → Go values: every number a float64. */
export function fromJson(value: unknown): GoValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromJson);
  if (value instanceof Map) {
    const out: GoMap = new Map();
    for (const [k, v] of value) out.set(String(k), fromJson(v));
    return out;
  }
  if (typeof value === 'object') {
    const out: GoMap = new Map();
    for (const key of Object.keys(value)) out.set(key, fromJson((value as Record<string, unknown>)[key]));
    return out;
  }
  return null;
}

/** Go values → JSON-ready data (null-prototype objects); ints become numbers. */
export function toJson(value: GoValue): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof Map) {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of value) out[k] = toJson(v);
    return out;
  }
  if (value instanceof GoStruct) {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of value.fields) out[k] = toJson(v);
    return out;
  }
  if (value instanceof GoFunc) return null;
  return value;
}

/** A deep copy of maps and lists (scalars and structs are shared: they are immutable here). */
export function deepCopyValue(value: GoValue): GoValue {
  if (Array.isArray(value)) return value.map(deepCopyValue);
  if (value instanceof Map) {
    const out: GoMap = new Map();
    for (const [k, v] of value) out.set(k, deepCopyValue(v));
    return out;
  }
  return value;
}
