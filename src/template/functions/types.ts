import type {GoValue} from '../value.js';

/**
 * The seam between the template engine (lex/parse/exec) and its function library (sprig's and
 * Helm's functions). The engine owns the functions that need it (include, tpl, template, required,
 * fail, lookup, and/or/not/len/index/print*, comparisons); everything else is a TemplateFunc.
 */
export interface FuncContext {
  /** The template file being executed, for error messages ("base/templates/x.yaml"). */
  readonly templateName: string;
}

/** A function failed on its arguments; the engine prefixes `error calling NAME:` as Go does. */
export class TemplateFuncError extends Error {}

/**
 * An argument could not be converted to the parameter type (Go reports these without the prefix).
 * `argIndex` (0-based, the piped value last) and `expected` (the Go parameter type) let the
 * engine point at the argument and word it as Go does ("expected string; found 1" for a constant).
 */
export class TemplateArgError extends TemplateFuncError {
  constructor(
    message: string,
    readonly argIndex?: number,
    readonly expected?: string,
  ) {
    super(message);
  }
}

export type TemplateFunc = (args: GoValue[], ctx: FuncContext) => GoValue;
export type FuncMap = ReadonlyMap<string, TemplateFunc>;
