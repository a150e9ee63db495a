/**
 * spec → sorted `path=value` lines (profile dump -o flags): the inverse of the --set grammar.
 * Sorted by path segment, list indexes numerically: --set appends past the end of a list, so
 * `env[2]` must come before `env[10]` for the lines to read back into the same list, and
 * `env=[]` (shorter) before both.
 */
import {formatPath, type PathToken} from './set-path.js';
import type {Json} from './types.js';

/** `prefix` is where `tree` sits in the spec (profile dump -p), so the lines stay valid --set paths. */
export function toFlags(tree: Json, prefix: readonly PathToken[] = []): string[] {
  const leaves: {path: PathToken[]; text: string}[] = [];
  const visit = (value: Json, path: PathToken[]) => {
    if (Array.isArray(value)) {
      // Every list starts with `path=[]`: read back, it replaces the list the profile has (as -f does)
      // instead of writing over its first elements and keeping the rest.
      leaves.push({path, text: '[]'});
      value.forEach((item, index) => visit(item, [...path, {kind: 'index', index}]));
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length === 0 && path.length > 0) leaves.push({path, text: '{}'});
      for (const key of keys) visit(value[key]!, [...path, {kind: 'key', key}]);
    } else {
      // Strings are JSON-quoted so they read back as strings, whatever the schema says.
      leaves.push({path, text: typeof value === 'string' ? JSON.stringify(value) : String(value)});
    }
  };
  visit(tree, [...prefix]);
  return leaves
    .sort((a, b) => comparePaths(a.path, b.path))
    .map((leaf) => `${formatPath(leaf.path)}=${leaf.text}`);
}

function comparePaths(a: readonly PathToken[], b: readonly PathToken[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareTokens(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareTokens(a: PathToken, b: PathToken): number {
  if (a.kind === 'index' && b.kind === 'index') return a.index - b.index;
  const [x, y] = [tokenText(a), tokenText(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function tokenText(token: PathToken): string {
  return token.kind === 'key' ? token.key : formatPath([token]);
}
