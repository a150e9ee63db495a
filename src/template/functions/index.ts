import {dictFunctions} from './dicts.js';
import {jsonFunctions} from './json.js';
import {listFunctions} from './lists.js';
import {mathFunctions} from './math.js';
import {pathFunctions} from './paths.js';
import {regexFunctions} from './regex.js';
import {semverFunctions} from './semver.js';
import {stringFunctions} from './strings.js';
import type {FuncMap, TemplateFunc} from './types.js';
import {yamlFunctions} from './yaml.js';

/**
 * Every sprig and Helm function the charts call, by name. The engine adds its own (include, tpl,
 * required, fail, lookup, and/or/not/len/index/print*, comparisons) on top.
 */
const library: Record<string, TemplateFunc> = {
  ...stringFunctions,
  ...listFunctions,
  ...dictFunctions,
  ...mathFunctions,
  ...pathFunctions,
  ...regexFunctions,
  ...semverFunctions,
  ...jsonFunctions,
  ...yamlFunctions,
};

// sprig's must* list functions differ only in returning an error where the others panic; both
// end as the same template error here.
const MUST_ALIASES: Record<string, string> = {
  push: 'append',
  mustPush: 'append',
  mustAppend: 'append',
  mustPrepend: 'prepend',
  mustFirst: 'first',
  mustLast: 'last',
  mustRest: 'rest',
  mustInitial: 'initial',
  mustReverse: 'reverse',
  mustUniq: 'uniq',
  mustWithout: 'without',
  mustHas: 'has',
  mustCompact: 'compact',
  mustRegexFind: 'regexFind',
  mustRegexFindAll: 'regexFindAll',
  mustRegexReplaceAll: 'regexReplaceAll',
  mustRegexReplaceAllLiteral: 'regexReplaceAllLiteral',
  mustRegexSplit: 'regexSplit',
};

export const functions: FuncMap = new Map<string, TemplateFunc>([
  ...Object.entries(library),
  ...Object.entries(MUST_ALIASES).map(([alias, name]) => [alias, library[name]!] as [string, TemplateFunc]),
]);

export {TemplateArgError, TemplateFuncError} from './types.js';
export type {FuncContext, FuncMap, TemplateFunc} from './types.js';
