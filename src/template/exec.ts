import {compareBytes, formatV, goTypeName, sprint, sprintf, sprintln} from './fmt.js';
import {TemplateArgError, TemplateFuncError, type FuncMap} from './functions/types.js';
import {
  str,
  type ActionNode,
  type Arg,
  type CommandNode,
  type ListNode,
  type Node,
  type PipeNode,
  type TemplateNode,
  type Tree,
} from './parse.js';
import {GoFunc, GoStruct, type GoValue} from './value.js';

/**
 * Go text/template's executor, as Helm runs it (missingkey=zero). Values are GoValue; inside the
 * executor `undefined` stands for Go's invalid reflect.Value (a pipeline that yielded nil), and
 * `null` for a nil interface (a map entry that is missing or nil). The two differ only where Go's
 * differ: a field of a nil interface is an error, a field of an invalid value is nothing.
 */
export type V = GoValue | undefined;
const MISSING = Symbol('missing');
type Final = V | typeof MISSING;

/** An execution error, already formatted as Go formats ExecError. */
export class TemplateExecError extends Error {
  /** The error this one wraps (Go's %w in "error calling NAME: %w"), for Helm's error trace. */
  constructor(
    message: string,
    readonly wrapped?: Error,
  ) {
    super(message);
  }
}

class Break {}
class Continue {}

/** The functions the engine itself provides, called with the executing state. */
export type EngineFunc = (args: V[], ex: Executor) => V;

export interface TemplateSet {
  trees: Map<string, Tree>;
  funcs: FuncMap;
  engineFuncs: ReadonlyMap<string, EngineFunc>;
}

const MAX_DEPTH = 1000;

interface Var {
  name: string;
  value: V;
}

export class Executor {
  /** The node being evaluated, for error messages (its text is built only when one is thrown). */
  private node: Arg | CommandNode | ActionNode | TemplateNode | null = null;
  private vars: Var[];
  out: string[] = [];

  constructor(
    readonly set: TemplateSet,
    readonly tmpl: Tree,
    dot: V,
    readonly depth = 0,
  ) {
    this.vars = [{name: '$', value: dot}];
  }

  /** Runs the template with dot; returns its text. */
  run(dot: V): string {
    this.walkList(dot, this.tmpl.root);
    return this.out.join('');
  }

  private at(n: Arg | CommandNode | ActionNode | TemplateNode): void {
    this.node = n;
  }

  errorf(msg: string, wrapped?: Error): never {
    const name = this.tmpl.name;
    if (!this.node) throw new TemplateExecError(`template: ${name}: ${msg}`, wrapped);
    const {pos, tree} = this.node;
    const before = tree.text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = nl < 0 ? Buffer.byteLength(before) : Buffer.byteLength(before.slice(nl + 1));
    let ctx = str(this.node);
    if ([...ctx].length > 20) ctx = [...ctx].slice(0, 20).join('') + '...';
    throw new TemplateExecError(
      `template: ${tree.parseName}:${line}:${col}: executing ${JSON.stringify(name)} at <${ctx}>: ${msg}`,
      wrapped,
    );
  }

  private walkList(dot: V, list: ListNode): void {
    for (const n of list.nodes) this.walk(dot, n);
  }

  private walk(dot: V, n: Node): void {
    switch (n.type) {
      case 'text':
        this.out.push(n.text);
        return;
      case 'list':
        this.walkList(dot, n);
        return;
      case 'action': {
        const v = this.evalPipeline(dot, n.pipe);
        if (n.pipe.decl.length === 0) {
          this.at(n);
          this.out.push(printable(v, (m) => this.errorf(m)));
        }
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(dot, n.pipe);
        if (isTrue(v)) this.walkList(n.type === 'with' ? v : dot, n.list);
        else if (n.elseList) this.walkList(dot, n.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.walkRange(dot, n);
        return;
      case 'template': {
        this.at(n);
        const t = this.set.trees.get(n.name);
        if (!t) this.errorf(`template ${JSON.stringify(n.name)} not defined`);
        if (this.depth >= MAX_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_DEPTH})`);
        const v = n.pipe ? this.evalPipeline(dot, n.pipe) : undefined;
        const sub = new Executor(this.set, t, v, this.depth + 1);
        sub.out = this.out;
        sub.walkList(v, t.root);
        return;
      }
      case 'break':
        throw new Break();
      case 'continue':
        throw new Continue();
    }
  }

  private walkRange(dot: V, r: Extract<Node, {type: 'range'}>): void {
    const outer = this.vars.length;
    const v = this.evalPipeline(dot, r.pipe);
    const mark = this.vars.length;
    const decl = r.pipe.decl;
    const one = (index: V, elem: V): boolean => {
      if (decl.length > 0) {
        if (r.pipe.isAssign)
          this.setVar(decl.length > 1 ? decl[0]! : decl[0]!, decl.length > 1 ? index : elem);
        else this.vars[this.vars.length - 1]!.value = elem;
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) this.setVar(decl[1]!, elem);
        else this.vars[this.vars.length - 2]!.value = index;
      }
      try {
        this.walkList(elem, r.list);
      } catch (e) {
        if (e instanceof Break) return false;
        if (!(e instanceof Continue)) throw e;
      } finally {
        this.vars.length = mark;
      }
      return true;
    };
    let ran = false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        ran = true;
        if (!one(BigInt(i), v[i]!)) break;
      }
    } else if (v instanceof Map) {
      for (const k of [...v.keys()].sort(compareBytes)) {
        ran = true;
        if (!one(k, v.get(k)!)) break;
      }
    } else if (typeof v === 'bigint') {
      for (let i = 0n; i < v; i++) {
        ran = true;
        if (!one(i, i)) break;
      }
    } else if (v !== undefined && v !== null) {
      this.at(r.pipe);
      this.errorf(`range can't iterate over ${formatV(v)}`);
    }
    if (!ran && r.elseList) this.walkList(dot, r.elseList);
    this.vars.length = outer;
  }

  private setVar(name: string, value: V): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): V {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i]!.name === name) return this.vars[i]!.value;
    return this.errorf(`undefined variable: ${name}`);
  }

  evalPipeline(dot: V, pipe: PipeNode): V {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    let v: V = value === MISSING ? undefined : value;
    if (v === null) v = undefined;
    for (const name of pipe.decl) {
      if (pipe.isAssign) this.setVar(name, v);
      else this.vars.push({name, value: v});
    }
    return v;
  }

  private notAFunction(args: Arg[], final: Final): void {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${str(args[0]!)}`);
  }

  private evalCommand(dot: V, cmd: CommandNode, final: Final): V {
    const first = cmd.args[0]!;
    switch (first.type) {
      case 'field':
        this.at(first);
        return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'literal':
        return first.value;
    }
  }

  private evalChain(dot: V, chain: Extract<Arg, {type: 'chain'}>, args: Arg[], final: Final): V {
    if (chain.node.type === 'nil') {
      this.at(chain);
      this.errorf(`indirection through explicit nil in ${str(chain)}`);
    }
    const recv = this.evalArg(dot, chain.node);
    return this.evalFieldChain(dot, recv, chain, chain.field, args, final);
  }

  private evalVariable(dot: V, v: Extract<Arg, {type: 'variable'}>, args: Arg[], final: Final): V {
    this.at(v);
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: V, recv: V, node: Arg, ident: string[], args: Arg[], final: Final): V {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) recv = this.evalField(dot, ident[i]!, node, [], MISSING, recv);
    return this.evalField(dot, ident[n - 1]!, node, args, final, recv);
  }

  private evalField(dot: V, name: string, node: Arg, args: Arg[], final: Final, recv: V): V {
    if (recv === undefined) return undefined;
    if (recv === null) return this.errorf(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (recv instanceof GoStruct) {
      const m = recv.methods.get(name);
      if (m) return this.evalCall(dot, (a) => m(...a.map((x) => x ?? null)), node, name, args, final);
      const f = recv.fields.get(name);
      if (f !== undefined) {
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return f;
      }
      return this.errorf(`can't evaluate field ${name} in type ${recv.typeName}`);
    }
    if (recv instanceof Map) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      const r = recv.get(name);
      return r === undefined ? null : r;
    }
    return this.errorf(`can't evaluate field ${name} in type ${goTypeName(recv)}`);
  }

  private evalFunction(
    dot: V,
    node: Extract<Arg, {type: 'identifier'}>,
    cmd: CommandNode | Arg,
    args: Arg[],
    final: Final,
  ): V {
    this.at(node);
    const name = node.name;
    if (name === 'and' || name === 'or') return this.evalAndOr(dot, name, cmd, args, final);
    const ef = this.set.engineFuncs.get(name);
    if (ef) return this.evalCall(dot, (a) => ef(a, this), cmd, name, args, final);
    const fn = this.set.funcs.get(name);
    if (fn) {
      return this.evalCall(
        dot,
        (a) =>
          fn(
            a.map((x) => x ?? null),
            {templateName: this.tmpl.name},
          ),
        cmd,
        name,
        args,
        final,
      );
    }
    return this.errorf(`${JSON.stringify(name)} is not a defined function`);
  }

  private evalAndOr(dot: V, name: 'and' | 'or', cmd: CommandNode | Arg, args: Arg[], final: Final): V {
    const rest = args.slice(1);
    const total = rest.length + (final === MISSING ? 0 : 1);
    if (total < 1) {
      this.at(cmd as Arg);
      this.errorf(`wrong number of args for ${name}: want at least 1 got 0`);
    }
    let v: V = undefined;
    for (let i = 0; i < total; i++) {
      v = i < rest.length ? this.evalArg(dot, rest[i]!) : (final as V);
      const t = isTrue(v);
      if (name === 'and' ? !t : t) return v;
    }
    return v;
  }

  private evalCall(
    dot: V,
    fn: (args: V[]) => V,
    node: CommandNode | Arg,
    name: string,
    args: Arg[],
    final: Final,
  ): V {
    const argv: V[] = args.slice(1).map((a) => this.evalArg(dot, a));
    if (final !== MISSING) argv.push(final);
    try {
      return fn(argv);
    } catch (e) {
      if (e instanceof Break || e instanceof Continue) throw e;
      this.at(node as Arg);
      if (e instanceof TemplateArgError) this.errorf(e.message);
      if (e instanceof TemplateFuncError || e instanceof TemplateExecError)
        this.errorf(`error calling ${name}: ${e.message}`, e);
      if (e instanceof RangeError) this.errorf(`error calling ${name}: ${e.message}`);
      throw e;
    }
  }

  evalArg(dot: V, n: Arg): V {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'field':
        return this.evalFieldChain(dot, dot, n, n.ident, [n], MISSING);
      case 'variable':
        return this.evalVariable(dot, n, [n], MISSING);
      case 'pipe':
        return this.evalPipeline(dot, n);
      case 'identifier':
        return this.evalFunction(dot, n, n, [n], MISSING);
      case 'chain':
        return this.evalChain(dot, n, [n], MISSING);
      case 'literal':
        return n.value;
    }
  }
}

function printable(v: V, fail: (m: string) => never): string {
  if (v === undefined || v === null) return '<no value>';
  if (v instanceof GoFunc) fail(`can't print ${'value'} of type func`);
  return formatV(v);
}

/** Go's truth: non-zero numbers, non-empty strings/lists/maps, true, structs, non-nil. */
export function isTrue(v: V): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return true;
}

export {sprint, sprintf, sprintln};
