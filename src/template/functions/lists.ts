import type {GoValue} from '../value.js';
import {argBool, argCount, argInt, argString, goType, isEmpty, strval} from './convert.js';
import {compareBytes} from './gofmt.js';
import {deepEqual} from './equal.js';
import {TemplateFuncError, type TemplateFunc} from './types.js';

/** sprig's list functions and its "defaults" family (default, empty, coalesce, ternary). */

/** A list argument; sprig panics (an execution error) on anything that is not a slice. */
function listArg(name: string, value: GoValue): GoValue[] {
  if (Array.isArray(value)) return value;
  throw new TemplateFuncError(`Cannot ${name} on type ${goType(value)}`);
}

/** sprig's strslice: nil elements dropped, everything else through strval. */
export function strslice(value: GoValue): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(strval);
  return [strval(value)];
}

function uniq(list: GoValue[]): GoValue[] {
  const out: GoValue[] = [];
  for (const v of list) if (!out.some((o) => deepEqual(o, v))) out.push(v);
  return out;
}

const ints = (ns: number[]): GoValue[] => ns.map((n) => BigInt(n));

function untilStep(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  if (step === 0) return out;
  if (stop < start) {
    if (step >= 0) return out;
    for (let i = start; i > stop; i += step) out.push(i);
    return out;
  }
  if (step <= 0) return out;
  for (let i = start; i < stop; i += step) out.push(i);
  return out;
}

export const listFunctions: Record<string, TemplateFunc> = {
  default: (args) => {
    if (args.length === 0)
      throw new TemplateFuncError('wrong number of args for default: want at least 1 got 0');
    const given = args.slice(1);
    if (given.length === 0 || isEmpty(given[0] ?? null)) return args[0] ?? null;
    return given[0] ?? null;
  },
  empty: (args) => {
    argCount('empty', args, 1);
    return isEmpty(args[0] ?? null);
  },
  coalesce: (args) => {
    for (const v of args) if (!isEmpty(v)) return v;
    return null;
  },
  all: (args) => args.every((v) => !isEmpty(v)),
  any: (args) => args.some((v) => !isEmpty(v)),
  ternary: (args) => {
    argCount('ternary', args, 3);
    return argBool(args, 2) ? (args[0] ?? null) : (args[1] ?? null);
  },
  list: (args) => [...args],
  append: (args) => {
    argCount('append', args, 2);
    return [...listArg('push', args[0] ?? null), args[1] ?? null];
  },
  prepend: (args) => {
    argCount('prepend', args, 2);
    return [args[1] ?? null, ...listArg('prepend', args[0] ?? null)];
  },
  first: (args) => {
    argCount('first', args, 1);
    const l = listArg('find first', args[0] ?? null);
    return l.length === 0 ? null : (l[0] ?? null);
  },
  last: (args) => {
    argCount('last', args, 1);
    const l = listArg('find last', args[0] ?? null);
    return l.length === 0 ? null : (l[l.length - 1] ?? null);
  },
  rest: (args) => {
    argCount('rest', args, 1);
    const l = listArg('find rest', args[0] ?? null);
    return l.length === 0 ? null : l.slice(1);
  },
  initial: (args) => {
    argCount('initial', args, 1);
    const l = listArg('find initial', args[0] ?? null);
    return l.length === 0 ? null : l.slice(0, -1);
  },
  reverse: (args) => {
    argCount('reverse', args, 1);
    return [...listArg('reverse', args[0] ?? null)].reverse();
  },
  uniq: (args) => {
    argCount('uniq', args, 1);
    return uniq(listArg('find uniq', args[0] ?? null));
  },
  compact: (args) => {
    argCount('compact', args, 1);
    return listArg('compact', args[0] ?? null).filter((v) => !isEmpty(v));
  },
  has: (args) => {
    argCount('has', args, 2);
    const hay = args[1] ?? null;
    if (hay === null) return false;
    return listArg('find has', hay).some((v) => deepEqual(v, args[0] ?? null));
  },
  without: (args) => {
    const l = listArg('find without', args[0] ?? null);
    const drop = args.slice(1);
    return l.filter((v) => !drop.some((d) => deepEqual(d, v)));
  },
  concat: (args) => {
    const out: GoValue[] = [];
    for (const l of args) out.push(...listArg('concat', l));
    return out;
  },
  join: (args) => {
    argCount('join', args, 2);
    return strslice(args[1] ?? null).join(argString(args, 0));
  },
  toStrings: (args) => {
    argCount('toStrings', args, 1);
    return strslice(args[0] ?? null);
  },
  sortAlpha: (args) => {
    argCount('sortAlpha', args, 1);
    const v = args[0] ?? null;
    // sprig sorts only lists; anything else comes back as a one-element list of its %v.
    if (!Array.isArray(v)) return [strval(v)];
    return strslice(v).sort(compareBytes);
  },
  until: (args) => {
    argCount('until', args, 1);
    const n = argInt(args, 0);
    return ints(untilStep(0, n, n < 0 ? -1 : 1));
  },
  untilStep: (args) => {
    argCount('untilStep', args, 3);
    return ints(untilStep(argInt(args, 0), argInt(args, 1), argInt(args, 2)));
  },
};
