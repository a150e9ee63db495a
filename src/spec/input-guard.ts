/**
 * Limits on what input may hold, checked once where input enters (parsed files, paths):
 * no key that could reach an object's prototype, a bounded expansion of YAML aliases,
 * bounded nesting, finite numbers. js-yaml shares one object for every use of an alias,
 * so the walk below counts each use: the work it admits is the work later stages do.
 */
import {MeshError} from '../errors.js';

/** Keys that name an object's prototype machinery in JavaScript; never a field of any spec or object. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Most segments a path may have (YAML input is capped at the same nesting). */
export const MAX_PATH_SEGMENTS = 100;
export const MAX_DEPTH = 100;
export const MAX_EXPANDED_NODES = 100_000;
export const MAX_EXPANDED_BYTES = 10 * 1024 * 1024;

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

export function forbiddenKeyError(label: string, key: string, path?: string): MeshError {
  return new MeshError(
    'forbidden-key',
    `${label}: "${key}" is not allowed as a key${path ? ` (at ${path})` : ''}`,
    {
      path,
      hint: '__proto__, constructor and prototype are never fields of an IstioOperator or a Kubernetes object',
    },
  );
}

/** Own property or undefined: an inherited name (`toString`, `constructor`) never reads as data. */
export function own<T>(record: {[key: string]: T}, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Walks a parsed document (iteratively, so depth cannot overflow the stack) and throws the
 * first limit it breaks: a forbidden key, nesting beyond MAX_DEPTH, aliases that expand
 * beyond MAX_EXPANDED_NODES nodes or MAX_EXPANDED_BYTES of text, or a non-finite number.
 */
export function checkDocument(document: unknown, label: string): void {
  let nodes = 0;
  let bytes = 0;
  // Paths are built only for an error: a frame keeps its parent and its own segment.
  interface Frame {
    value: unknown;
    parent: Frame | undefined;
    segment: string | number;
    depth: number;
  }
  const pathOf = (frame: Frame): string => {
    const parts: (string | number)[] = [];
    for (let f: Frame | undefined = frame; f?.parent; f = f.parent) parts.push(f.segment);
    return parts
      .reverse()
      .reduce<string>(
        (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part),
        '',
      );
  };
  const tooBig = () =>
    new MeshError(
      'input-too-large',
      `${label}: YAML aliases expand beyond ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes or ${MAX_EXPANDED_BYTES / 1024 / 1024} MB`,
      {hint: 'write the values out instead of nesting aliases (&anchor / *alias)'},
    );
  const stack: Frame[] = [{value: document, parent: undefined, segment: '', depth: 0}];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const {value, depth} = frame;
    if (++nodes > MAX_EXPANDED_NODES) throw tooBig();
    if (typeof value === 'string') {
      bytes += value.length;
      if (bytes > MAX_EXPANDED_BYTES) throw tooBig();
      continue;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      const name = Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
      const path = pathOf(frame);
      throw new MeshError(
        'not-finite',
        `${label}: ${path || 'the document'} is ${name}; expected a finite number`,
        {
          path,
        },
      );
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      const path = pathOf(frame);
      throw new MeshError('input-too-deep', `${label}: ${path} is nested deeper than ${MAX_DEPTH} levels`, {
        path,
      });
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({value: value[i], parent: frame, segment: i, depth: depth + 1});
      continue;
    }
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const child: Frame = {
        value: (value as Record<string, unknown>)[key],
        parent: frame,
        segment: key,
        depth: depth + 1,
      };
      if (isForbiddenKey(key)) throw forbiddenKeyError(label, key, pathOf(child));
      bytes += key.length;
      stack.push(child);
    }
    if (bytes > MAX_EXPANDED_BYTES) throw tooBig();
  }
}

/** The byte offset of the first byte that is not valid UTF-8, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    if (need === 2) {
      const c = bytes[i + 1]!;
      if ((b === 0xe0 && c < 0xa0) || (b === 0xed && c >= 0xa0)) return i; // overlong, surrogate
    } else if (need === 3) {
      const c = bytes[i + 1]!;
      if ((b === 0xf0 && c < 0x90) || (b === 0xf4 && c >= 0x90)) return i; // overlong, beyond U+10FFFF
    }
    i += need + 1;
  }
  return -1;
}
