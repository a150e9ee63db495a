import {existsSync} from 'node:fs';
import {Args} from '@oclif/core';
import {composeSpec} from '../../spec/compose.js';
import {MeshCommand} from '../../ui/base-command.js';
import {lineDiff} from '../../ui/line-diff.js';
import {toYaml} from '../../ui/output.js';

export default class ProfileDiff extends MeshCommand {
  static override description = 'Show the difference between two profiles (names or IstioOperator files); exit 1 when they differ';
  static override examples = ['<%= config.bin %> profile diff default demo', '<%= config.bin %> profile diff default ./my-profile.yaml'];
  static override args = {
    a: Args.string({required: true, description: 'first profile name or file'}),
    b: Args.string({required: true, description: 'second profile name or file'}),
  };

  async run(): Promise<void> {
    const {args} = await this.parse(ProfileDiff);
    const [a, b] = await Promise.all([render(args.a), render(args.b)]);
    if (a === b) {
      this.log('Profiles are identical');
      return;
    }
    this.log('The difference between profiles:');
    this.log(lineDiff(a.split('\n'), b.split('\n')).join('\n'));
    this.exit(1);
  }
}

/** A file path if one exists there, else a profile name. */
async function render(profileOrFile: string): Promise<string> {
  const input = existsSync(profileOrFile) ? {files: [profileOrFile]} : {sets: [`profile=${profileOrFile}`]};
  const {operator} = await composeSpec(input);
  return toYaml(operator);
}
