import {functions} from '../../src/template/functions/index.js';
import {formatV} from '../../src/template/functions/gofmt.js';
import {fromJson, type GoValue} from '../../src/template/value.js';

/**
 * A deliberately tiny evaluator for the function library's differential tests, used until the
 * engine lands: text with `{{ pipeline }}` actions, where a pipeline is `cmd | cmd …`, a command
 * is a function name with operands or one operand, and operands are literals ("…", `…`, ints,
 * floats, true/false/nil), `.Values.a.b` chains, `$` and parenthesised pipelines. It prints as
 * text/template does (nil → "<no value>", which Helm then removes).
 */
type Tok = {t: 'str' | 'num' | 'word' | 'field' | 'pipe' | 'lp' | 'rp'; v: string};

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const single = ({'|': 'pipe', '(': 'lp', ')': 'rp'} as const)[c as '|' | '(' | ')'];
    if (/\s/.test(c)) i++;
    else if (single) {
      out.push({t: single, v: c});
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out.push({
        t: 'str',
        v: JSON.parse(src.slice(i, j + 1).replace(/\\x([0-9a-f]{2})/gi, '\\u00$1')) as string,
      });
      i = j + 1;
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1);
      out.push({t: 'str', v: src.slice(i + 1, j)});
      i = j + 1;
    } else {
      const m = /^[^\s|()]+/.exec(src.slice(i))![0];
      out.push({
        t:
          /^[-+]?[0-9.]/.test(m) && m !== '.' && !m.startsWith('.V')
            ? 'num'
            : m.startsWith('.') || m.startsWith('$')
              ? 'field'
              : 'word',
        v: m,
      });
      i += m.length;
    }
  }
  return out;
}

class Parser {
  i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly values: GoValue,
  ) {}

  pipeline(): GoValue {
    let result: GoValue | undefined;
    for (;;) {
      result = this.command(result);
      if (this.toks[this.i]?.t !== 'pipe') return result;
      this.i++;
    }
  }

  command(piped: GoValue | undefined): GoValue {
    const first = this.toks[this.i]!;
    if (first.t === 'word' && !['true', 'false', 'nil'].includes(first.v)) {
      this.i++;
      const fn = functions.get(first.v);
      if (!fn) throw new Error(`function "${first.v}" not defined`);
      const args: GoValue[] = [];
      while (this.i < this.toks.length && this.toks[this.i]!.t !== 'pipe' && this.toks[this.i]!.t !== 'rp')
        args.push(this.operand());
      if (piped !== undefined) args.push(piped);
      return fn(args, {templateName: 't/templates/t.yaml'});
    }
    return this.operand();
  }

  operand(): GoValue {
    const tok = this.toks[this.i++]!;
    switch (tok.t) {
      case 'str':
        return tok.v;
      case 'num':
        return /^[-+]?\d+$/.test(tok.v) ? BigInt(tok.v) : Number(tok.v);
      case 'lp': {
        const v = this.pipeline();
        this.i++;
        return v;
      }
      case 'field': {
        let v: GoValue = new Map([['Values', this.values]]);
        const path = tok.v
          .replace(/^\$/, '')
          .split('.')
          .filter((p) => p !== '');
        for (const p of path) v = v instanceof Map ? (v.get(p) ?? null) : null;
        return v;
      }
      case 'word':
        return tok.v === 'true' ? true : tok.v === 'false' ? false : null;
      default:
        throw new Error(`unexpected ${tok.v}`);
    }
  }
}

/** Renders `text` with `values` (plain JSON, as Helm reads values: every number a float64). */
export function miniRender(text: string, values: unknown): string {
  const goValues = fromJson(values);
  return text.replace(/\{\{(.*?)\}\}/gs, (_m, body: string) => {
    const v = new Parser(lex(body), goValues).pipeline();
    return v === null ? '' : formatV(v);
  });
}
