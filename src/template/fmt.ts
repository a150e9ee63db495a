import {GoFunc, GoStruct, type GoValue} from './value.js';

/**
 * Go's fmt for the values templates see: Sprint, Sprintln, Sprintf and %v. Floats print as Go's
 * %v does (shortest digits, exponent form from 1e+06 or below 1e-04), maps as map[k:v] with
 * sorted keys, lists as [a b], nil as <nil>.
 */
export function formatFloat(f: number, verb = 'v', prec = -1): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (verb === 'f' || verb === 'F') return fixed(f, prec < 0 ? 6 : prec);
  if (verb === 'e' || verb === 'E')
    return expForm(prec < 0 ? f.toExponential(6) : f.toExponential(prec), verb === 'E');
  // %v and %g: Go's shortest digits switch to exponent form when exp < -4 || exp >= 6 (or the precision).
  const e = prec < 0 ? f.toExponential() : f.toExponential(Math.max(prec, 1) - 1);
  const exp = Number(e.slice(e.indexOf('e') + 1));
  const limit = prec < 0 ? 6 : Math.max(prec, 1);
  if (exp < -4 || exp >= limit) return expForm(prec < 0 ? e : e.replace(/\.?0+e/, 'e'), verb === 'G');
  if (prec < 0) return Object.is(f, -0) ? '-0' : plain(f);
  return plain(Number(f.toPrecision(Math.max(prec, 1))));
}

function plain(f: number): string {
  const s = String(f);
  if (!s.includes('e')) return s;
  return f.toFixed(20).replace(/\.?0+$/, '');
}

function fixed(f: number, prec: number): string {
  if (Math.abs(f) < 1e21) return f.toFixed(prec);
  return BigInt(Math.round(f)).toString() + (prec > 0 ? '.' + '0'.repeat(prec) : '');
}

/** JS "1.5e+6" → Go "1.5e+06". */
function expForm(e: string, upper: boolean): string {
  const [m, x] = e.split('e') as [string, string];
  const sign = x.startsWith('-') ? '-' : '+';
  const digits = x.replace(/^[+-]/, '').padStart(2, '0');
  return `${m}${upper ? 'E' : 'e'}${sign}${digits}`;
}

/** %v of a value; `top` distinguishes a nil argument (<nil>). */
export function formatV(v: GoValue | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatFloat(v);
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return '[' + v.map(formatV).join(' ') + ']';
  if (v instanceof Map) {
    const keys = [...v.keys()].sort(compareBytes);
    return 'map[' + keys.map((k) => `${k}:${formatV(v.get(k)!)}`).join(' ') + ']';
  }
  if (v instanceof GoStruct) return '{' + [...v.fields.values()].map(formatV).join(' ') + '}';
  if (v instanceof GoFunc) return '0x0';
  return String(v);
}

/** Go compares strings bytewise (UTF-8), which for these keys is code-unit order except surrogates. */
const NEEDS_BYTES = /[\uD800-\uFFFF]/;
export function compareBytes(a: string, b: string): number {
  if (NEEDS_BYTES.test(a) || NEEDS_BYTES.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

const isString = (v: GoValue | undefined): boolean => typeof v === 'string';

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: (GoValue | undefined)[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && !isString(a) && !isString(args[i - 1])) out += ' ';
    out += formatV(a);
  });
  return out;
}

/** fmt.Sprintln: always spaces, then a newline. */
export function sprintln(args: (GoValue | undefined)[]): string {
  return args.map(formatV).join(' ') + '\n';
}

export function goTypeName(v: GoValue | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Map) return 'map[string]interface {}';
  if (v instanceof GoStruct) return v.typeName;
  return 'func()';
}

function quoteGo(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

function pad(s: string, width: number, minus: boolean, zero: boolean): string {
  if (width <= s.length) return s;
  if (minus) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

function bad(verb: string, v: GoValue | undefined): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${formatV(v)})`;
}

function formatOne(verb: string, v: GoValue | undefined, flags: string, prec: number): string {
  const plus = flags.includes('+');
  if (verb === 'v') {
    if (plus && typeof v === 'number' && v >= 0) return '+' + formatV(v);
    return formatV(v);
  }
  if (verb === 'T') return goTypeName(v);
  if (v === null || v === undefined) return bad(verb, v);
  switch (verb) {
    case 's':
      if (typeof v === 'string') return prec >= 0 ? [...v].slice(0, prec).join('') : v;
      if (Array.isArray(v)) return '[' + v.map((x) => formatOne('s', x, flags, prec)).join(' ') + ']';
      if (v instanceof Map) {
        const keys = [...v.keys()].sort(compareBytes);
        return 'map[' + keys.map((k) => `${k}:${formatOne('s', v.get(k)!, flags, prec)}`).join(' ') + ']';
      }
      return bad(verb, v);
    case 'q':
      if (typeof v === 'string') return quoteGo(v);
      if (typeof v === 'bigint') return `'${String.fromCodePoint(Number(v))}'`;
      if (Array.isArray(v)) return '[' + v.map((x) => formatOne('q', x, flags, prec)).join(' ') + ']';
      return bad(verb, v);
    case 'd':
      if (typeof v === 'bigint') return (plus && v >= 0n ? '+' : '') + v.toString();
      if (Array.isArray(v)) return '[' + v.map((x) => formatOne('d', x, flags, prec)).join(' ') + ']';
      return bad(verb, v);
    case 't':
      return typeof v === 'boolean' ? String(v) : bad(verb, v);
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      if (typeof v === 'number')
        return (plus && v >= 0 ? '+' : '') + formatFloat(v, verb.toLowerCase(), prec);
      return bad(verb, v);
    case 'x':
    case 'X': {
      let s: string;
      if (typeof v === 'bigint') s = (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(16);
      else if (typeof v === 'string') s = Buffer.from(v).toString('hex');
      else return bad(verb, v);
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'o':
      return typeof v === 'bigint' ? v.toString(8) : bad(verb, v);
    case 'b':
      return typeof v === 'bigint' ? v.toString(2) : bad(verb, v);
    case 'c':
      return typeof v === 'bigint' ? String.fromCodePoint(Number(v)) : bad(verb, v);
    default:
      return bad(verb, v);
  }
}

/** fmt.Sprintf for the verbs and flags charts use. */
export function sprintf(format: string, args: (GoValue | undefined)[]): string {
  let out = '';
  let argi = 0;
  const re = /%([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*)?)?([a-zA-Z%])?/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags = '', w, pr, verb] = m;
    if (verb === undefined) {
      out += '%!(NOVERB)';
      continue;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    let width = -1;
    if (w === '*') width = Number(args[argi++] ?? 0);
    else if (w !== undefined) width = Number(w);
    let prec = -1;
    if (m[0].includes('.')) prec = pr === '*' ? Number(args[argi++] ?? 0) : pr === undefined ? 0 : Number(pr);
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const s = formatOne(verb, args[argi++], flags, prec);
    out +=
      width >= 0
        ? pad(s, width, flags.includes('-'), flags.includes('0') && verb !== 's' && verb !== 'v')
        : s;
  }
  out += format.slice(last);
  if (argi < args.length)
    out +=
      '%!(EXTRA ' +
      args
        .slice(argi)
        .map((a) => `${goTypeName(a)}=${formatV(a)}`)
        .join(', ') +
      ')';
  return out;
}
