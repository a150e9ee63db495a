/**
 * Paths of the --set grammar. Paths are relative to `spec`:
 *   `.` separates segments, `\` makes the next character literal (`a\.b` is one key),
 *   `[N]` indexes a list, `[key:value]` selects the list element whose field `key` equals `value`.
 * Error messages start with a label saying where the path came from (`--set a.b=1`, `--config-path a.b`).
 */
import {MeshError} from '../errors.js';
import {describeSchema, SPEC_SCHEMA, type Schema} from './schema.js';
import {didYouMean} from './suggest.js';

export type PathToken =
  | {kind: 'key'; key: string}
  | {kind: 'index'; index: number}
  | {kind: 'select'; field: string; value: string};

export function parsePath(text: string, label = `--set ${text}`): PathToken[] {
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
      if (!keyStarted && tokens.length === 0) throw badPath(label, 'it starts with "."');
      if (!keyStarted && text[i - 1] === '.') throw badPath(label, 'it has an empty segment ("..")');
      flushKey();
    } else if (char === '[') {
      flushKey();
      const end = text.indexOf(']', i);
      if (end < 0) throw badPath(label, `"[" at position ${i + 1} is never closed`);
      tokens.push(parseBracket(text.slice(i + 1, end), label));
      i = end;
    } else {
      key += char;
      keyStarted = true;
    }
  }
  flushKey();
  if (tokens.length === 0) throw badPath(label, 'the path is empty');
  if (tokens.some((t) => t.kind === 'key' && t.key === ''))
    throw badPath(label, 'it has an empty segment ("..")');
  return tokens;
}

function parseBracket(inner: string, label: string): PathToken {
  if (/^\d+$/.test(inner)) {
    const index = Number(inner);
    if (!Number.isSafeInteger(index)) throw badPath(label, `list index [${inner}] is too large`);
    return {kind: 'index', index};
  }
  const colon = inner.indexOf(':');
  if (colon > 0) return {kind: 'select', field: inner.slice(0, colon), value: inner.slice(colon + 1)};
  throw badPath(label, `"[${inner}]" is neither an index [N] nor a selector [key:value]`);
}

function badPath(label: string, why: string): MeshError {
  return new MeshError('bad-set-path', `${label}: invalid path: ${why}`, {
    hint: 'paths look like components.pilot.k8s.replicaCount, a\\.b for a literal dot, list[0] or list[name:value]',
  });
}

/** Where the path of `path=value` ends: the first `=` that is neither escaped nor inside `[…]`. */
export function assignmentSplit(text: string): number {
  let inBracket = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && !inBracket) i++;
    else if (char === '[') inBracket = true;
    else if (char === ']') inBracket = false;
    else if (char === '=' && !inBracket) return i;
  }
  return -1;
}

/** A key as the grammar writes it: the characters the grammar gives a meaning to are escaped. */
export function escapeKey(key: string): string {
  return key.replace(/[\\.[=]/g, '\\$&');
}

export function formatPath(tokens: readonly PathToken[]): string {
  let text = '';
  for (const token of tokens) {
    if (token.kind === 'key') text += (text === '' ? '' : '.') + escapeKey(token.key);
    else if (token.kind === 'index') text += `[${token.index}]`;
    else text += `[${token.field}:${token.value}]`;
  }
  return text;
}

/** The schema node at a path; undefined where the schema is open or untyped. Throws on an unknown field. */
export function schemaAt(
  tokens: readonly PathToken[],
  label: string,
  root: Schema = SPEC_SCHEMA,
): Schema | undefined {
  let schema: Schema | undefined = root;
  tokens.forEach((token, i) => {
    if (schema === undefined) return;
    const where = i === 0 ? 'spec' : formatPath(tokens.slice(0, i));
    if (token.kind === 'key') {
      if (schema.type === 'object') {
        const next: Schema | undefined = schema.properties[token.key];
        if (next === undefined && !schema.open) {
          const known = Object.keys(schema.properties);
          throw new MeshError(
            'unknown-field',
            `${label}: unknown field "${token.key}" in ${where}${didYouMean(token.key, known)}`,
            {
              path: formatPath(tokens),
              hint: known.length ? `known fields of ${where}: ${known.join(', ')}` : `${where} has no fields`,
            },
          );
        }
        schema = next;
      } else if (schema.type === 'map') {
        schema = schema.values;
      } else if (schema.type === 'any') {
        schema = undefined;
      } else {
        throw new MeshError(
          'not-an-object',
          `${label}: ${where} is ${describeSchema(schema)}, it has no field "${token.key}"`,
          {
            path: formatPath(tokens),
          },
        );
      }
    } else if (schema.type === 'list') {
      schema = schema.items;
    } else if (schema.type === 'any') {
      schema = undefined;
    } else {
      throw new MeshError('not-a-list', `${label}: ${where} is ${describeSchema(schema)}, not a list`, {
        path: formatPath(tokens),
      });
    }
  });
  return schema?.type === 'any' ? undefined : schema;
}
