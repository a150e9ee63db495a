// -o means a format everywhere but manifest generate, where it is a directory: a format name
// there is an error instead of a ./json/ directory.
import {existsSync, mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import yaml from 'js-yaml';
import {describe, expect, it} from 'vitest';
import {ROOT} from '../../support/run-command.js';

const CLI = join(ROOT, 'bin', 'run.js');

describe('manifest generate -o', () => {
  it.each(['json', 'yaml'])(
    '-o %s is an error that suggests --output-dir; nothing is written',
    async (format) => {
      const cwd = mkdtempSync(join(tmpdir(), 'mesh-o-'));
      const result = await execa(process.execPath, [CLI, 'manifest', 'generate', '-o', format], {
        cwd,
        reject: false,
      });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `Error: -o ${format}: -o is the output directory here, not a format (manifest generate always prints YAML)\n` +
          `  hint: drop -o to print YAML on standard output, or write --output-dir ${format} to write files into ./${format}/`,
      );
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it('--output-dir json writes into ./json/', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mesh-o-'));
    const result = await execa(
      process.execPath,
      [CLI, 'manifest', 'generate', '--set', 'profile=minimal', '--output-dir', 'json'],
      {cwd, reject: false},
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(join(cwd, 'json', 'Base.yaml'))).toBe(true);
  });
});

describe('-o yaml wherever -o json exists', () => {
  it.each([
    [['version'], 'meshVersion'],
    [['profile', 'list'], 'default'],
  ])('%j -o yaml is the -o json document', async (words, marker) => {
    const run = (format: string) =>
      execa(process.execPath, [CLI, ...words, '-o', format], {cwd: ROOT, reject: false});
    const [json, yamlOut] = await Promise.all([run('json'), run('yaml')]);
    expect(yamlOut.exitCode, yamlOut.stderr).toBe(0);
    expect(yamlOut.stdout).toContain(marker);
    expect(yaml.load(yamlOut.stdout)).toEqual(JSON.parse(json.stdout));
  });
});

describe("istioctl's spec warnings", () => {
  it('manifest generate prints them on standard error, the manifest stays on standard output', async () => {
    const result = await execa(
      process.execPath,
      [
        CLI,
        'manifest',
        'generate',
        '--set',
        'values.pilot.autoscaleEnabled=true',
        '--set',
        'components.pilot.k8s.replicaCount=2',
      ],
      {reject: false},
    );
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      '! [spec] components.pilot.k8s.replicaCount should not be set when values.pilot.autoscaleEnabled is true\n' +
        '  hint: the HorizontalPodAutoscaler sets the replicas: drop k8s.replicaCount, or set autoscaleEnabled to false',
    );
    const documents = yaml.loadAll(result.stdout) as {
      kind: string;
      metadata: {name: string};
      spec?: {replicas?: number};
    }[];
    expect(
      documents.find((d) => d.kind === 'Deployment' && d.metadata.name === 'istiod')?.spec?.replicas,
    ).toBe(2);
  });
});
