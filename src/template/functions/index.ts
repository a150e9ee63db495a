import {dictFunctions} from './dicts.js';
import {jsonFunctions} from './json.js';
import {listFunctions} from './lists.js';
import {mathFunctions} from './math.js';
import {regexFunctions} from './regex.js';
import {semverFunctions} from './semver.js';
import {stringFunctions} from './strings.js';
import type {FuncMap, TemplateFunc} from './types.js';
import {yamlFunctions} from './yaml.js';

/**
 * Every sprig and Helm function the charts call, by name. The engine adds its own (include, tpl,
 * required, fail, lookup, and/or/not/len/index/print*, comparisons) on top.
 */
export const functions: FuncMap = new Map<string, TemplateFunc>(
  Object.entries({
    ...stringFunctions,
    ...listFunctions,
    ...dictFunctions,
    ...mathFunctions,
    ...regexFunctions,
    ...semverFunctions,
    ...jsonFunctions,
    ...yamlFunctions,
  }),
);

export {TemplateArgError, TemplateFuncError} from './types.js';
export type {FuncContext, FuncMap, TemplateFunc} from './types.js';
