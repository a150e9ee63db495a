import {chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {writeOutputDir} from '../../../src/ui/output-dir.js';

const root = mkdtempSync(join(tmpdir(), 'mesh-outdir-'));
const files = [{name: 'Base.yaml', text: 'a: 1\n'}];

describe('writeOutputDir', () => {
  it('creates the directory, writes the files and removes stale ones', async () => {
    const dir = join(root, 'out');
    mkdirSync(dir);
    writeFileSync(join(dir, 'Old.yaml'), 'x');
    expect(await writeOutputDir(dir, files, ['Old.yaml'])).toEqual([join(dir, 'Base.yaml')]);
    expect(readFileSync(join(dir, 'Base.yaml'), 'utf8')).toBe('a: 1\n');
    expect(() => readFileSync(join(dir, 'Old.yaml'))).toThrow();
  });

  it.each([
    [
      'a file where the directory should be',
      () => (writeFileSync(join(root, 'plain'), ''), join(root, 'plain')),
      'exists and is not a directory',
    ],
    [
      'a parent that is a file',
      () => (writeFileSync(join(root, 'plain2'), ''), join(root, 'plain2', 'sub')),
      'exists and is not a directory',
    ],
    [
      'a directory where a file goes',
      () => (mkdirSync(join(root, 'd', 'Base.yaml'), {recursive: true}), join(root, 'd')),
      'is a directory, where a file was to be written',
    ],
  ])('%s is one sentence', async (_name, make, why) => {
    const dir = make();
    await expect(writeOutputDir(dir, files)).rejects.toThrow(new RegExp(`^-o ${dir}: .*${why}`));
  });

  it.runIf(process.getuid?.() !== 0)('permission denied is one sentence', async () => {
    const dir = join(root, 'ro');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    await expect(writeOutputDir(dir, files)).rejects.toThrow(
      `-o ${dir}: permission denied writing ${join(dir, 'Base.yaml')}`,
    );
  });

  it.each(['/proc/self', '/sys/kernel', '/proc'])('refuses %s', async (dir) => {
    await expect(writeOutputDir(dir, files)).rejects.toThrow(
      `-o ${dir}: refusing to write under /${dir.split('/')[1]}`,
    );
  });
});
