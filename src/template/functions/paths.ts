import {argCount, argInt, argString} from './convert.js';
import type {TemplateFunc} from './types.js';

/** Go's path package as sprig exposes it (base, dir, ext, clean, isAbs), plus substr. */

/** path.Clean: lexical, "." for empty, ".." kept only where it cannot be resolved. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

function basePath(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

const unary =
  (name: string, fn: (s: string) => string | boolean): TemplateFunc =>
  (args) => {
    argCount(name, args, 1);
    return fn(argString(args, 0));
  };

export const pathFunctions: Record<string, TemplateFunc> = {
  base: unary('base', basePath),
  dir: unary('dir', (p) => cleanPath(p.slice(0, p.lastIndexOf('/') + 1))),
  ext: unary('ext', extPath),
  clean: unary('clean', cleanPath),
  isAbs: unary('isAbs', (p) => p.startsWith('/')),
  // sprig's substr slices bytes: a negative start means from 0, an end out of range means to the end.
  substr: (args) => {
    argCount('substr', args, 3);
    const start = argInt(args, 0);
    const end = argInt(args, 1);
    const b = Buffer.from(argString(args, 2), 'utf8');
    if (start < 0) return b.subarray(0, end).toString('utf8');
    if (end < 0 || end > b.length) return b.subarray(start).toString('utf8');
    return b.subarray(start, end).toString('utf8');
  },
};
