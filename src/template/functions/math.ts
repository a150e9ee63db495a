import {createHash} from 'node:crypto';
import type {GoValue} from '../value.js';
import {argCount, argString, goKind, goType, parseGoInt, toFloat64, toInt64} from './convert.js';
import {deepEqual} from './equal.js';
import {TemplateFuncError, type TemplateFunc} from './types.js';

/** sprig's arithmetic (int64 through cast, wrapping as Go's int64 does), conversions, encodings, reflection. */

const wrap = (n: bigint): bigint => BigInt.asIntN(64, n);

function intOp(name: string, fn: (a: bigint, b: bigint) => bigint): TemplateFunc {
  return (args) => {
    argCount(name, args, 2);
    return wrap(fn(toInt64(args[0] ?? null), toInt64(args[1] ?? null)));
  };
}

function checkDivisor(b: bigint): bigint {
  if (b === 0n) throw new TemplateFuncError('runtime error: integer divide by zero');
  return b;
}

function fold(name: string, fn: (a: bigint, b: bigint) => bigint): TemplateFunc {
  return (args) => {
    if (args.length === 0)
      throw new TemplateFuncError(`wrong number of args for ${name}: want at least 1 got 0`);
    return args.slice(1).reduce<bigint>((acc, v) => wrap(fn(acc, toInt64(v))), toInt64(args[0] ?? null));
  };
}

function foldFloat(fn: (a: number, b: number) => number): TemplateFunc {
  return (args) =>
    args.slice(1).reduce<number>((acc, v) => fn(acc, toFloat64(v)), toFloat64(args[0] ?? null));
}

/** Go's math.Round: half away from zero. */
const roundHalfAway = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

export const mathFunctions: Record<string, TemplateFunc> = {
  add: (args) => args.reduce<bigint>((acc, v) => wrap(acc + toInt64(v)), 0n),
  add1: (args) => {
    argCount('add1', args, 1);
    return wrap(toInt64(args[0] ?? null) + 1n);
  },
  sub: intOp('sub', (a, b) => a - b),
  mul: fold('mul', (a, b) => a * b),
  div: intOp('div', (a, b) => a / checkDivisor(b)),
  mod: intOp('mod', (a, b) => a % checkDivisor(b)),
  max: fold('max', (a, b) => (b > a ? b : a)),
  min: fold('min', (a, b) => (b < a ? b : a)),
  addf: foldFloat((a, b) => a + b),
  subf: foldFloat((a, b) => a - b),
  mulf: (args) => args.reduce<number>((acc, v) => acc * toFloat64(v), 1),
  divf: foldFloat((a, b) => a / b),
  maxf: foldFloat((a, b) => Math.max(a, b)),
  minf: foldFloat((a, b) => Math.min(a, b)),
  floor: (args) => Math.floor(toFloat64(args[0] ?? null)),
  ceil: (args) => Math.ceil(toFloat64(args[0] ?? null)),
  round: (args) => {
    const p = Number(toInt64(args[1] ?? null));
    const m = 10 ** p;
    return roundHalfAway(toFloat64(args[0] ?? null) * m) / m;
  },
  int: (args) => {
    argCount('int', args, 1);
    return toInt64(args[0] ?? null);
  },
  int64: (args) => {
    argCount('int64', args, 1);
    return toInt64(args[0] ?? null);
  },
  float64: (args) => {
    argCount('float64', args, 1);
    return toFloat64(args[0] ?? null);
  },
  // strconv.Atoi: decimal only; errors are 0.
  atoi: (args) => {
    argCount('atoi', args, 1);
    const s = argString(args, 0);
    return /^[+-]?\d+$/.test(s) ? (parseGoInt(s.replace(/^([+-]?)0+(?=\d)/, '$1')) ?? 0n) : 0n;
  },
  b64enc: (args) => {
    argCount('b64enc', args, 1);
    return Buffer.from(argString(args, 0), 'utf8').toString('base64');
  },
  b64dec: (args) => {
    argCount('b64dec', args, 1);
    const s = argString(args, 0);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return 'illegal base64 data at input byte 0';
    return Buffer.from(s, 'base64').toString('utf8');
  },
  sha256sum: (args) => {
    argCount('sha256sum', args, 1);
    return createHash('sha256').update(argString(args, 0), 'utf8').digest('hex');
  },
  sha1sum: (args) => {
    argCount('sha1sum', args, 1);
    return createHash('sha1').update(argString(args, 0), 'utf8').digest('hex');
  },
  typeOf: (args) => {
    argCount('typeOf', args, 1);
    return goType(args[0] ?? null);
  },
  kindOf: (args) => {
    argCount('kindOf', args, 1);
    return goKind(args[0] ?? null);
  },
  kindIs: (args) => {
    argCount('kindIs', args, 2);
    return argString(args, 0) === goKind(args[1] ?? null);
  },
  typeIs: (args) => {
    argCount('typeIs', args, 2);
    return argString(args, 0) === goType(args[1] ?? null);
  },
  deepEqual: (args) => {
    argCount('deepEqual', args, 2);
    return deepEqual(args[0] ?? null, args[1] ?? null);
  },
};

export type {GoValue};
