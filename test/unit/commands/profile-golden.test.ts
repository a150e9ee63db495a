import {describe, it} from 'vitest';
import ProfileDiff from '../../../src/commands/profile/diff.js';
import ProfileDump from '../../../src/commands/profile/dump.js';
import {listProfiles} from '../../../src/spec/profiles.js';
import {expectGolden} from '../../support/golden.js';
import {runCommand} from '../../support/run-command.js';

describe('profile dump golden files', () => {
  it.each(listProfiles())('%s', async (profile) => {
    const result = await runCommand(ProfileDump, [profile]);
    expectGolden(`profile-dump/${profile}.yaml`, result.stdout);
  });

  it('profile diff default demo', async () => {
    const result = await runCommand(ProfileDiff, ['default', 'demo']);
    expectGolden('profile-diff/default-demo.txt', `exit ${result.exitCode}\n${result.stdout}`);
  });
});
