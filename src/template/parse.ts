import {lex, TemplateSyntaxError, type Token} from './lex.js';
import type {GoValue} from './value.js';

/**
 * Parse trees of Go text/template. Every node keeps its byte offset and the tree it came from,
 * so execution errors can name "file:line:col" as Go does; `str()` renders a node the way Go's
 * Node.String() does, for the `at <…>` part of error messages.
 */
export interface Tree {
  /** The template's name (a file, or a `define`d name). */
  name: string;
  /** The file the text was parsed from (Go's ParseName). */
  parseName: string;
  text: string;
  root: ListNode;
}

export type Node =
  TextNode | ActionNode | IfNode | RangeNode | WithNode | TemplateNode | BreakNode | ContinueNode | ListNode;

export interface ListNode {
  type: 'list';
  nodes: Node[];
}
export interface TextNode {
  type: 'text';
  text: string;
}
export interface ActionNode {
  type: 'action';
  pos: number;
  tree: Tree;
  pipe: PipeNode;
}
interface Branch {
  pos: number;
  tree: Tree;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface IfNode extends Branch {
  type: 'if';
}
export interface WithNode extends Branch {
  type: 'with';
}
export interface RangeNode extends Branch {
  type: 'range';
}
export interface TemplateNode {
  type: 'template';
  pos: number;
  tree: Tree;
  name: string;
  pipe: PipeNode | null;
}
export interface BreakNode {
  type: 'break';
}
export interface ContinueNode {
  type: 'continue';
}

export interface PipeNode {
  type: 'pipe';
  pos: number;
  tree: Tree;
  isAssign: boolean;
  decl: string[];
  cmds: CommandNode[];
}
export interface CommandNode {
  type: 'command';
  pos: number;
  tree: Tree;
  args: Arg[];
}
export type Arg =
  | {type: 'field'; pos: number; tree: Tree; ident: string[]}
  | {type: 'variable'; pos: number; tree: Tree; ident: string[]}
  | {type: 'chain'; pos: number; tree: Tree; node: Arg; field: string[]}
  | {type: 'identifier'; pos: number; tree: Tree; name: string}
  | {type: 'dot'; pos: number; tree: Tree}
  | {type: 'nil'; pos: number; tree: Tree}
  | {type: 'literal'; pos: number; tree: Tree; value: GoValue; text: string}
  | PipeNode;

/** Go's Node.String() for the nodes that appear in error contexts. */
export function str(n: Arg | CommandNode | ActionNode | TemplateNode): string {
  switch (n.type) {
    case 'field':
      return '.' + n.ident.join('.');
    case 'variable':
      return n.ident.join('.');
    case 'chain':
      return (n.node.type === 'pipe' ? `(${str(n.node)})` : str(n.node)) + '.' + n.field.join('.');
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'literal':
      return n.text;
    case 'pipe': {
      const decl = n.decl.length ? n.decl.join(', ') + (n.isAssign ? ' = ' : ' := ') : '';
      return decl + n.cmds.map(str).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${str(a)})` : str(a))).join(' ');
    case 'action':
      return `{{${str(n.pipe)}}}`;
    case 'template':
      return n.pipe
        ? `{{template ${JSON.stringify(n.name)} ${str(n.pipe)}}}`
        : `{{template ${JSON.stringify(n.name)}}}`;
  }
}

/** "name:line" (parse errors) for a byte offset. */
export function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function unquote(tok: Token, fail: (msg: string) => never): string {
  if (tok.kind === 'rawstring') return tok.val.slice(1, -1).replace(/\r/g, '');
  try {
    // Go's escapes are a superset of JSON's that charts do not use beyond \n \t \" \\ and \x/\u.
    const body = tok.val
      .slice(1, -1)
      .replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => `\\u00${h}`)
      .replace(
        /\\([abfv'])/g,
        (_m, c: string) => ({a: '\\u0007', b: '\\b', f: '\\f', v: '\\u000b', "'": "'"})[c]!,
      )
      .replace(/\\U([0-9a-fA-F]{8})/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)));
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return fail(`invalid syntax: ${tok.val}`);
  }
}

function numberValue(text: string, fail: (msg: string) => never): GoValue {
  const clean = text.replace(/_/g, '');
  if (/^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.test(clean)) {
    const neg = clean.startsWith('-');
    const body = clean.replace(/^[+-]/, '');
    const v = /^0[0-7]+$/.test(body) ? BigInt('0o' + body.slice(1)) : BigInt(body);
    return neg ? -v : v;
  }
  const f = Number(clean);
  if (Number.isNaN(f)) fail(`illegal number syntax: "${text}"`);
  // An integral float constant like 1e3 is an int in Go's ideal constants.
  if (Number.isInteger(f) && !/[.]/.test(clean) && Math.abs(f) < 2 ** 63) return BigInt(f);
  return f;
}

/** Functions a template may call: checked at parse time, as Go does. */
export type FuncCheck = (name: string) => boolean;

/**
 * Parses one file; returns its own tree (named `name`) plus every `define`/`block` in it.
 */
export function parse(name: string, text: string, hasFunc: FuncCheck): Map<string, Tree> {
  const trees = new Map<string, Tree>();
  const toks = lex(text, (pos) => `${name}:${lineOf(text, pos)}`);
  let p = 0;
  const main: Tree = {name, parseName: name, text, root: {type: 'list', nodes: []}};
  let tree = main;
  let vars: string[] = ['$'];

  const fail = (msg: string, pos = toks[Math.min(p, toks.length - 1)]!.pos): never => {
    throw new TemplateSyntaxError(`template: ${name}:${lineOf(text, pos)}: ${msg}`);
  };
  const next = (): Token => toks[p++]!;
  const peek = (): Token => toks[p]!;
  const skipSpace = (): void => {
    while (peek().kind === 'space') p++;
  };
  const nextNonSpace = (): Token => {
    skipSpace();
    return next();
  };
  const peekNonSpace = (): Token => {
    skipSpace();
    return peek();
  };
  const expect = (kind: Token['kind'], ctx: string): Token => {
    const t = nextNonSpace();
    if (t.kind !== kind) fail(`unexpected ${desc(t)} in ${ctx}`, t.pos);
    return t;
  };
  const desc = (t: Token): string =>
    t.kind === 'eof' ? 'EOF' : t.kind === 'right' ? '"}}"' : t.kind === 'space' ? 'space' : `"${t.val}"`;

  /** itemList: nodes until {{end}} or {{else}}; returns the terminator keyword. */
  function itemList(ctx: string): [ListNode, 'end' | 'else'] {
    const list: ListNode = {type: 'list', nodes: []};
    for (;;) {
      const t = peek();
      if (t.kind === 'eof') fail(`unexpected EOF`, t.pos);
      const n = textOrAction();
      if (n === 'end' || n === 'else') return [list, n];
      if (n) list.nodes.push(n);
      void ctx;
    }
  }

  /** One text or action; 'end'/'else' report those keywords to the caller. */
  function textOrAction(): Node | 'end' | 'else' | null {
    const t = next();
    if (t.kind === 'text') return {type: 'text', text: t.val};
    if (t.kind !== 'left') return fail(`unexpected ${desc(t)}`, t.pos);
    const k = peekNonSpace();
    if (k.kind === 'keyword') {
      switch (k.val) {
        case 'end':
          next();
          expect('right', 'end');
          return 'end';
        case 'else':
          next();
          return 'else';
        case 'if':
        case 'with':
        case 'range':
          next();
          return control(k.val, k.pos);
        case 'template':
          next();
          return templateCall(k.pos);
        case 'define':
          next();
          define(k.pos);
          return null;
        case 'block':
          next();
          return block(k.pos);
        case 'break':
        case 'continue':
          next();
          if (loopDepth === 0) fail(`{{${k.val}}} outside {{range}}`, k.pos);
          expect('right', k.val);
          return {type: k.val};
      }
    }
    const pipe = pipeline('command', 'right');
    return {type: 'action', pos: k.pos, tree, pipe};
  }

  let loopDepth = 0;

  function control(kind: 'if' | 'with' | 'range', pos: number): IfNode | WithNode | RangeNode {
    const mark = vars.length;
    const pipe = pipeline(kind, 'right');
    if (kind === 'range') loopDepth++;
    const [list, term] = itemList(kind);
    if (kind === 'range') loopDepth--;
    let elseList: ListNode | null = null;
    if (term === 'else') {
      const t = peekNonSpace();
      if (
        (kind === 'if' && t.kind === 'keyword' && t.val === 'if') ||
        (kind === 'with' && t.kind === 'keyword' && t.val === 'with')
      ) {
        // {{else if x}} is {{else}}{{if x}}…{{end}} sharing the one {{end}}.
        next();
        vars.length = mark;
        const inner = control(kind, t.pos);
        elseList = {type: 'list', nodes: [inner]};
      } else {
        expect('right', 'else');
        const [el, term2] = itemList(kind);
        if (term2 !== 'end') fail(`expected end; found {{else}}`);
        elseList = el;
      }
    }
    vars.length = mark;
    return {type: kind, pos, tree, pipe, list, elseList} as IfNode | WithNode | RangeNode;
  }

  function templateName(ctx: string): string {
    const t = nextNonSpace();
    if (t.kind !== 'string' && t.kind !== 'rawstring')
      return fail(`unexpected ${desc(t)} in ${ctx} clause`, t.pos);
    return unquote(t, (m) => fail(m, t.pos));
  }

  function templateCall(_pos: number): TemplateNode {
    // Go positions {{template}} at its name.
    const pos = peekNonSpace().pos;
    const tname = templateName('template');
    let pipe: PipeNode | null = null;
    if (peekNonSpace().kind !== 'right') pipe = pipeline('template', 'right');
    else next();
    return {type: 'template', pos, tree, name: tname, pipe};
  }

  function subTree(tname: string, ctx: string): void {
    const saveTree = tree;
    const saveVars = vars;
    tree = {name: tname, parseName: name, text, root: {type: 'list', nodes: []}};
    vars = ['$'];
    const [list, term] = itemList(ctx);
    if (term !== 'end') fail(`unexpected {{else}} in ${ctx}`);
    tree.root = list;
    addTree(trees, tree);
    tree = saveTree;
    vars = saveVars;
  }

  function define(pos: number): void {
    const tname = templateName('define');
    expect('right', 'define clause');
    subTree(tname, 'define');
    void pos;
  }

  function block(pos: number): TemplateNode {
    const tname = templateName('block');
    const pipe = pipeline('block', 'right');
    subTree(tname, 'block');
    return {type: 'template', pos, tree, name: tname, pipe};
  }

  function pipeline(ctx: string, end: 'right' | 'rparen'): PipeNode {
    const start = peekNonSpace();
    const pipe: PipeNode = {type: 'pipe', pos: start.pos, tree, isAssign: false, decl: [], cmds: []};
    // Declarations: $x := …, $x = …, and in range $i, $v := ….
    if (start.kind === 'variable') {
      const save = p;
      next();
      const after = peekNonSpace();
      if (after.kind === 'declare' || after.kind === 'assign') {
        next();
        pipe.isAssign = after.kind === 'assign';
        pipe.decl.push(start.val);
        if (!pipe.isAssign) vars.push(start.val);
        else if (!vars.includes(start.val)) fail(`undefined variable "${start.val}"`, start.pos);
      } else if (after.kind === 'comma' && ctx === 'range') {
        next();
        const second = nextNonSpace();
        if (second.kind !== 'variable') fail(`range can only initialize variables`, second.pos);
        const op = nextNonSpace();
        if (op.kind !== 'declare' && op.kind !== 'assign') fail(`unexpected ${desc(op)} in range`, op.pos);
        pipe.isAssign = op.kind === 'assign';
        pipe.decl.push(start.val, second.val);
        if (!pipe.isAssign) vars.push(start.val, second.val);
      } else if (after.kind === 'comma') {
        fail(`too many declarations in ${ctx}`, after.pos);
      } else p = save;
    }
    for (;;) {
      const t = peekNonSpace();
      if (t.kind === end) {
        next();
        if (pipe.cmds.length === 0) fail(`missing value for ${ctx}`, t.pos);
        return pipe;
      }
      pipe.cmds.push(command(end));
    }
  }

  function command(end: 'right' | 'rparen'): CommandNode {
    const first = peekNonSpace();
    const cmd: CommandNode = {type: 'command', pos: first.pos, tree, args: []};
    for (;;) {
      skipSpace();
      const op = operand();
      if (op) cmd.args.push(op);
      const t = peek();
      if (t.kind === 'space') {
        skipSpace();
        const u = peek();
        if (u.kind === 'pipe') {
          next();
          break;
        }
        if (u.kind === end || u.kind === 'right' || u.kind === 'rparen') break;
        continue;
      }
      if (t.kind === end || t.kind === 'right' || t.kind === 'rparen') break;
      if (t.kind === 'pipe') {
        next();
        break;
      }
      fail(`unexpected ${desc(t)} in operand`, t.pos);
    }
    if (cmd.args.length === 0) fail(`empty command`, first.pos);
    return cmd;
  }

  function operand(): Arg | null {
    const node = term();
    if (!node) return null;
    if (peek().kind !== 'field') return node;
    // Go positions a field chain at its first trailing field (".b" in ".a.b").
    const chainPos = peek().pos;
    const fields: string[] = [];
    while (peek().kind === 'field') fields.push(next().val.slice(1));
    if (node.type === 'field') return {...node, pos: chainPos, ident: [...node.ident, ...fields]};
    if (node.type === 'variable') return {...node, pos: chainPos, ident: [...node.ident, ...fields]};
    if (node.type === 'literal' || node.type === 'nil' || node.type === 'dot')
      fail(`unexpected . after term ${JSON.stringify(str(node))}`, node.pos);
    return {type: 'chain', pos: chainPos, tree, node, field: fields};
  }

  function term(): Arg | null {
    const t = next();
    switch (t.kind) {
      case 'ident':
        if (!hasFunc(t.val)) fail(`function "${t.val}" not defined`, t.pos);
        return {type: 'identifier', pos: t.pos, tree, name: t.val};
      case 'dot':
        return {type: 'dot', pos: t.pos, tree};
      case 'nil':
        return {type: 'nil', pos: t.pos, tree};
      case 'variable':
        if (!vars.includes(t.val)) fail(`undefined variable "${t.val}"`, t.pos);
        return {type: 'variable', pos: t.pos, tree, ident: [t.val]};
      case 'field':
        return {type: 'field', pos: t.pos, tree, ident: [t.val.slice(1)]};
      case 'bool':
        return {type: 'literal', pos: t.pos, tree, value: t.val === 'true', text: t.val};
      case 'number':
        return {
          type: 'literal',
          pos: t.pos,
          tree,
          value: numberValue(t.val, (m) => fail(m, t.pos)),
          text: t.val,
        };
      case 'char': {
        const s =
          t.val.length === 3
            ? t.val[1]!
            : unquote({...t, kind: 'string', val: `"${t.val.slice(1, -1)}"`}, (m) => fail(m, t.pos));
        return {type: 'literal', pos: t.pos, tree, value: BigInt(s.codePointAt(0) ?? 0), text: t.val};
      }
      case 'string':
      case 'rawstring':
        return {type: 'literal', pos: t.pos, tree, value: unquote(t, (m) => fail(m, t.pos)), text: t.val};
      case 'lparen': {
        const pipe = pipeline('parenthesized pipeline', 'rparen');
        return pipe;
      }
      default:
        p--;
        return fail(`unexpected ${desc(t)} in command`, t.pos);
    }
  }

  for (;;) {
    if (peek().kind === 'eof') break;
    const n = textOrAction();
    if (n === 'end' || n === 'else') fail(`unexpected {{${n}}}`);
    else if (n) main.root.nodes.push(n);
  }
  addTree(trees, main);
  return trees;
}

/** Go keeps an existing template when a redefinition is empty (only spaces). */
export function isEmptyTree(list: ListNode): boolean {
  return list.nodes.every((n) => n.type === 'text' && n.text.trim() === '');
}

export function addTree(trees: Map<string, Tree>, t: Tree): void {
  const old = trees.get(t.name);
  if (old && isEmptyTree(t.root) && !isEmptyTree(old.root)) return;
  trees.set(t.name, t);
}

export {TemplateSyntaxError};
