import {engineFuncs, hasFunction} from './builtins.js';
import {Executor, type TemplateSet, type V} from './exec.js';
import type {FuncMap} from './functions/types.js';
import {addTree, parse, type Tree} from './parse.js';

/**
 * A set of templates parsed together, as Helm parses a chart: each file in order, a later
 * `define` replacing an earlier one of the same name (unless it is empty).
 */
export function compile(files: Iterable<readonly [string, string]>, funcs: FuncMap): TemplateSet {
  const trees = new Map<string, Tree>();
  for (const [name, text] of files) {
    for (const t of parse(name, text, (f) => hasFunction(funcs, f)).values()) addTree(trees, t);
  }
  return {trees, funcs, engineFuncs};
}

/** Executes the named template with dot; Helm's "<no value>" is left for the caller to strip. */
export function execute(set: TemplateSet, name: string, dot: V): string {
  const t = set.trees.get(name);
  if (!t) throw new Error(`template: no template ${JSON.stringify(name)} associated with template "gotpl"`);
  return new Executor(set, t, dot).run(dot);
}

export {TemplateExecError} from './exec.js';
export {TemplateSyntaxError} from './lex.js';
