/**
 * One `--set path=value`: the path (set-path.ts) and the value, typed by the schema where
 * it knows the field, else inferred (int, float, bool, string). Only the first unescaped
 * `=` splits path from value.
 */
import {MeshError} from '../errors.js';
import {describeSchema, type Schema} from './schema.js';
import {assignmentSplit, formatPath, parsePath, schemaAt, type PathToken} from './set-path.js';
import type {Json} from './types.js';
import {unsafeInteger, valueIssues} from './validate.js';

export interface SetAssignment {
  /** The text the user gave (`path=value`). */
  source: string;
  /** Where it came from, for error messages: `--set a=b`, `--set-string a=b`, `-r canary`. */
  label: string;
  path: PathToken[];
  value: Json;
}

/** Infers a type for a value the schema does not know: int, float, bool, else string. */
export function inferValue(raw: string): Json {
  if (raw === '[]') return [];
  if (raw === '{}') return {};
  if (/^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  // Infinity (1e400) is no JSON number; such text stays a string.
  if (/^-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(raw) && Number.isFinite(Number(raw))) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

/**
 * Converts a raw --set value to the schema's type, or explains why it cannot. Enum, range
 * and name checks are the validator's (valueIssues), so -f files get the same ones.
 */
export function typedValue(raw: string, schema: Schema | undefined, label: string): Json {
  if (schema === undefined) return inferValue(raw);
  const fail = (expected = `expected ${describeSchema(schema)}, got "${raw}"`) =>
    new MeshError('wrong-type', `${label}: ${expected}`, {
      hint: `this field takes ${describeSchema(schema)}; see \`mesh profile dump -o flags\` for the values in use`,
    });
  switch (schema.type) {
    case 'string':
      return raw;
    case 'integer':
      if (!/^-?\d+$/.test(raw)) throw fail();
      if (!Number.isSafeInteger(Number(raw))) throw fail(unsafeInteger(raw));
      return Number(raw);
    case 'number': {
      const value = inferValue(raw);
      if (typeof value !== 'number') throw fail();
      return value;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw fail();
      return raw === 'true';
    case 'intOrString':
      return /^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
    case 'any':
      return inferValue(raw);
    default:
      if (raw === '{}' && (schema.type === 'object' || schema.type === 'map')) return {};
      if (raw === '[]' && schema.type === 'list') return [];
      throw new MeshError(
        'wrong-type',
        `${label}: ${describeSchema(schema)} cannot be set from the scalar "${raw}"`,
        {
          hint: 'set one of its fields instead, e.g. path.field=value, or use -f with a YAML file',
        },
      );
  }
}

/** Parses one `--set path=value` (`--set-string` when asString; `label` overrides how errors name it). */
export function parseSet(text: string, options: {asString?: boolean; label?: string} = {}): SetAssignment {
  const label = options.label ?? `${options.asString ? '--set-string' : '--set'} ${abbreviate(text)}`;
  const equals = assignmentSplit(text);
  if (equals <= 0) {
    throw new MeshError('bad-set', `${label}: expected path=value`, {
      hint: 'e.g. --set meshConfig.accessLogFile=/dev/stdout',
    });
  }
  const path = parsePath(text.slice(0, equals), label);
  const raw = text.slice(equals + 1);
  const schema = schemaAt(path, label);
  // A double-quoted value is a JSON string (what `profile dump -o flags` prints), so it reads back as a string.
  const quoted = /^".*"$/s.test(raw) ? parseQuoted(raw) : undefined;
  const value = options.asString ? raw : (quoted ?? typedValue(raw, schema, label));
  const issue = schema ? valueIssues(value, schema, formatPath(path))[0] : undefined;
  if (issue) {
    throw new MeshError('wrong-value', `${label}: ${issue.message}`, {
      path: issue.path,
      hint: `this field takes ${describeSchema(schema!)}`,
    });
  }
  return {source: text, label, path, value};
}

/** Input echoed in an error is cut to a readable length: a 20,000-segment path is not repeated whole. */
function abbreviate(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}… (${text.length} characters)`;
}

function parseQuoted(raw: string): string | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
