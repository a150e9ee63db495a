import type {GoValue} from '../value.js';
import {argCount, argInt, argString, strval} from './convert.js';
import {goQuote} from './gofmt.js';
import {TemplateFuncError, type TemplateFunc} from './types.js';

/** sprig's string functions: Go's strings package on the argument order sprig chose. */

const unary =
  (name: string, fn: (s: string) => string): TemplateFunc =>
  (args) => {
    argCount(name, args, 1);
    return fn(argString(args, 0));
  };

const binary =
  (name: string, fn: (a: string, b: string) => GoValue): TemplateFunc =>
  (args) => {
    argCount(name, args, 2);
    return fn(argString(args, 0), argString(args, 1));
  };

// unicode.IsSpace: JavaScript's \s also matches U+FEFF, which Go keeps.
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const GO_SPACE_ALL = new RegExp(`[${GO_SPACE}]`, 'gu');

/** unicode.IsSpace for a UTF-16 unit (every Go space is in the BMP). */
function isGoSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Go's strings.TrimSpace: Unicode white space at both ends (scanned: charts trim whole files). */
function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** strings.Trim(s, cutset): every leading and trailing code point found in cutset. */
function trimCutset(s: string, cutset: string): string {
  const set = new Set(cutset);
  const chars = [...s];
  let start = 0;
  let end = chars.length;
  while (start < end && set.has(chars[start]!)) start++;
  while (end > start && set.has(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

/** strings.Repeat: a negative count is a panic, which the template reports. */
function goRepeat(s: string, n: number): string {
  if (n < 0) throw new TemplateFuncError('strings: negative Repeat count');
  return s.repeat(n);
}

/** Go maps case rune by rune (unicode.ToUpper): "ß" stays "ß", where JavaScript writes "SS". */
function mapRunes(s: string, fn: (c: string) => string): string {
  let out = '';
  for (const c of s) {
    const m = fn(c);
    out += [...m].length === 1 ? m : c;
  }
  return out;
}

/** strings.Title (deprecated in Go, still sprig's): upper-case the first letter of each word. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    const isSep = !/[\p{L}\p{N}_'’]/u.test(prev);
    out += isSep ? mapRunes(ch, (c) => c.toUpperCase()) : ch;
    prev = ch;
  }
  return out;
}

/** Go's strings.Split: an empty separator splits after each code point; an empty input gives [""]. */
export function goSplit(s: string, sep: string): string[] {
  if (sep === '') return [...s];
  return s.split(sep);
}

/** Byte offsets as Go slices strings (trunc counts bytes); decoded back leniently. */
function truncBytes(s: string, c: number): string {
  const bytes = Buffer.from(s, 'utf8');
  if (c < 0 && bytes.length + c > 0) return bytes.subarray(bytes.length + c).toString('utf8');
  if (c >= 0 && bytes.length > c) return bytes.subarray(0, c).toString('utf8');
  return s;
}

function quoteAll(args: GoValue[], wrap: (s: string) => string): string {
  const out: string[] = [];
  for (const a of args) if (a !== null) out.push(wrap(strval(a)));
  return out.join(' ');
}

export const stringFunctions: Record<string, TemplateFunc> = {
  trim: unary('trim', trimSpace),
  trimAll: binary('trimAll', (cutset, s) => trimCutset(s, cutset)),
  trimPrefix: binary('trimPrefix', (prefix, s) => (s.startsWith(prefix) ? s.slice(prefix.length) : s)),
  trimSuffix: binary('trimSuffix', (suffix, s) =>
    suffix !== '' && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s,
  ),
  upper: unary('upper', (s) => mapRunes(s, (c) => c.toUpperCase())),
  lower: unary('lower', (s) => mapRunes(s, (c) => c.toLowerCase())),
  title: unary('title', title),
  contains: binary('contains', (substr, s) => s.includes(substr)),
  hasPrefix: binary('hasPrefix', (prefix, s) => s.startsWith(prefix)),
  hasSuffix: binary('hasSuffix', (suffix, s) => s.endsWith(suffix)),
  replace: (args) => {
    argCount('replace', args, 3);
    const [from, to, src] = [argString(args, 0), argString(args, 1), argString(args, 2)];
    return from === '' ? goSplit(src, '').reduce((acc, ch) => acc + ch + to, to) : src.split(from).join(to);
  },
  repeat: (args) => {
    argCount('repeat', args, 2);
    return goRepeat(argString(args, 1), argInt(args, 0));
  },
  trunc: (args) => {
    argCount('trunc', args, 2);
    return truncBytes(argString(args, 1), argInt(args, 0));
  },
  indent: (args) => {
    argCount('indent', args, 2);
    const pad = goRepeat(' ', argInt(args, 0));
    return pad + argString(args, 1).replaceAll('\n', `\n${pad}`);
  },
  nindent: (args) => {
    argCount('nindent', args, 2);
    const pad = goRepeat(' ', argInt(args, 0));
    return `\n${pad}${argString(args, 1).replaceAll('\n', `\n${pad}`)}`;
  },
  quote: (args) => quoteAll(args, goQuote),
  squote: (args) => quoteAll(args, (s) => `'${s}'`),
  cat: (args) =>
    args
      .filter((a) => a !== null)
      .map(strval)
      .join(' '),
  toString: (args: GoValue[]) => {
    argCount('toString', args, 1);
    return strval(args[0] ?? null);
  },
  split: binary('split', (sep, s) => {
    const out = new Map<string, GoValue>();
    goSplit(s, sep).forEach((part, i) => out.set(`_${i}`, part));
    return out;
  }),
  splitList: binary('splitList', (sep, s) => goSplit(s, sep)),
  splitn: (args) => {
    argCount('splitn', args, 3);
    const sep = argString(args, 0);
    const n = argInt(args, 1);
    const s = argString(args, 2);
    const out = new Map<string, GoValue>();
    let parts: string[] = [];
    if (n !== 0) {
      parts = goSplit(s, sep);
      if (n > 0 && parts.length > n) parts = [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
    }
    parts.forEach((part, i) => out.set(`_${i}`, part));
    return out;
  },
  nospace: unary('nospace', (s) => s.replace(GO_SPACE_ALL, '')),
  abbrev: (args) => {
    argCount('abbrev', args, 2);
    const width = argInt(args, 0);
    const s = argString(args, 1);
    if (width < 4 || s.length <= width) return s;
    return `${s.slice(0, width - 3)}...`;
  },
};
