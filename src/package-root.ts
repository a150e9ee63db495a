/**
 * Where mesh's data files are. The same module runs from src/ (vitest), dist/ (tsc) and
 * dist/bundle/chunks/ (the bundled CLI), so the root is found by walking up to the directory
 * that holds both package.json and profiles/, never by a fixed number of `..`.
 */
import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'profiles'))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`mesh's package root (package.json and profiles/) is not above ${start}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A directory URL (trailing slash) or file URL under the package root. */
export function packageUrl(relativePath: string): URL {
  return pathToFileURL(join(PACKAGE_ROOT, relativePath) + (relativePath.endsWith('/') ? '/' : ''));
}

/** True when running the TypeScript sources (vitest), where build outputs such as dist/crds.json may be stale. */
export const FROM_SOURCES = import.meta.url.endsWith('.ts');
