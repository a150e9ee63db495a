/**
 * The --set grammar. Paths are relative to `spec`:
 *   `.` separates segments, `\.` is a literal dot, `[N]` indexes a list (past the end appends),
 *   `[key:value]` selects the list element whose field `key` equals `value`.
 * Only the first `=` splits path from value. Values are typed by the schema where it knows
 * the field, else inferred (int, float, bool, string).
 */
import {MeshError} from '../errors.js';
import {describeSchema, SPEC_SCHEMA, type Schema} from './schema.js';
import {didYouMean} from './suggest.js';
import type {Json, JsonObject} from './types.js';

export type PathToken = {kind: 'key'; key: string} | {kind: 'index'; index: number} | {kind: 'select'; field: string; value: string};

export interface SetAssignment {
  /** The text the user gave, for error messages. */
  source: string;
  path: PathToken[];
  value: Json;
}

export function parsePath(text: string, source = text): PathToken[] {
  const tokens: PathToken[] = [];
  let key = '';
  let keyStarted = false;
  const flushKey = () => {
    if (keyStarted) tokens.push({kind: 'key', key});
    key = '';
    keyStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length) {
      key += text[++i];
      keyStarted = true;
    } else if (char === '.') {
      if (!keyStarted && tokens.length === 0) throw badPath(source, 'it starts with "."');
      if (!keyStarted && text[i - 1] === '.') throw badPath(source, 'it has an empty segment ("..")');
      flushKey();
    } else if (char === '[') {
      flushKey();
      const end = text.indexOf(']', i);
      if (end < 0) throw badPath(source, `"[" at position ${i + 1} is never closed`);
      tokens.push(parseBracket(text.slice(i + 1, end), source));
      i = end;
    } else {
      key += char;
      keyStarted = true;
    }
  }
  flushKey();
  if (tokens.length === 0) throw badPath(source, 'the path is empty');
  if (tokens.some((t) => t.kind === 'key' && t.key === '')) throw badPath(source, 'it has an empty segment ("..")');
  return tokens;
}

function parseBracket(inner: string, source: string): PathToken {
  if (/^\d+$/.test(inner)) return {kind: 'index', index: Number(inner)};
  const colon = inner.indexOf(':');
  if (colon > 0) return {kind: 'select', field: inner.slice(0, colon), value: inner.slice(colon + 1)};
  throw badPath(source, `"[${inner}]" is neither an index [N] nor a selector [key:value]`);
}

function badPath(source: string, why: string): MeshError {
  return new MeshError('bad-set-path', `--set ${source}: invalid path: ${why}`, {
    hint: 'paths look like components.pilot.k8s.replicaCount, a\\.b for a literal dot, list[0] or list[name:value]',
  });
}

export function formatPath(tokens: readonly PathToken[]): string {
  let text = '';
  for (const token of tokens) {
    if (token.kind === 'key') text += (text === '' ? '' : '.') + token.key.replaceAll('.', '\\.');
    else if (token.kind === 'index') text += `[${token.index}]`;
    else text += `[${token.field}:${token.value}]`;
  }
  return text;
}

/** The schema node at a path; undefined where the schema is open or untyped. Throws on an unknown field. */
export function schemaAt(tokens: readonly PathToken[], source: string, root: Schema = SPEC_SCHEMA): Schema | undefined {
  let schema: Schema | undefined = root;
  tokens.forEach((token, i) => {
    if (schema === undefined) return;
    if (token.kind === 'key') {
      if (schema.type === 'object') {
        const next: Schema | undefined = schema.properties[token.key];
        if (next === undefined && !schema.open) {
          const where = i === 0 ? 'spec' : formatPath(tokens.slice(0, i));
          throw new MeshError(
            'unknown-field',
            `--set ${source}: unknown field "${token.key}" in ${where}${didYouMean(token.key, Object.keys(schema.properties))}`,
            {path: formatPath(tokens), hint: `known fields of ${where}: ${Object.keys(schema.properties).join(', ')}`},
          );
        }
        schema = next;
      } else if (schema.type === 'map') {
        schema = schema.values;
      } else if (schema.type === 'any') {
        schema = undefined;
      } else {
        throw new MeshError('not-an-object', `--set ${source}: ${formatPath(tokens.slice(0, i))} is ${describeSchema(schema)}, it has no field "${token.key}"`, {
          path: formatPath(tokens),
        });
      }
    } else if (schema.type === 'list') {
      schema = schema.items;
    } else if (schema.type === 'any') {
      schema = undefined;
    } else {
      throw new MeshError('not-a-list', `--set ${source}: ${formatPath(tokens.slice(0, i))} is ${describeSchema(schema)}, not a list`, {
        path: formatPath(tokens),
      });
    }
  });
  return schema?.type === 'any' ? undefined : schema;
}

/** Infers a type for a value the schema does not know: int, float, bool, else string. */
export function inferValue(raw: string): Json {
  if (raw === '[]') return [];
  if (raw === '{}') return {};
  if (/^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  if (/^-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

/** Converts a raw --set value to what the schema expects, or explains why it cannot. */
export function typedValue(raw: string, schema: Schema | undefined, source: string): Json {
  if (schema === undefined) return inferValue(raw);
  const fail = () =>
    new MeshError('wrong-type', `--set ${source}: expected ${describeSchema(schema)}, got "${raw}"`, {
      hint: `this field takes ${describeSchema(schema)}; see \`mesh profile dump -o flags\` for the values in use`,
    });
  switch (schema.type) {
    case 'string':
      if (schema.enum && !schema.enum.includes(raw)) {
        throw new MeshError('wrong-value', `--set ${source}: expected ${describeSchema(schema)}, got "${raw}"${didYouMean(raw, schema.enum)}`);
      }
      return raw;
    case 'integer': {
      if (!/^-?\d+$/.test(raw)) throw fail();
      const value = Number(raw);
      checkRange(value, schema, source);
      return value;
    }
    case 'number': {
      const value = inferValue(raw);
      if (typeof value !== 'number') throw fail();
      checkRange(value, schema, source);
      return value;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw fail();
      return raw === 'true';
    case 'intOrString':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'any':
      return inferValue(raw);
    default:
      if (raw === '{}' && (schema.type === 'object' || schema.type === 'map')) return {};
      if (raw === '[]' && schema.type === 'list') return [];
      throw new MeshError('wrong-type', `--set ${source}: ${describeSchema(schema)} cannot be set from the scalar "${raw}"`, {
        hint: 'set one of its fields instead, e.g. path.field=value, or use -f with a YAML file',
      });
  }
}

function checkRange(value: number, schema: {minimum?: number; maximum?: number}, source: string): void {
  if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) {
    throw new MeshError('out-of-range', `--set ${source}: ${value} is out of range [${schema.minimum ?? '-∞'}, ${schema.maximum ?? '∞'}]`);
  }
}

/** Parses one `--set path=value` (or `--set-string` when asString). */
export function parseSet(text: string, options: {asString?: boolean} = {}): SetAssignment {
  const equals = text.indexOf('=');
  if (equals <= 0) {
    throw new MeshError('bad-set', `--set ${text}: expected path=value`, {hint: 'e.g. --set meshConfig.accessLogFile=/dev/stdout'});
  }
  const path = parsePath(text.slice(0, equals), text);
  const raw = text.slice(equals + 1);
  const schema = schemaAt(path, text);
  // A double-quoted value is a JSON string (what `profile dump -o flags` prints), so it reads back as a string.
  const quoted = /^".*"$/s.test(raw) ? parseQuoted(raw) : undefined;
  const value = options.asString ? raw : quoted ?? typedValue(raw, schema, text);
  return {source: text, path, value};
}

function parseQuoted(raw: string): string | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Writes an assignment into a spec tree (mutating it), creating objects and lists on the way. */
export function applySet(spec: JsonObject, assignment: SetAssignment): void {
  const {path, source} = assignment;
  let node: Json = spec;
  for (let i = 0; i < path.length; i++) {
    const token = path[i]!;
    const last = i === path.length - 1;
    const next = path[i + 1];
    const fresh = (): Json => (next?.kind === 'key' ? {} : []);
    const where = formatPath(path.slice(0, i)) || 'spec';
    if (token.kind === 'key') {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) {
        throw new MeshError('not-an-object', `--set ${source}: ${where} is not an object`, {path: formatPath(path)});
      }
      const parent: JsonObject = node;
      if (last) parent[token.key] = assignment.value;
      else if (parent[token.key] === undefined || parent[token.key] === null) parent[token.key] = fresh();
      node = parent[token.key]!;
      continue;
    }
    if (!Array.isArray(node)) throw new MeshError('not-a-list', `--set ${source}: ${where} is not a list`, {path: formatPath(path)});
    const items: Json[] = node;
    let index: number;
    if (token.kind === 'index') {
      index = Math.min(token.index, items.length);
    } else {
      index = items.findIndex((item) => isObject(item) && String(item[token.field]) === token.value);
      if (index < 0) {
        const present = items.filter(isObject).map((item) => String(item[token.field]));
        throw new MeshError(
          'no-such-element',
          `--set ${source}: element [${token.field}:${token.value}] not found in ${where}${didYouMean(token.value, present)}`,
          {path: formatPath(path), hint: present.length ? `${where} has ${token.field}: ${present.join(', ')}` : `${where} is empty`},
        );
      }
    }
    if (last) items[index] = assignment.value;
    else if (items[index] === undefined || items[index] === null) items[index] = fresh();
    node = items[index]!;
  }
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
