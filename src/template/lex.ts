/**
 * Lexer for Go text/template with `{{ }}` delimiters. It follows Go's rules for trim markers
 * (`{{- ` and ` -}}` need the space), comments (`{{/* … *\/}}`, which must close right at the
 * delimiter) and the tokens inside actions. Spaces are tokens too: Go's parser uses them to
 * separate a command's operands, so `.a.b` and `.a .b` differ.
 */
export type TokKind =
  | 'text'
  | 'left'
  | 'right'
  | 'space'
  | 'ident'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'dot'
  | 'string'
  | 'rawstring'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'declare'
  | 'assign'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'eof';

export interface Token {
  kind: TokKind;
  val: string;
  pos: number;
}

export class TemplateSyntaxError extends Error {}

const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'nil',
  'template',
  'with',
]);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
// ASCII without a regular expression: this runs on every character of every identifier.
const isAlnum = (c: string): boolean => {
  const x = c.charCodeAt(0);
  if (x < 0x80) return (x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122) || x === 95;
  return /^[\p{L}\p{Nd}_]$/u.test(c);
};

/** Lexes the whole text; `where(pos)` names a position for syntax errors ("name:line"). */
export function lex(text: string, where: (pos: number) => string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let trimNext = false;
  const fail = (pos: number, msg: string): never => {
    throw new TemplateSyntaxError(`template: ${where(pos)}: ${msg}`);
  };
  while (i <= text.length) {
    // Text up to the next "{{".
    let start = i;
    if (trimNext) {
      while (start < text.length && isSpace(text[start]!)) start++;
      trimNext = false;
    }
    const open = text.indexOf('{{', start);
    if (open < 0) {
      if (start < text.length) out.push({kind: 'text', val: text.slice(start), pos: start});
      break;
    }
    const trimLeft = text[open + 2] === '-' && isSpace(text[open + 3] ?? '');
    let textEnd = open;
    if (trimLeft) while (textEnd > start && isSpace(text[textEnd - 1]!)) textEnd--;
    if (textEnd > start) out.push({kind: 'text', val: text.slice(start, textEnd), pos: start});
    i = open + 2 + (trimLeft ? 2 : 0);
    // Comments: the delimiter must follow the closing "*/" (with an optional " -").
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) fail(open, 'unclosed comment');
      let j = close + 2;
      if (
        text.startsWith(' -}}', j) ||
        text.startsWith('\t-}}', j) ||
        text.startsWith('\n-}}', j) ||
        text.startsWith('\r-}}', j)
      ) {
        trimNext = true;
        j += 4;
      } else if (text.startsWith('}}', j)) j += 2;
      else fail(close, 'comment ends before closing delimiter');
      i = j;
      continue;
    }
    out.push({kind: 'left', val: '{{', pos: open});
    i = lexAction(text, i, out, fail, (trim) => (trimNext = trim));
  }
  out.push({kind: 'eof', val: '', pos: text.length});
  return out;
}

function lexAction(
  text: string,
  start: number,
  out: Token[],
  fail: (pos: number, msg: string) => never,
  setTrim: (trim: boolean) => void,
): number {
  let i = start;
  let parens = 0;
  for (;;) {
    if (i >= text.length) fail(i, 'unclosed action');
    const c = text[i]!;
    if (isSpace(c)) {
      // " -}}" closes with trimming.
      let j = i;
      while (j < text.length && isSpace(text[j]!)) j++;
      if (text.startsWith('-}}', j) && parens >= 0) {
        out.push({kind: 'right', val: '}}', pos: j});
        setTrim(true);
        return j + 3;
      }
      out.push({kind: 'space', val: text.slice(i, j), pos: i});
      i = j;
      continue;
    }
    if (text.startsWith('}}', i)) {
      if (parens > 0) fail(i, 'unclosed left paren');
      out.push({kind: 'right', val: '}}', pos: i});
      setTrim(false);
      return i + 2;
    }
    const pos = i;
    const single: Partial<Record<string, TokKind>> = {
      '|': 'pipe',
      '(': 'lparen',
      ')': 'rparen',
      ',': 'comma',
      '=': 'assign',
    };
    const kind = single[c];
    if (kind) {
      if (c === '(') parens++;
      if (c === ')' && --parens < 0) fail(i, 'unexpected right paren');
      out.push({kind, val: c, pos});
      i++;
    } else if (c === ':') {
      if (text[i + 1] !== '=') fail(i, 'expected :=');
      out.push({kind: 'declare', val: ':=', pos});
      i += 2;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        if (text[j] === '\n') fail(i, 'unterminated quoted string');
        j++;
      }
      if (j >= text.length) fail(i, 'unterminated quoted string');
      out.push({kind: 'string', val: text.slice(i, j + 1), pos});
      i = j + 1;
    } else if (c === '`') {
      const j = text.indexOf('`', i + 1);
      if (j < 0) fail(i, 'unterminated raw quoted string');
      out.push({kind: 'rawstring', val: text.slice(i, j + 1), pos});
      i = j + 1;
    } else if (c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== "'") {
        if (text[j] === '\\') j++;
        j++;
      }
      out.push({kind: 'char', val: text.slice(i, j + 1), pos});
      i = j + 1;
    } else if (c === '$') {
      let j = i + 1;
      while (j < text.length && isAlnum(text[j]!)) j++;
      out.push({kind: 'variable', val: text.slice(i, j), pos});
      i = j;
    } else if (c === '.' && !/[0-9]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && isAlnum(text[j]!)) j++;
      out.push(j === i + 1 ? {kind: 'dot', val: '.', pos} : {kind: 'field', val: text.slice(i, j), pos});
      i = j;
    } else if (/[0-9+\-.]/.test(c)) {
      const m =
        /^[+-]?(0[xX][0-9a-fA-F_]+(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9]+)?|0[bB][01_]+|0[oO][0-7_]+|([0-9][0-9_]*)?\.?[0-9_]*([eE][+-]?[0-9]+)?)(i)?/.exec(
          text.slice(i),
        );
      const lit = m?.[0] ?? '';
      if (lit === '' || lit === '+' || lit === '-' || isAlnum(text[i + lit.length] ?? ' '))
        fail(i, `bad number syntax: "${text.slice(i, i + lit.length + 1)}"`);
      out.push({kind: 'number', val: lit, pos});
      i += lit.length;
    } else if (isAlnum(c)) {
      let j = i;
      while (j < text.length && isAlnum(text[j]!)) j++;
      const word = text.slice(i, j);
      const kind: TokKind = KEYWORDS.has(word)
        ? word === 'nil'
          ? 'nil'
          : 'keyword'
        : word === 'true' || word === 'false'
          ? 'bool'
          : 'ident';
      out.push({kind, val: word, pos});
      i = j;
    } else fail(i, `unrecognized character in action: ${JSON.stringify(c)}`);
  }
}
