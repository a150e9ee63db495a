import {
  cachedEmitted,
  emittedCacheActive,
  emittedKey,
  recordEmitted,
  type EmittedValue,
} from '../build-cache.js';
import {GoFunc, GoStruct, type GoMap, type GoValue} from '../value.js';
import {formatFloatG} from './gofmt.js';
import {jsonFloat} from './json.js';

/**
 * sigs.k8s.io/yaml's Marshal as Helm's toYaml runs it: the value goes through encoding/json, the
 * JSON is read back by go-yaml v2 (integers become ints, other numbers float64) and go-yaml v2's
 * emitter (libyaml's) writes it: keys in its "natural" order, block style, 2-space indent,
 * sequences in a mapping not indented, plain scalars folded at column 80, and each string in the
 * first style its analysis allows. This module follows that emitter's state (column, indent,
 * whitespace, indention) rather than approximating its output.
 */

type Node =
  | {kind: 'plain'; text: string} // numbers, booleans, null: always plain
  | {kind: 'string'; text: string}
  | {kind: 'map'; entries: [string, Node][]}
  | {kind: 'seq'; items: Node[]}
  // A top-level mapping value from the build cache (build-cache.ts), or one to record there.
  | {kind: 'cached'; emitted: EmittedValue}
  | {kind: 'keyed'; key: string; node: Node};

/**
 * encoding/json writes U+0085 unescaped, and go-yaml then reads it inside a double-quoted scalar
 * as a line break, folding it (with the blanks around it) into a space — or k breaks into k-1
 * newlines — before the emitter ever sees the string.
 */
function foldNel(s: string): string {
  if (!s.includes('\u0085')) return s;
  return s.replace(/[ \t]*\u0085(?:[ \t]*\u0085)*[ \t]*/g, (run) => {
    const breaks = [...run].filter((c) => c === '\u0085').length;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** A JSON number as go-yaml v2 reads and writes it back. */
function numberNode(json: string): Node {
  if (/^-?\d+$/.test(json)) {
    const n = BigInt(json);
    if ((n >= -INT64_MAX - 1n && n <= INT64_MAX) || (n >= 0n && n <= UINT64_MAX))
      return {kind: 'plain', text: n.toString()};
  }
  return {kind: 'plain', text: formatFloatG(Number(json))};
}

function toNode(value: GoValue): Node {
  if (value === null || value instanceof GoFunc) return {kind: 'plain', text: 'null'};
  if (typeof value === 'string') return {kind: 'string', text: foldNel(value)};
  if (typeof value === 'boolean') return {kind: 'plain', text: String(value)};
  if (typeof value === 'number') return numberNode(jsonFloat(value));
  if (typeof value === 'bigint') return numberNode(value.toString());
  if (Array.isArray(value)) return {kind: 'seq', items: value.map(toNode)};
  const entries: [string, Node][] = [...(value instanceof GoStruct ? value.fields : value)].map(([k, v]) => [
    k,
    toNode(v),
  ]);
  entries.sort((a, b) => (keyLess(a[0], b[0]) ? -1 : keyLess(b[0], a[0]) ? 1 : 0));
  return {kind: 'map', entries};
}

/**
 * toNode for a top-level map, with its large values looked up in the build cache. Only a
 * non-empty map or list under a simple key is: the emitter then starts it on a new line at
 * indent 0 whatever the key, so its text does not depend on where it sits.
 */
function topNodeWithCache(value: GoMap): Node {
  const entries: [string, Node][] = [...value].map(([k, v]) => {
    const block = (v instanceof Map && v.size > 0) || (Array.isArray(v) && v.length > 0);
    const key = block && isSimpleKey(k) ? emittedKey(v) : undefined;
    if (key === undefined) return [k, toNode(v)];
    const emitted = cachedEmitted(key);
    return [k, emitted ? {kind: 'cached', emitted} : {kind: 'keyed', key, node: toNode(v)}];
  });
  entries.sort((a, b) => (keyLess(a[0], b[0]) ? -1 : keyLess(b[0], a[0]) ? 1 : 0));
  return {kind: 'map', entries};
}

// ASCII answers without a regular expression: keys are compared on every map, on every toYaml.
const isLetter = (c: string): boolean => {
  const x = c.charCodeAt(0);
  if (x < 0x80) return (x >= 65 && x <= 90) || (x >= 97 && x <= 122);
  return /^\p{L}$/u.test(c);
};
const isDigit = (c: string | undefined): boolean => {
  if (c === undefined) return false;
  const x = c.charCodeAt(0);
  if (x < 0x80) return x >= 48 && x <= 57;
  return /^\p{Nd}$/u.test(c);
};

/** go-yaml v2's keyList.Less for two string keys: letters after other runes, digit runs numerically. */
export function keyLess(a: string, b: string): boolean {
  // Without surrogate pairs a string indexes by code point already; spreading is the slow path.
  return HAS_SURROGATE.test(a) || HAS_SURROGATE.test(b) ? runesLess([...a], [...b]) : runesLess(a, b);
}

const HAS_SURROGATE = /[\uD800-\uDFFF]/;

function runesLess(ar: ArrayLike<string>, br: ArrayLike<string>): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

// --- how go-yaml v2 chooses a string's style -----------------------------------------------

const BOOL_NULL_WORDS = new Set(
  'y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF ~ null Null NULL .nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF'.split(
    ' ',
  ),
);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

/** go-yaml v2's timestamp test: four digits and '-', then one of its layouts parses. */
function looksLikeTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  const date = '\\d{4}-\\d{1,2}-\\d{1,2}';
  const time = '\\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d+)?';
  const re = new RegExp(`^${date}$|^${date}[Tt]${time}(Z|[+-]\\d{2}:\\d{2})$|^${date} ${time}$`);
  return re.test(s);
}

/** Would a plain scalar with this text read back as something other than a string? */
function resolvesToNonString(s: string): boolean {
  if (s === '' || BOOL_NULL_WORDS.has(s)) return true;
  const c = s[0]!;
  if (c === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (!/[-+0-9]/.test(c)) return false;
  if (looksLikeTimestamp(s)) return true;
  const plain = s.replace(/_/g, '');
  if (GO_INT.test(plain) || YAML_FLOAT.test(plain)) return true;
  return /^-?0b[01]+$/.test(plain);
}

/** libyaml's is_printable, for code points (the emitter writes unicode as is when printable). */
function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}
const isBreakCh = (c: string | undefined): boolean =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
// Text made only of these characters, not starting with '-' or '.', allows every style.
const SIMPLE_TEXT = /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/;

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const isBreakCode = (c: number): boolean =>
  c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;

function analyze(s: string): Analysis {
  if (SIMPLE_TEXT.test(s))
    return {multiline: false, flowPlain: true, blockPlain: true, singleQuoted: true, block: true};
  if (s === '')
    return {multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false};
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) {
    blockInd = true;
    flowInd = true;
  }
  let precededByWs = true;
  const n = s.length;
  // By UTF-16 index with char codes (this runs over every string toYaml writes); a surrogate
  // pair is one code point, never printable for libyaml.
  for (let i = 0; i < n;) {
    let cp = s.charCodeAt(i);
    let w = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      cp = s.codePointAt(i)!;
      w = cp > 0xffff ? 2 : 1;
    }
    const next = i + w < n ? s.charCodeAt(i + w) : -1;
    const followedByWs = next === -1 || next === 32 || next === 9 || isBreakCode(next);
    const last = i + w === n;
    if (i === 0) {
      switch (cp) {
        case 35:
        case 44:
        case 91:
        case 93:
        case 123:
        case 125:
        case 38:
        case 42:
        case 33: // # , [ ] { } & * !
        case 124:
        case 62:
        case 39:
        case 34:
        case 37:
        case 64:
        case 96: // | > ' " % @ `
          flowInd = true;
          blockInd = true;
          break;
        case 63:
        case 58: // ? :
          flowInd = true;
          if (followedByWs) blockInd = true;
          break;
        case 45: // -
          if (followedByWs) {
            flowInd = true;
            blockInd = true;
          }
          break;
      }
    } else if (cp === 44 || cp === 63 || cp === 91 || cp === 93 || cp === 123 || cp === 125) {
      flowInd = true;
    } else if (cp === 58) {
      flowInd = true;
      if (followedByWs) blockInd = true;
    } else if (cp === 35 && precededByWs) {
      flowInd = true;
      blockInd = true;
    }
    if (!isPrintable(cp)) special = true;
    if (cp === 32) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreakCode(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = cp === 32 || cp === 9 || isBreakCode(cp);
    i += w;
  }
  const a: Analysis = {
    multiline: lineBreaks,
    flowPlain: true,
    blockPlain: true,
    singleQuoted: true,
    block: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** libyaml's check_simple_key: a multi-line or over-128-byte key needs the "? " form. */
const isSimpleKey = (k: string): boolean => !analyze(k).multiline && Buffer.byteLength(k, 'utf8') <= 128;

// --- the emitter -----------------------------------------------------------------------------

const BEST_WIDTH = 80;

/** The emitter counts columns in code points. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}
const BEST_INDENT = 2;

class Emitter {
  out = '';
  column = 0;
  indent = -1;
  readonly indents: number[] = [];
  whitespace = true;
  indention = true;
  flowLevel = 0;
  // The context of the node being emitted.
  mappingContext = false;
  simpleKey = false;

  put(c: string): void {
    this.out += c;
    this.column++;
  }
  putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }
  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }
  writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const c of ind) this.put(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }
  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  node(n: Node, ctx: {mapping?: boolean; simpleKey?: boolean}): void {
    this.mappingContext = ctx.mapping ?? false;
    this.simpleKey = ctx.simpleKey ?? false;
    if (n.kind === 'plain' || n.kind === 'string') this.scalar(n);
    else if (n.kind === 'map') this.mapping(n.entries);
    else if (n.kind === 'seq') this.sequence(n.items);
    else if (n.kind === 'cached') {
      this.out += n.emitted.text;
      this.column = n.emitted.column;
      this.whitespace = n.emitted.whitespace;
      this.indention = n.emitted.indention;
    } else {
      const start = this.out.length;
      this.node(n.node, ctx);
      recordEmitted(n.key, {
        text: this.out.slice(start),
        column: this.column,
        whitespace: this.whitespace,
        indention: this.indention,
      });
    }
  }

  mapping(entries: [string, Node][]): void {
    if (entries.length === 0 || this.flowLevel > 0) {
      this.writeIndicator('{', true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator('}', false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (const [k, v] of entries) {
      this.writeIndent();
      if (isSimpleKey(k)) {
        this.node({kind: 'string', text: k}, {mapping: true, simpleKey: true});
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node({kind: 'string', text: k}, {mapping: true});
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(v, {mapping: true});
    }
    this.popIndent();
  }

  sequence(items: Node[]): void {
    if (items.length === 0 || this.flowLevel > 0) {
      this.writeIndicator('[', true, true, false);
      this.increaseIndent(true, false);
      this.popIndent();
      this.writeIndicator(']', false, false, false);
      return;
    }
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, {});
    }
    this.popIndent();
  }

  scalar(n: {kind: 'plain' | 'string'; text: string}): void {
    const s = n.text;
    let style: Style = 'plain';
    if (n.kind === 'string') {
      if (s.includes('\n')) style = 'literal';
      else if (resolvesToNonString(s) || BASE60_FLOAT.test(s)) style = 'double';
    }
    const a = analyze(s);
    if (this.simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = 'single';
      if (s === '' && (this.flowLevel > 0 || this.simpleKey)) style = 'single';
    }
    if (style === 'single' && !a.singleQuoted) style = 'double';
    if (style === 'literal' && (!a.block || this.flowLevel > 0 || this.simpleKey)) style = 'double';
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKey;
    if (style === 'plain') this.writePlain(s, allowBreaks);
    else if (style === 'single') this.writeSingle(s, allowBreaks);
    else if (style === 'double') this.writeDouble(s, allowBreaks);
    else this.writeLiteral(s);
    this.popIndent();
  }

  writePlain(s: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    // No space can pass column 80 (or there is none): the text goes out as it is.
    if (!allowBreaks || !s.includes(' ') || this.column + s.length <= BEST_WIDTH + 1) {
      this.out += s;
      this.column += codePoints(s);
      this.whitespace = false;
      this.indention = false;
      return;
    }
    let spaces = false;
    for (let i = 0; i < s.length;) {
      if (s.charCodeAt(i) === 32) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && s.charCodeAt(i + 1) !== 32)
          this.writeIndent();
        else this.put(' ');
        spaces = true;
        i++;
      } else {
        // A run up to the next space goes out at once.
        let j = s.indexOf(' ', i);
        if (j < 0) j = s.length;
        const run = s.slice(i, j);
        this.out += run;
        this.column += codePoints(run);
        this.indention = false;
        spaces = false;
        i = j;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  writeSingle(s: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const ch = [...s];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i]!;
      if (c === ' ') {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i > 0 &&
          i < ch.length - 1 &&
          ch[i + 1] !== ' '
        ) {
          this.writeIndent();
        } else this.put(c);
        spaces = true;
      } else if (isBreakCh(c)) {
        // Only U+0085/U+2028/U+2029 get here ("\n" makes a literal block): written as they are.
        this.out += c;
        this.column = 0;
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        breaks = false;
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeDouble(s: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const ch = [...s];
    let spaces = false;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i]!;
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreakCh(c) || c === '"' || c === '\\') {
        this.put('\\');
        const short: Record<number, string> = {
          0: '0',
          7: 'a',
          8: 'b',
          9: 't',
          10: 'n',
          11: 'v',
          12: 'f',
          13: 'r',
          0x1b: 'e',
          0x22: '"',
          0x5c: '\\',
          0x85: 'N',
          0xa0: '_',
          0x2028: 'L',
          0x2029: 'P',
        };
        const esc = short[cp];
        if (esc !== undefined) this.put(esc);
        else {
          const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(letter as string);
          for (const d of cp
            .toString(16)
            .toUpperCase()
            .padStart(width as number, '0'))
            this.put(d);
        }
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < ch.length - 1) {
          this.writeIndent();
          if (ch[i + 1] === ' ') this.put('\\');
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeLiteral(s: string): void {
    this.writeIndicator('|', true, false, false);
    const ch = [...s];
    if (ch[0] === ' ' || isBreakCh(ch[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = ch[ch.length - 1];
    if (!isBreakCh(last)) this.writeIndicator('-', false, false, false);
    else if (ch.length === 1 || isBreakCh(ch[ch.length - 2])) {
      this.writeIndicator('+', false, false, false);
    }
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < s.length;) {
      const c = s.charCodeAt(i);
      if (isBreakCode(c)) {
        if (c === 10) this.putBreak();
        else {
          this.out += s[i];
          this.column = 0;
        }
        this.indention = true;
        breaks = true;
        i++;
      } else {
        if (breaks) this.writeIndent();
        let j = i + 1;
        while (j < s.length && !isBreakCode(s.charCodeAt(j))) j++;
        const run = s.slice(i, j);
        this.out += run;
        this.column += codePoints(run);
        this.indention = false;
        breaks = false;
        i = j;
      }
    }
  }
}

/** yaml.Marshal's text (with its final newline). Throws JsonEncodeError for NaN/Inf as Go's json does. */
export function marshalYaml(value: GoValue): string {
  const e = new Emitter();
  e.node(value instanceof Map && emittedCacheActive() ? topNodeWithCache(value) : toNode(value), {});
  // Document end: a line break. (go-yaml's encoder clears open_ended first, so no "...".)
  e.writeIndent();
  return e.out;
}
