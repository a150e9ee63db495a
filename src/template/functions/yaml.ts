import yaml from 'js-yaml';
import {cachedParse, recordParse} from '../build-cache.js';
import {fromJson as jsonToGo, type GoValue} from '../value.js';
import {argCount, argString} from './convert.js';
import {deepCopy} from './equal.js';
import {JsonEncodeError} from './json.js';
import {TemplateFuncError, type TemplateFunc} from './types.js';
import {marshalYaml} from './yaml-emit.js';

/**
 * Helm's YAML functions. Reading follows sigs.k8s.io/yaml (go-yaml v2's YAML 1.1 resolution —
 * yes/no/on/off are booleans, 0755 is octal, timestamps stay strings — then JSON, so every
 * number is a float64). Writing is yaml-emit.ts.
 */

const INT_RE = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const TRUE_WORDS = new Set('y Y yes Yes YES true True TRUE on On ON'.split(' '));
const FALSE_WORDS = new Set('n N no No NO false False FALSE off Off OFF'.split(' '));
const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);

function parseYamlInt(s: string): number | undefined {
  const plain = s.replace(/_/g, '');
  if (INT_RE.test(plain)) {
    const neg = plain.startsWith('-');
    const body = plain.replace(/^[-+]/, '');
    const n = /^0[0-7]+$/.test(body) ? BigInt(`0o${body.slice(1)}`) : BigInt(body.replace(/^0[oO]/, '0o'));
    return Number(neg ? -n : n);
  }
  if (/^-0b[01]+$/.test(plain)) return -Number(BigInt(`0b${plain.slice(3)}`));
  return undefined;
}

const goYamlSchema = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    (yaml as unknown as {types: {merge: yaml.Type}}).types.merge,
    new yaml.Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (d: string) => NULL_WORDS.has(d),
      construct: () => null,
    }),
    new yaml.Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (d: string) => TRUE_WORDS.has(d) || FALSE_WORDS.has(d),
      construct: (d: string) => TRUE_WORDS.has(d),
    }),
    new yaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (d: string) => /^[-+0-9]/.test(d) && !/^\d{4}-/.test(d) && parseYamlInt(d) !== undefined,
      construct: (d: string) => parseYamlInt(d) ?? 0,
    }),
    new yaml.Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (d: string) =>
        /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(d) ||
        (/^[-+0-9.]/.test(d) &&
          !/^\d{4}-/.test(d) &&
          FLOAT_RE.test(d.startsWith('.') ? d : d.replace(/_/g, ''))),
      construct: (d: string) => {
        if (/nan/i.test(d)) return NaN;
        if (/inf/i.test(d)) return d.startsWith('-') ? -Infinity : Infinity;
        return Number(d.startsWith('.') ? d : d.replace(/_/g, ''));
      },
    }),
  ],
  explicit: [],
});

/**
 * Parsed documents by text, for the large ones: the base chart parses each of its CRDs twice per
 * render, and every render parses the same chart files. Callers get a deep copy, because
 * templates mutate what fromYaml returns (set on its maps). The build cache (build-cache.ts),
 * when it holds the text, answers first with a new value.
 */
const CACHE_MIN_LENGTH = 2048;
const CACHE_MAX_ENTRIES = 512;
const parsedCache = new Map<string, GoValue>();

function parseYamlCached(text: string): GoValue {
  if (text.length < CACHE_MIN_LENGTH) return parseYaml(text);
  const built = cachedParse(text);
  if (built !== undefined) return built;
  let v = parsedCache.get(text);
  if (v === undefined) {
    v = parseYaml(text);
    if (parsedCache.size >= CACHE_MAX_ENTRIES) parsedCache.clear();
    parsedCache.set(text, v);
  }
  recordParse(text, v); // only while the build records its cache
  return deepCopy(v);
}

/** The first YAML document as Go values (what yaml.Unmarshal into interface{} then JSON gives). */
export function parseYaml(text: string): GoValue {
  let doc: unknown;
  try {
    doc = yaml.load(text, {schema: goYamlSchema, json: true});
  } catch (err) {
    if (!(err instanceof yaml.YAMLException) || !/single document/.test(err.message)) throw err;
    doc = yaml.loadAll(text, undefined, {schema: goYamlSchema, json: true})[0];
  }
  return jsonToGo(doc);
}

function yamlError(err: unknown): string {
  const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  return `error converting YAML to JSON: yaml: ${msg}`;
}

const notA = (v: GoValue, want: string): string =>
  `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${
    Array.isArray(v)
      ? 'array'
      : typeof v === 'string'
        ? 'string'
        : typeof v === 'boolean'
          ? 'bool'
          : v instanceof Map
            ? 'object'
            : 'number'
  } into Go value of type ${want}`;

function toYaml(name: string, must: boolean): TemplateFunc {
  return (args) => {
    argCount(name, args, 1);
    try {
      // Helm trims the one newline yaml.Marshal ends with.
      const text = marshalYaml(args[0] ?? null);
      return text.endsWith('\n') ? text.slice(0, -1) : text;
    } catch (err) {
      if (!(err instanceof JsonEncodeError)) throw err;
      if (must) throw new TemplateFuncError(`error marshaling into JSON: ${err.message}`);
      return '';
    }
  };
}

export const yamlFunctions: Record<string, TemplateFunc> = {
  toYaml: toYaml('toYaml', false),
  mustToYaml: toYaml('mustToYaml', true),
  fromYaml: (args) => {
    argCount('fromYaml', args, 1);
    let v: GoValue;
    try {
      v = parseYamlCached(argString(args, 0));
    } catch (err) {
      return new Map([['Error', yamlError(err)]]);
    }
    if (v === null) return new Map();
    if (v instanceof Map) return v;
    return new Map([['Error', notA(v, 'map[string]interface {}')]]);
  },
  fromYamlArray: (args) => {
    argCount('fromYamlArray', args, 1);
    let v: GoValue;
    try {
      v = parseYamlCached(argString(args, 0));
    } catch (err) {
      return [yamlError(err)];
    }
    if (v === null) return [];
    if (Array.isArray(v)) return v;
    return [notA(v, '[]interface {}')];
  },
};
