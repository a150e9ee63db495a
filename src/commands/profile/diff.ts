import {existsSync} from 'node:fs';
import * as Args from '@oclif/core/args';
import {MeshError} from '../../errors.js';
import {composeSpec} from '../../spec/compose.js';
import {MeshCommand} from '../../ui/base-command.js';
import {lineDiff} from '../../ui/line-diff.js';
import {toYaml} from '../../ui/output.js';

export default class ProfileDiff extends MeshCommand {
  static override description =
    'Show the difference between two profiles (names or IstioOperator files, - for standard input); exit 1 when they differ';
  static override examples = [
    '<%= config.bin %> profile diff default demo',
    '<%= config.bin %> profile diff default ./my-profile.yaml',
    'cat my-profile.yaml | <%= config.bin %> profile diff default -',
  ];
  // ignoreStdin: stdin is read only for a `-` argument, never as a stand-in for a missing one.
  static override args = {
    a: Args.string({required: true, description: 'first profile name or file', ignoreStdin: true}),
    b: Args.string({required: true, description: 'second profile name or file', ignoreStdin: true}),
  };

  async run(): Promise<void> {
    const {args} = await this.parse(ProfileDiff);
    if (args.a === '-' && args.b === '-') {
      throw new MeshError('stdin-twice', 'profile diff - -: standard input can be read only once', {
        hint: 'save one of the two to a file',
      });
    }
    const a = await render(args.a);
    const b = await render(args.b);
    if (a === b) {
      this.log('Profiles are identical');
      return;
    }
    this.log('The difference between profiles:');
    this.log(lineDiff(a.split('\n'), b.split('\n')).join('\n'));
    this.exit(1);
  }
}

/** `-` is standard input, a path that exists a file, anything else a profile name. */
async function render(profileOrFile: string): Promise<string> {
  const input =
    profileOrFile === '-' || existsSync(profileOrFile)
      ? {files: [profileOrFile]}
      : {sets: [`profile=${profileOrFile}`]};
  const {operator} = await composeSpec(input);
  return toYaml(operator);
}
