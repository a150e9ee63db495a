import {listProfiles} from '../../spec/profiles.js';
import {MeshCommand} from '../../ui/base-command.js';
import {outputFlag, toJson} from '../../ui/output.js';

export default class ProfileList extends MeshCommand {
  static override description = 'List the built-in installation profiles';
  static override examples = ['<%= config.bin %> profile list', '<%= config.bin %> profile list -o json'];
  static override flags = {output: outputFlag(['text', 'json'], 'text')};

  async run(): Promise<void> {
    const {flags} = await this.parse(ProfileList);
    if (flags.output === 'json') return this.log(toJson(listProfiles()));
    this.log('Istio configuration profiles:');
    for (const name of listProfiles()) this.log(`    ${name}`);
  }
}
