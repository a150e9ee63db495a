// Help, completion and global flags as kubectl/istioctl users expect them, on the built CLI.
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {execa} from 'execa';
import {beforeAll, describe, expect, it} from 'vitest';
import {ROOT} from '../../support/run-command.js';

const CLI = join(ROOT, 'bin', 'run.js');
const run = (...args: string[]) => execa(process.execPath, [CLI, ...args], {reject: false, cwd: ROOT});
const COMMANDS = [
  'install',
  'precheck',
  'uninstall',
  'verify-install',
  'version',
  'profile list',
  'profile dump',
  'profile diff',
  'manifest generate',
  'x describe pod',
  'x telemetry',
  'completion',
];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'cli.js')))
    throw new Error('dist/bundle is missing: run `npm run build` (npm test does) before these tests');
});

describe('help', () => {
  it.each(COMMANDS)('-h, --help and `help` print the same help for %s', async (command) => {
    const words = command.split(' ');
    const [short, long, viaHelp] = await Promise.all([
      run(...words, '-h'),
      run(...words, '--help'),
      run('help', ...words),
    ]);
    for (const result of [short, long, viaHelp]) {
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe('');
    }
    expect(short.stdout).toContain(`$ mesh ${command}`);
    expect(long.stdout).toBe(short.stdout);
    expect(viaHelp.stdout).toBe(short.stdout);
  });

  it('experimental is the long name of x, help included', async () => {
    const [x, experimental, helpExperimental] = await Promise.all([
      run('x', '--help'),
      run('experimental', '--help'),
      run('help', 'experimental'),
    ]);
    expect([x.exitCode, experimental.exitCode, helpExperimental.exitCode]).toEqual([0, 0, 0]);
    expect(experimental.stdout).toBe(x.stdout);
    expect(helpExperimental.stdout).toBe(x.stdout);
    expect(x.stdout.split('\n')[0]).toBe('Experimental commands (also: experimental)');
  });
});

describe('flag errors', () => {
  it('a flag typo gets a did-you-mean', async () => {
    const result = await run('install', '--dryrun');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Error: unknown flag "--dryrun" for "mesh install"\n  hint: did you mean "--dry-run"?',
    );
  });

  it('global flags are accepted before the command', async () => {
    // The kubeconfig does not exist: reaching the point of reading it proves the flag was parsed.
    const result = await run('--kubeconfig', '/nonexistent/kubeconfig', '--context', 'a', 'verify-install');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).not.toContain('unknown');
    expect(result.stderr).toContain('/nonexistent/kubeconfig');
  });

  it('durations take Go syntax only', async () => {
    const result = await run('install', '--readiness-timeout', '5', '--dry-run');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Error: invalid --readiness-timeout "5": a duration needs a unit\n  hint: write "5s" for 5 seconds (units: ns, us, ms, s, m, h)',
    );
  });
});

describe('completion', () => {
  it.each(['bash', 'zsh', 'fish', 'powershell'])('%s prints a script naming every command', async (shell) => {
    const result = await run('completion', shell);
    expect(result.exitCode).toBe(0);
    for (const word of ['install', 'verify-install', 'describe', 'telemetry', 'dry-run', 'kubeconfig'])
      expect(result.stdout).toContain(word);
  });

  it('an unknown shell is a usage error', async () => {
    const result = await run('completion', 'tcsh');
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      'Error: Expected tcsh to be one of: bash, zsh, fish, powershell',
    );
  });
});
