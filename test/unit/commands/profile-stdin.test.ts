import {Readable} from 'node:stream';
import {afterEach, describe, expect, it, vi} from 'vitest';
import ProfileDiff from '../../../src/commands/profile/diff.js';
import ProfileDump from '../../../src/commands/profile/dump.js';
import {runCommand} from '../../support/run-command.js';

const OVERLAY =
  'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  hub: example.test/istio\n';

/** Pipes `text` into the command as `printf … | mesh …` would: a non-TTY stdin that ends. */
function pipeStdin(text: string): void {
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(
    Object.assign(Readable.from([Buffer.from(text)]), {isTTY: undefined}) as never,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
  // oclif caches what it read from stdin; a later test must not see this one's input.
  const oclif = (globalThis as {oclif?: {stdinCache?: string}}).oclif;
  if (oclif) delete oclif.stdinCache;
});

describe('standard input (-f -)', () => {
  it.each([[['-f', '-']], [['--filename=-']], [['-f', '-', '-p', 'hub']]])(
    'profile dump %j reads the overlay from stdin',
    async (argv) => {
      pipeStdin(OVERLAY);
      const result = await runCommand(ProfileDump, [...argv, '-o', 'json']);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('"example.test/istio"');
    },
  );

  it('profile dump -f - with nothing piped says so', async () => {
    pipeStdin('');
    const result = await runCommand(ProfileDump, ['-f', '-']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Error: -f standard input: expected exactly one IstioOperator document, found 0\n  hint: pipe an IstioOperator into standard input\n',
    );
  });

  it('profile dump -f - -f - is one clear error', async () => {
    pipeStdin(OVERLAY);
    const result = await runCommand(ProfileDump, ['-f', '-', '-f', '-']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: -f -: standard input can be read only once\n');
  });

  it('profile diff reads a - argument from stdin', async () => {
    pipeStdin(OVERLAY);
    const result = await runCommand(ProfileDiff, ['default', '-']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('\n-  hub: docker.io/istio\n+  hub: example.test/istio\n');
  });

  it('profile diff - - refuses, since stdin holds one document', async () => {
    pipeStdin(OVERLAY);
    const result = await runCommand(ProfileDiff, ['-', '-']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Error: profile diff - -: standard input can be read only once\n  hint: save one of the two to a file\n',
    );
  });

  it('piped input is never taken for a missing profile argument', async () => {
    pipeStdin('demo\n');
    const result = await runCommand(ProfileDump, ['-p', 'profile', '-o', 'json']);
    expect(result.stdout).toBe('"default"\n');
  });
});
