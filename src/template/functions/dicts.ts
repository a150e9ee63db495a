import type {GoMap, GoValue} from '../value.js';
import {argAtLeast, argCount, argMap, argString, isEmpty, strval} from './convert.js';
import {deepCopy} from './equal.js';
import {TemplateArgError, TemplateFuncError, type TemplateFunc} from './types.js';

/**
 * sprig's dictionary functions. Maps are shared, not copied, exactly where Go shares them
 * (set/unset/merge mutate their first argument), because charts rely on that aliasing.
 */

/**
 * mergo.Merge(&dst, src[, WithOverride]) on map[string]interface{}: nested maps merge in place,
 * a nil source value overwrites only with override, lists are replaced whole, and a destination
 * value that is Go-empty (0, "", false, empty list/map, nil) always takes the source's.
 */
export function mergoMerge(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const [key, s] of src) {
    const hasD = dst.has(key);
    const d = hasD ? (dst.get(key) ?? null) : null;
    if (s === null) {
      if (overwrite) dst.set(key, null);
      continue;
    }
    if (s instanceof Map) {
      if (d instanceof Map) mergoMerge(d, s, overwrite);
      if (hasD && !isEmpty(d) && d instanceof Map) continue;
    } else if (Array.isArray(s)) {
      // mergo tests the emptiness of the whole destination map here, not of the element.
      if (overwrite || dst.size === 0) dst.set(key, s);
      else dst.set(key, hasD && d !== null ? d : []);
      if (hasD && !isEmpty(d)) continue;
    }
    if (overwrite || !hasD || isEmpty(d)) dst.set(key, s);
  }
}

function mergeFunc(name: string, overwrite: boolean): TemplateFunc {
  return (args) => {
    argAtLeast(name, args, 1);
    let dst = argMap(args, 0);
    for (let i = 1; i < args.length; i++) {
      const src = argMap(args, i);
      if (src === null) continue;
      dst ??= new Map();
      mergoMerge(dst, src, overwrite);
    }
    return dst;
  };
}

/** A map argument that must be writable: Go panics on assignment to a nil map. */
function writableMap(args: GoValue[], i: number): GoMap {
  const m = argMap(args, i);
  if (m === null) throw new TemplateFuncError('assignment to entry in nil map');
  return m;
}

function stringArgs(args: GoValue[], from: number): string[] {
  const out: string[] = [];
  for (let i = from; i < args.length; i++) out.push(argString(args, i));
  return out;
}

function digFrom(dict: GoMap, def: GoValue, keys: string[]): GoValue {
  const [k, ...rest] = keys;
  if (!dict.has(k!)) return def;
  const step = dict.get(k!) ?? null;
  if (rest.length === 0) return step;
  if (!(step instanceof Map)) {
    throw new TemplateFuncError(
      `interface conversion: interface {} is ${step === null ? 'nil' : 'not a map'}, not map[string]interface {}`,
    );
  }
  return digFrom(step, def, rest);
}

export const dictFunctions: Record<string, TemplateFunc> = {
  dict: (args) => {
    const out: GoMap = new Map();
    for (let i = 0; i < args.length; i += 2) {
      out.set(strval(args[i] ?? null), i + 1 < args.length ? (args[i + 1] ?? null) : '');
    }
    return out;
  },
  set: (args) => {
    argCount('set', args, 3);
    const d = writableMap(args, 0);
    d.set(argString(args, 1), args[2] ?? null);
    return d;
  },
  unset: (args) => {
    argCount('unset', args, 2);
    const d = argMap(args, 0);
    const key = argString(args, 1);
    d?.delete(key);
    return d;
  },
  hasKey: (args) => {
    argCount('hasKey', args, 2);
    return argMap(args, 0)?.has(argString(args, 1)) ?? false;
  },
  get: (args) => {
    argCount('get', args, 2);
    const d = argMap(args, 0);
    const key = argString(args, 1);
    return d?.has(key) ? (d.get(key) ?? null) : '';
  },
  pick: (args) => {
    argAtLeast('pick', args, 1);
    const d = argMap(args, 0);
    const out: GoMap = new Map();
    for (const k of stringArgs(args, 1)) if (d?.has(k)) out.set(k, d.get(k) ?? null);
    return out;
  },
  omit: (args) => {
    argAtLeast('omit', args, 1);
    const d = argMap(args, 0);
    const drop = new Set(stringArgs(args, 1));
    const out: GoMap = new Map();
    for (const [k, v] of d ?? []) if (!drop.has(k)) out.set(k, v);
    return out;
  },
  // Go's map order is random; charts sort the result (keys | sortAlpha). Insertion order here.
  keys: (args) => {
    const out: GoValue[] = [];
    for (let i = 0; i < args.length; i++) for (const k of argMap(args, i)?.keys() ?? []) out.push(k);
    return out;
  },
  values: (args) => {
    argCount('values', args, 1);
    return [...(argMap(args, 0)?.values() ?? [])];
  },
  pluck: (args) => {
    argAtLeast('pluck', args, 1);
    const name = argString(args, 0);
    const out: GoValue[] = [];
    for (let i = 1; i < args.length; i++) {
      const d = argMap(args, i);
      if (d?.has(name)) out.push(d.get(name) ?? null);
    }
    return out;
  },
  dig: (args) => {
    if (args.length < 3) throw new TemplateFuncError('dig needs at least three arguments');
    const dict = args[args.length - 1] ?? null;
    if (!(dict instanceof Map)) {
      throw new TemplateFuncError(`interface conversion: interface {} is not map[string]interface {}`);
    }
    const keys = args.slice(0, -2).map((k) => {
      if (typeof k !== 'string')
        throw new TemplateFuncError('interface conversion: interface {} is not string');
      return k;
    });
    return digFrom(dict, args[args.length - 2] ?? null, keys);
  },
  merge: mergeFunc('merge', false),
  mustMerge: mergeFunc('mustMerge', false),
  mergeOverwrite: mergeFunc('mergeOverwrite', true),
  mustMergeOverwrite: mergeFunc('mustMergeOverwrite', true),
  deepCopy: (args) => {
    argCount('deepCopy', args, 1);
    return deepCopy(args[0] ?? null);
  },
  mustDeepCopy: (args) => {
    argCount('mustDeepCopy', args, 1);
    if (args[0] === null) throw new TemplateArgError('copy: cannot copy nil');
    return deepCopy(args[0] ?? null);
  },
};
