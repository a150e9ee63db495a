// The built CLI as users run it: bin/run.js and the bundle in dist/bundle (npm test builds it
// first). In-process tests run the TypeScript sources; these prove the bundle finds its data
// files, its version and its hooks.
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {execa} from 'execa';
import {beforeAll, describe, expect, it} from 'vitest';
import {ROOT} from '../../support/run-command.js';

const CLI = join(ROOT, 'bin', 'run.js');
const run = (...args: string[]) => execa(process.execPath, [CLI, ...args], {reject: false, cwd: ROOT});

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'cli.js')))
    throw new Error('dist/bundle is missing: run `npm run build` (npm test does) before these tests');
});

describe('built CLI', () => {
  it.each([
    ['--context', 'prod', 'version'],
    ['--kubeconfig', '/nonexistent', 'profile', 'list'],
    ['-c', '/nonexistent', 'manifest', 'generate', '--component', 'Base'],
    ['completion', 'bash', '--context', 'prod'],
  ])('takes the global flags on every command, as istioctl does: %j', async (...argv) => {
    const result = await run(...argv);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('profile list reads the profiles directory from the bundle', async () => {
    const result = await run('profile', 'list');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      [
        'Istio configuration profiles:',
        '    ambient',
        '    default',
        '    demo',
        '    empty',
        '    minimal',
        '    openshift',
        '    openshift-ambient',
        '    preview',
        '    remote',
        '    stable',
      ].join('\n'),
    );
  });

  it('version reports the package version', async () => {
    const result = await run('version', '-o', 'json');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string};
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as {meshVersion: string}).meshVersion).toBe(pkg.version);
  });

  it('manifest generate renders the compiled CRDs', async () => {
    const result = await run('manifest', 'generate', '--component', 'Base');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.match(/^kind: CustomResourceDefinition$/gm)?.length).toBeGreaterThan(10);
  });
});

describe('unknown commands', () => {
  it.each([
    [['profil', 'lst'], 'Error: unknown command "profil lst"', '  hint: did you mean "mesh profile list"?'],
    [['instal'], 'Error: unknown command "instal"', '  hint: did you mean "mesh install"?'],
    [['profil'], 'Error: unknown command "profil"', '  hint: did you mean "mesh profile"?'],
    [
      ['frobnicate'],
      'Error: unknown command "frobnicate"',
      '  hint: run "mesh --help" for the list of commands',
    ],
    // Short words are near any short name (`ls` is two edits from `x`): no suggestion without a likeness.
    [['ls'], 'Error: unknown command "ls"', '  hint: run "mesh --help" for the list of commands'],
    [
      ['x', 'describ', 'pod'],
      'Error: unknown command "x describ pod"',
      '  hint: did you mean "mesh x describe pod"?',
    ],
    [
      ['version', 'extra'],
      'Error: unexpected argument "extra" for "mesh version"',
      '  hint: run "mesh version --help" for its arguments',
    ],
    [['-v'], 'Error: unknown flag "-v"', '  hint: run "mesh --help" for the commands and their flags'],
    // A word that begins one command (or a topic and its commands) is taken as its start.
    [['verify'], 'Error: unknown command "verify"', '  hint: did you mean "mesh verify-install"?'],
    [['pro'], 'Error: unknown command "pro"', '  hint: did you mean "mesh profile"?'],
    // help answers an unknown command as the command line does.
    [['help', 'instal'], 'Error: unknown command "instal"', '  hint: did you mean "mesh install"?'],
    [
      ['help', 'profil', 'lst'],
      'Error: unknown command "profil lst"',
      '  hint: did you mean "mesh profile list"?',
    ],
    // A flag before the command is matched against the flags of the command after it.
    [
      ['--dryrun', 'install'],
      'Error: unknown flag "--dryrun" for "mesh install"',
      '  hint: did you mean "--dry-run"?',
    ],
    [
      ['--context', 'a', '--dryrun', 'install'],
      'Error: unknown flag "--dryrun" for "mesh install"',
      '  hint: did you mean "--dry-run"?',
    ],
    [
      ['--namspace', 'experimental', 'describe', 'pod'],
      'Error: unknown flag "--namspace" for "mesh x describe pod"',
      '  hint: did you mean "--namespace"?',
    ],
    [
      ['--kubeconfg', 'version'],
      'Error: unknown flag "--kubeconfg" for "mesh version"',
      '  hint: did you mean "--kubeconfig"?',
    ],
    [
      ['--dryrun'],
      'Error: unknown flag "--dryrun"',
      '  hint: run "mesh --help" for the commands and their flags',
    ],
    // istioctl's -o is --output; manifest generate's -o is --output-dir.
    [
      ['manifest', 'generate', '--output', 'json'],
      'Error: unknown flag "--output" for "mesh manifest generate"',
      '  hint: did you mean "--output-dir"?',
    ],
    [
      ['profile', 'dump', '--outptu', 'json', '--bogus'],
      'Error: unknown flags "--outptu", "--bogus" for "mesh profile dump"',
      '  hint: did you mean "--output"?',
    ],
  ])('%j: one error line and a hint, exit 1', async (argv, error, hint) => {
    const result = await run(...argv);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([error, hint]);
  });
});
