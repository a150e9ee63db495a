/**
 * The one path grammar of mesh: --set, -p/--config-path, k8s.overlays patch paths and drift paths.
 *   `.` separates segments, `\` makes the next character literal (`a\.b` is one key),
 *   `[N]` indexes a list, `[key:value]` selects the list element whose field `key` equals `value`,
 *   and, where the caller allows it (overlays), `[:value]` selects a scalar list element.
 * `__proto__`, `constructor` and `prototype` are never segments, and a path has at most
 * MAX_PATH_SEGMENTS of them. Error messages start with a label saying where the path came
 * from (`--set a.b=1`, `--config-path a.b`).
 */
import {MeshError} from '../errors.js';
import {forbiddenKeyError, isForbiddenKey, MAX_PATH_SEGMENTS, own} from './input-guard.js';
import {describeSchema, SPEC_SCHEMA, type Schema} from './schema.js';
import {didYouMean} from './suggest.js';

export type PathToken =
  | {kind: 'key'; key: string}
  | {kind: 'index'; index: number}
  | {kind: 'select'; field: string; value: string};

export interface PathOptions {
  /** Allow `[:value]`, which selects a scalar list element (overlay patches). */
  scalarSelect?: boolean;
  /** How a malformed path is explained (overlays have their own wording). */
  badPath?: (why: string) => MeshError;
}

export function parsePath(text: string, label = `--set ${text}`, options: PathOptions = {}): PathToken[] {
  const fail = options.badPath ?? ((why: string) => badPath(label, why));
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
      if (tokens.length > MAX_PATH_SEGMENTS) throw fail(`it has more than ${MAX_PATH_SEGMENTS} segments`);
      if (!keyStarted && tokens.length === 0) throw fail('it starts with "."');
      if (!keyStarted && text[i - 1] === '.') throw fail('it has an empty segment ("..")');
      flushKey();
    } else if (char === '[') {
      flushKey();
      const end = closingBracket(text, i);
      if (end < 0) throw fail(`"[" at position ${i + 1} is never closed`);
      tokens.push(parseBracket(text.slice(i + 1, end), fail, options.scalarSelect === true));
      i = end;
    } else {
      key += char;
      keyStarted = true;
    }
  }
  flushKey();
  if (tokens.length > MAX_PATH_SEGMENTS)
    throw fail(`it has ${tokens.length} segments; at most ${MAX_PATH_SEGMENTS} are allowed`);
  for (const token of tokens) {
    const key = token.kind === 'key' ? token.key : token.kind === 'select' ? token.field : '';
    if (isForbiddenKey(key)) throw forbiddenKeyError(label, key);
  }
  if (tokens.length === 0) throw fail('the path is empty');
  if (tokens.some((t) => t.kind === 'key' && t.key === '')) throw fail('it has an empty segment ("..")');
  return tokens;
}

/** The `]` closing the `[` at `open`; inside brackets `\` makes the next character literal. */
function closingBracket(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ']') return i;
  }
  return -1;
}

const unescapeBracket = (text: string) => text.replace(/\\(.)/gs, '$1');
const escapeBracket = (text: string) => text.replace(/[\\\]:]/g, '\\$&');

function parseBracket(inner: string, fail: (why: string) => MeshError, scalarSelect: boolean): PathToken {
  if (/^\d+$/.test(inner)) {
    const index = Number(inner);
    if (!Number.isSafeInteger(index)) throw fail(`list index [${inner}] is too large`);
    return {kind: 'index', index};
  }
  const colon = unescapedColon(inner);
  if (colon > 0 || (colon === 0 && scalarSelect))
    return {
      kind: 'select',
      field: unescapeBracket(inner.slice(0, colon)),
      value: unescapeBracket(inner.slice(colon + 1)),
    };
  throw fail(
    `"[${inner}]" is neither an index [N] nor a selector [key:value]${scalarSelect ? ' nor [:value]' : ''}`,
  );
}

function unescapedColon(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ':') return i;
  }
  return -1;
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
    if (char === '\\') i++;
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
    else text += `[${escapeBracket(token.field)}:${escapeBracket(token.value)}]`;
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
    // Formatted only for an error: formatting at every step would make long paths quadratic.
    const where = () => (i === 0 ? 'spec' : formatPath(tokens.slice(0, i)));
    if (token.kind === 'key') {
      if (schema.type === 'object') {
        const next: Schema | undefined = own(schema.properties, token.key);
        if (next === undefined && !schema.open) {
          const known = Object.keys(schema.properties);
          throw new MeshError(
            'unknown-field',
            `${label}: unknown field "${token.key}" in ${where()}${didYouMean(token.key, known)}`,
            {
              path: formatPath(tokens),
              hint: known.length
                ? `known fields of ${where()}: ${known.join(', ')}`
                : `${where()} has no fields`,
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
          `${label}: ${where()} is ${describeSchema(schema)}, it has no field "${token.key}"`,
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
      throw new MeshError('not-a-list', `${label}: ${where()} is ${describeSchema(schema)}, not a list`, {
        path: formatPath(tokens),
      });
    }
  });
  return schema?.type === 'any' ? undefined : schema;
}
