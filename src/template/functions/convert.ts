import {GoFunc, GoStruct, type GoMap, type GoValue} from '../value.js';
import {formatFloatG, formatV} from './gofmt.js';
import {TemplateArgError, TemplateFuncError} from './types.js';

/** Go's %T of a value as the charts' values hold them. */
export function goType(value: GoValue): string {
  if (value === null) return '<nil>';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'bigint') return 'int';
  if (Array.isArray(value)) return '[]interface {}';
  if (value instanceof Map) return 'map[string]interface {}';
  if (value instanceof GoStruct) return value.typeName;
  if (value instanceof GoFunc) return 'func';
  return 'unknown';
}

/** reflect.Kind's name, as sprig's kindOf/kindIs print it. */
export function goKind(value: GoValue): string {
  if (value === null) return 'invalid';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'bigint') return 'int';
  if (Array.isArray(value)) return 'slice';
  if (value instanceof Map) return 'map';
  if (value instanceof GoStruct) return 'struct';
  return 'func';
}

/** sprig's strval: strings as they are, everything else through %v. */
export function strval(value: GoValue): string {
  return typeof value === 'string' ? value : formatV(value);
}

/** sprig's empty(): the zero value of its Go kind (structs are never empty). */
export function isEmpty(value: GoValue): boolean {
  if (value === null) return true;
  if (typeof value === 'string') return value.length === 0;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value === 0;
  if (typeof value === 'bigint') return value === 0n;
  if (Array.isArray(value)) return value.length === 0;
  if (value instanceof Map) return value.size === 0;
  return false;
}

// Go template argument conversion: a value must already have the parameter's type.
function wrongType(expected: string, value: GoValue, index: number): TemplateArgError {
  if (value === null) return new TemplateArgError(`invalid value; expected ${expected}`, index, expected);
  return new TemplateArgError(
    `wrong type for value; expected ${expected}; got ${goType(value)}`,
    index,
    expected,
  );
}

export function argString(args: GoValue[], i: number): string {
  const v = args[i] ?? null;
  if (typeof v !== 'string') throw wrongType('string', v, i);
  return v;
}

export function argInt(args: GoValue[], i: number): number {
  const v = args[i] ?? null;
  if (typeof v !== 'bigint') throw wrongType('int', v, i);
  return Number(v);
}

export function argBool(args: GoValue[], i: number): boolean {
  const v = args[i] ?? null;
  if (typeof v !== 'boolean') throw wrongType('bool', v, i);
  return v;
}

/** A map[string]interface{} parameter; nil converts to a nil map (read-only, empty). */
export function argMap(args: GoValue[], i: number): GoMap | null {
  const v = args[i] ?? null;
  if (v === null) return null;
  if (!(v instanceof Map)) throw wrongType('map[string]interface {}', v, i);
  return v;
}

export function argCount(name: string, args: GoValue[], want: number): void {
  if (args.length !== want) {
    throw new TemplateFuncError(`wrong number of args for ${name}: want ${want} got ${args.length}`);
  }
}

export function argAtLeast(name: string, args: GoValue[], want: number): void {
  if (args.length < want) {
    throw new TemplateFuncError(`wrong number of args for ${name}: want at least ${want} got ${args.length}`);
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's int64(f) conversion: truncation toward zero (out of range is undefined in Go; clamp). */
function floatToInt64(f: number): bigint {
  if (Number.isNaN(f)) return INT64_MIN;
  const t = Math.trunc(f);
  if (t >= 9.223372036854776e18) return INT64_MIN; // what amd64 yields for overflow
  if (t < -9.223372036854776e18) return INT64_MIN;
  return BigInt(t);
}

/** cast's trimDecimal: "12.0" and "12.5" parse as 12 ("1.2.3" is left alone and fails). */
function trimDecimal(s: string): string {
  if (!s.includes('.')) return s;
  const m = /^([-+]?\d*)(\.\d*)?$/.exec(s);
  if (!m) return s;
  const whole = m[1]!;
  if (whole === '-' || whole === '+') return `${whole}0`;
  return whole === '' ? '0' : whole;
}

/** strconv.ParseInt(s, 0, 64): base prefixes 0x/0o/0b and a leading 0 for octal. */
export function parseGoInt(s: string): bigint | undefined {
  // With base 0, Go allows '_' between digits and after a base prefix.
  const m =
    /^([+-]?)(0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|0(_?[0-7])*|[1-9](_?[0-9])*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!.replace(/_/g, '');
  let n: bigint;
  if (/^0[oO]/.test(body)) n = BigInt(`0o${body.slice(2)}`);
  else if (/^0[0-7]+$/.test(body)) n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body);
  if (m[1] === '-') n = -n;
  if (n < INT64_MIN || n > INT64_MAX) return undefined;
  return n;
}

/** cast.ToInt64 as sprig calls it: failures are 0. */
export function toInt64(value: GoValue): bigint {
  if (value === null) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return floatToInt64(value);
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'string') {
    if (value === '') return 0n;
    return parseGoInt(trimDecimal(value)) ?? 0n;
  }
  return 0n;
}

/** Go's strconv.ParseFloat(s, 64) for the forms values carry (no hex floats). */
export function parseGoFloat(s: string): number | undefined {
  const t = s.replace(/^([+-]?)(?=\d|\.\d)/, '$1');
  if (/^[+-]?(\d+(_\d+)*(\.(\d+(_\d+)*)?)?|\.\d+(_\d+)*)([eE][+-]?\d+)?$/.test(t)) {
    if (t.includes('_')) return undefined;
    return Number(t);
  }
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  return undefined;
}

/** cast.ToFloat64 as sprig calls it: failures are 0. */
export function toFloat64(value: GoValue): number {
  if (value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return value === '' ? 0 : (parseGoFloat(value) ?? 0);
  return 0;
}

export {formatFloatG};
