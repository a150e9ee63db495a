import {GoFunc, GoStruct, type GoValue} from '../value.js';

/**
 * Go's fmt as sprig and Helm use it on template values: `%v` (strval, cat, toString) and `%q`
 * (quote). Numbers follow strconv's shortest 'g' format, where the exponent form starts at 1e+06.
 */

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent when exp < -4 or exp >= 6. */
export function formatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, expText] = f.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  // Inside this range JavaScript's own shortest form is fixed-point, as Go's %f with -1 precision.
  return String(f);
}

/** fmt's %v of a value inside a template (the top-level nil prints as `<nil>` here). */
export function formatV(value: GoValue): string {
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatFloatG(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(formatV).join(' ')}]`;
  if (value instanceof Map) {
    // fmt prints maps with their keys sorted.
    const keys = [...value.keys()].sort(compareBytes);
    return `map[${keys.map((k) => `${k}:${formatV(value.get(k) ?? null)}`).join(' ')}]`;
  }
  if (value instanceof GoStruct) return `{${[...value.fields.values()].map(formatV).join(' ')}}`;
  if (value instanceof GoFunc) return '<func>';
  return '';
}

/** Go compares strings byte-wise (UTF-8); for code points this is code-point order. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < ca.length && i < cb.length; i++) {
    const x = ca[i]!.codePointAt(0)!;
    const y = cb[i]!.codePointAt(0)!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

/** strconv.Quote: Go's double-quoted string with its escapes (what `%q` writes). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (isPrint(ch)) out += ch;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
