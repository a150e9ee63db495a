import {GoFunc, GoStruct, fromJson as jsonToGo, type GoMap, type GoValue} from '../value.js';
import {argCount, argString} from './convert.js';
import {compareBytes} from './gofmt.js';
import {TemplateFuncError, type TemplateFunc} from './types.js';

/** Go's encoding/json on template values, and Helm's toJson/fromJson around it. */

export class JsonEncodeError extends Error {}

/** Go's string encoding: HTML-safe (<, >, & as \u003c…) and U+2028/U+2029 escaped. */
export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** Go's float64 encoding: shortest digits, exponent below 1e-6 and from 1e21 (as JavaScript's). */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f))
    throw new JsonEncodeError(
      `json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`,
    );
  if (Object.is(f, -0)) return '-0';
  return String(f);
}

/** json.Marshal (indent '' ) or json.MarshalIndent(v, "", indent). */
export function marshalJson(value: GoValue, indent = ''): string {
  const nl = (depth: number): string => (indent === '' ? '' : `\n${indent.repeat(depth)}`);
  const enc = (v: GoValue, depth: number): string => {
    if (v === null || v instanceof GoFunc) return 'null';
    if (typeof v === 'string') return jsonString(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return jsonFloat(v);
    if (typeof v === 'bigint') return v.toString();
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${v.map((x) => nl(depth + 1) + enc(x, depth + 1)).join(',')}${nl(depth)}]`;
    }
    const entries: [string, GoValue][] =
      v instanceof GoStruct ? [...v.fields] : [...(v as GoMap)].sort((a, b) => compareBytes(a[0], b[0]));
    if (entries.length === 0) return '{}';
    const sep = indent === '' ? ':' : ': ';
    return `{${entries.map(([k, x]) => nl(depth + 1) + jsonString(k) + sep + enc(x, depth + 1)).join(',')}${nl(depth)}}`;
  };
  return enc(value, 0);
}

/** json.Unmarshal into interface{}: objects become maps, every number a float64. */
export function parseJson(text: string): GoValue {
  return jsonToGo(JSON.parse(text) as unknown);
}

/** Go's message for text that is not JSON (the charts never show it; keep it recognisable). */
function jsonErrorMessage(err: unknown): string {
  return `invalid character in JSON: ${err instanceof Error ? err.message : String(err)}`;
}

const marshalOr =
  (name: string, indent: string, must: boolean): TemplateFunc =>
  (args) => {
    argCount(name, args, 1);
    try {
      return marshalJson(args[0] ?? null, indent);
    } catch (err) {
      if (must && err instanceof JsonEncodeError) throw new TemplateFuncError(err.message);
      if (err instanceof JsonEncodeError) return '';
      throw err;
    }
  };

export const jsonFunctions: Record<string, TemplateFunc> = {
  toJson: marshalOr('toJson', '', false),
  mustToJson: marshalOr('mustToJson', '', true),
  toPrettyJson: marshalOr('toPrettyJson', '  ', false),
  mustToPrettyJson: marshalOr('mustToPrettyJson', '  ', true),
  toRawJson: (args) => {
    argCount('toRawJson', args, 1);
    // Like toJson without HTML escaping.
    return marshalJson(args[0] ?? null).replace(/\\u00(3c|3e|26)/g, (_m, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    );
  },
  // Helm's fromJson: a map, or {"Error": message} when the text is not a JSON object.
  fromJson: (args) => {
    argCount('fromJson', args, 1);
    const text = argString(args, 0);
    try {
      const v = parseJson(text);
      if (v === null) return null;
      if (v instanceof Map) return v;
      return new Map([
        [
          'Error',
          `json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'number'} into Go value of type map[string]interface {}`,
        ],
      ]);
    } catch (err) {
      return new Map([['Error', jsonErrorMessage(err)]]);
    }
  },
  fromJsonArray: (args) => {
    argCount('fromJsonArray', args, 1);
    try {
      const v = parseJson(argString(args, 0));
      if (Array.isArray(v) || v === null) return v;
      return ['json: cannot unmarshal object into Go value of type []interface {}'];
    } catch (err) {
      return [jsonErrorMessage(err)];
    }
  },
};
