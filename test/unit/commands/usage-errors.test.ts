// Bad flags and arguments are input errors like any other: one line, a hint, exit 1 (kubectl's and istioctl's code).
import {describe, expect, it} from 'vitest';
import Install from '../../../src/commands/install.js';
import ProfileDiff from '../../../src/commands/profile/diff.js';
import ProfileDump from '../../../src/commands/profile/dump.js';
import {runCommand} from '../../support/run-command.js';

const HINT = "  hint: add --help to see the command's flags and arguments";

describe('usage errors', () => {
  it.each([
    [ProfileDiff, ['default'], 'Error: Missing 1 required arg: b  second profile name or file', HINT],
    [Install, ['--bogus'], 'Error: unknown flag "--bogus" for "mesh install"', HINT],
    [ProfileDump, ['-o', 'xml'], 'Error: Expected --output=xml to be one of: yaml, json, flags', HINT],
  ] as const)('%o %j', async (command, argv, error, hint) => {
    const result = await runCommand(command, [...argv]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([error, hint]);
  });
});
