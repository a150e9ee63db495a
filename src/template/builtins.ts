import {sprint, sprintf, sprintln, goTypeName} from './fmt.js';
import {Executor, isTrue, type EngineFunc, type V} from './exec.js';
import {TemplateFuncError} from './functions/types.js';
import {parse} from './parse.js';

/**
 * Go text/template's builtin functions (comparison with Go's type rules, index, len, slice,
 * print*) and Helm's engine functions (include, tpl, required, lookup, fail). and/or are in the
 * executor, since they short-circuit.
 */
type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid';
const kindOf = (v: V): Kind =>
  typeof v === 'boolean'
    ? 'bool'
    : typeof v === 'bigint'
      ? 'int'
      : typeof v === 'number'
        ? 'float'
        : typeof v === 'string'
          ? 'string'
          : 'invalid';
const isNil = (v: V): boolean => v === null || v === undefined;
const err = (m: string): never => {
  throw new TemplateFuncError(m);
};

function eq(args: V[]): boolean {
  if (args.length < 2) err('missing argument for comparison');
  const a = args[0];
  const k1 = kindOf(a);
  for (const b of args.slice(1)) {
    const k2 = kindOf(b);
    let truth = false;
    if (k1 !== k2) {
      if (!isNil(a) && !isNil(b))
        err(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
    } else if (k1 !== 'invalid') truth = a === b;
    else if (isNil(a) || isNil(b)) truth = isNil(a) === isNil(b);
    else err(`non-comparable type ${goTypeName(b)}: ${goTypeName(b)}`);
    if (truth) return true;
  }
  return false;
}

function lt(args: V[]): boolean {
  if (args.length !== 2) err(`wrong number of args: want 2 got ${args.length}`);
  const [a, b] = args;
  const k1 = kindOf(a);
  const k2 = kindOf(b);
  if (k1 === 'invalid' || k2 === 'invalid') err('invalid type for comparison');
  if (k1 !== k2) err('incompatible types for comparison');
  if (k1 === 'bool') err('invalid type for comparison');
  if (k1 === 'string') return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string)) < 0;
  return (a as number) < (b as number);
}

function length(args: V[]): V {
  const [v] = args;
  if (v === null) return err('len of nil pointer');
  if (v === undefined) return err('len of untyped nil');
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v));
  if (Array.isArray(v)) return BigInt(v.length);
  if (v instanceof Map) return BigInt(v.size);
  return err(`len of type ${goTypeName(v)}`);
}

function indexArg(i: V, len: number, what = 'slice/array'): number {
  if (typeof i !== 'bigint') return err(`cannot index ${what} with type ${goTypeName(i)}`);
  if (i < 0n || i >= BigInt(len)) err(`index out of range: ${i}`);
  return Number(i);
}

function index(args: V[]): V {
  let item = args[0];
  if (isNil(item)) return err('index of untyped nil');
  for (const ix of args.slice(1)) {
    if (item === null) return err('index of nil pointer');
    if (Array.isArray(item)) item = item[indexArg(ix, item.length)]!;
    else if (typeof item === 'string')
      item = BigInt(Buffer.from(item)[indexArg(ix, Buffer.byteLength(item), 'string')]!);
    else if (item instanceof Map) {
      if (isNil(ix)) err('value is nil; should be of type string');
      if (typeof ix !== 'string') err(`value has type ${goTypeName(ix)}; should be string`);
      const r = item.get(ix as string);
      item = r === undefined ? null : r;
    } else return err(`can't index item of type ${goTypeName(item)}`);
  }
  return item;
}

function slice(args: V[]): V {
  const [item, ...ix] = args;
  if (isNil(item)) return err('slice of untyped nil');
  if (ix.length > 3) err(`too many slice indexes: ${ix.length}`);
  const len =
    typeof item === 'string'
      ? Buffer.byteLength(item)
      : Array.isArray(item)
        ? item.length
        : err(`can't slice item of type ${goTypeName(item)}`);
  const idx = ix.map((i) => {
    if (typeof i !== 'bigint') return err(`cannot index slice/array with type ${goTypeName(i)}`);
    if (i < 0n || i > BigInt(len)) err(`index out of range: ${i}`);
    return Number(i);
  });
  const lo = idx[0] ?? 0;
  const hi = idx[1] ?? len;
  if (lo > hi) err(`invalid slice index: ${lo} > ${hi}`);
  if (typeof item === 'string') return Buffer.from(item).subarray(lo, hi).toString();
  return (item as V[]).slice(lo, hi) as V as never;
}

const quoteHtml = (s: string): string =>
  s.replace(
    /[&'<>"\0]/g,
    (c) => ({'&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\0': '\uFFFD'})[c]!,
  );

/** The includes in flight per name: Helm stops a template that includes itself 1000 times. */
const INCLUDE_LIMIT = 1000;

function include(args: V[], ex: Executor): V {
  const [name, data] = args;
  if (typeof name !== 'string') return err(`wrong type for value; expected string; got ${goTypeName(name)}`);
  const t = ex.set.trees.get(name);
  if (!t) return err(`template: no template ${JSON.stringify(name)} associated with template "gotpl"`);
  if (ex.depth >= INCLUDE_LIMIT)
    err(`unable to execute template: rendering template has a nested reference name: ${name}`);
  return new Executor(ex.set, t, data ?? undefined, ex.depth + 1).run(data ?? undefined);
}

function tpl(args: V[], ex: Executor): V {
  const [text, vals] = args;
  if (typeof text !== 'string') return err(`wrong type for value; expected string; got ${goTypeName(text)}`);
  const tmplName =
    vals instanceof Map && vals.get('Template') instanceof Map
      ? (vals.get('Template') as Map<string, V>).get('Name')
      : undefined;
  const name = typeof tmplName === 'string' ? tmplName : 'gotpl';
  const trees = new Map(ex.set.trees);
  const own = parse(name, text, (f) => hasFunction(ex.set.funcs, f));
  for (const [k, v] of own) trees.set(k, v);
  const set = {...ex.set, trees};
  try {
    return new Executor(set, own.get(name)!, vals, ex.depth + 1).run(vals).replaceAll('<no value>', '');
  } catch (e) {
    return err(`error during tpl function execution for ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
}

/** Helm marks the messages of required and fail so its error report can lift them out. */
export const helmMessage = (msg: string): string => `HELM_ERR_START${msg}HELM_ERR_END`;

function required(args: V[]): V {
  const [msg, val] = args;
  if (isNil(val) || val === '') err(helmMessage(String(msg)));
  return val;
}

export const engineFuncs: ReadonlyMap<string, EngineFunc> = new Map<string, EngineFunc>([
  ['eq', (a) => eq(a)],
  ['ne', (a) => (a.length !== 2 ? err(`wrong number of args for ne: want 2 got ${a.length}`) : !eq(a))],
  ['lt', (a) => lt(a)],
  ['le', (a) => lt(a) || eq(a)],
  ['gt', (a) => !(lt(a) || eq(a))],
  ['ge', (a) => !lt(a)],
  [
    'not',
    (a) => (a.length !== 1 ? err(`wrong number of args for not: want 1 got ${a.length}`) : !isTrue(a[0])),
  ],
  ['len', length],
  ['index', index],
  ['slice', slice],
  ['print', (a) => sprint(a)],
  [
    'printf',
    (a) =>
      sprintf(typeof a[0] === 'string' ? a[0] : err('wrong type for value; expected string'), a.slice(1)),
  ],
  ['println', (a) => sprintln(a)],
  ['html', (a) => quoteHtml(sprint(a))],
  ['urlquery', (a) => encodeURIComponent(sprint(a)).replace(/%20/g, '+')],
  [
    'js',
    (a) =>
      sprint(a).replace(
        /[\\'"<>&=\n\r]/g,
        (c) => '\\u00' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
      ),
  ],
  ['include', include],
  ['tpl', tpl],
  ['required', required],
  ['lookup', () => new Map()],
  ['fail', (a) => err(helmMessage(String(a[0] ?? '')))],
]);

const BUILTIN_ONLY = new Set(['and', 'or']);

/** Whether a template may call `name` (checked at parse time, as Go does). */
export function hasFunction(funcs: ReadonlyMap<string, unknown>, name: string): boolean {
  return engineFuncs.has(name) || funcs.has(name) || BUILTIN_ONLY.has(name);
}
