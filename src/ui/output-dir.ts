/**
 * Writing files into a user-given directory (`manifest generate -o DIR`): one sentence per
 * failure instead of a Node errno dump, and never under /proc or /sys, where a write can
 * block or change the running kernel instead of creating a file.
 */
import {mkdir, rm, writeFile} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {MeshError} from '../errors.js';

const PSEUDO_FILESYSTEMS = ['/proc', '/sys', '/dev'];

export interface OutputFile {
  name: string;
  text: string;
}

/** Writes `files` into `dir` (created if missing) and removes `stale` names; returns the paths written. */
export async function writeOutputDir(
  dir: string,
  files: readonly OutputFile[],
  stale: readonly string[] = [],
): Promise<string[]> {
  const absolute = resolve(dir);
  if (PSEUDO_FILESYSTEMS.some((root) => absolute === root || absolute.startsWith(`${root}/`))) {
    throw new MeshError(
      'bad-output-dir',
      `-o ${dir}: refusing to write under ${absolute.split('/').slice(0, 2).join('/')}`,
      {
        hint: 'give a directory on a real filesystem, e.g. -o ./manifests',
      },
    );
  }
  await attempt(() => mkdir(dir, {recursive: true}), dir, dir);
  for (const name of stale) {
    const path = join(dir, name);
    await attempt(() => rm(path, {force: true}), dir, path);
  }
  const written: string[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    await attempt(() => writeFile(path, file.text), dir, path);
    written.push(path);
  }
  return written;
}

async function attempt(step: () => Promise<unknown>, dir: string, path: string): Promise<void> {
  try {
    await step();
  } catch (error) {
    throw new MeshError('output-dir-failed', `-o ${dir}: ${sentence(error as NodeJS.ErrnoException, path)}`, {
      cause: error,
      hint: 'choose a writable directory with -o',
    });
  }
}

function sentence(error: NodeJS.ErrnoException, path: string): string {
  switch (error.code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return `${path} exists and is not a directory (or a parent of it is a file)`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied writing ${path}`;
    case 'EISDIR':
      return `${path} is a directory, where a file was to be written`;
    case 'EROFS':
      return `${path} is on a read-only filesystem`;
    case 'ENOSPC':
      return `no space left on the device holding ${path}`;
    default:
      return `cannot write ${path} (${error.code ?? error.message})`;
  }
}

const FORMAT_NAMES: ReadonlySet<string> = new Set(['json', 'yaml', 'yml', 'wide', 'text', 'flags', 'name']);

/**
 * `manifest generate -o json`: elsewhere -o picks a format, here it names a directory, so a
 * format name after -o is taken for a mistake (it would create ./json/). `--output-dir json`
 * says it is a directory and is accepted.
 */
export function checkOutputDir(argv: readonly string[], dir: string): void {
  if (!FORMAT_NAMES.has(dir.toLowerCase())) return;
  const spelledOut = argv.some(
    (arg, i) => arg === `--output-dir=${dir}` || (arg === '--output-dir' && argv[i + 1] === dir),
  );
  if (spelledOut) return;
  throw new MeshError(
    'bad-output-dir',
    `-o ${dir}: -o is the output directory here, not a format (manifest generate always prints YAML)`,
    {
      hint: `drop -o to print YAML on standard output, or write --output-dir ${dir} to write files into ./${dir}/`,
    },
  );
}
