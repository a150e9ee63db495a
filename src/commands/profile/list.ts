import {listProfiles} from '../../spec/profiles.js';
import {MeshCommand} from '../../ui/base-command.js';
import {outputFlag, toJson, toYaml} from '../../ui/output.js';

export default class ProfileList extends MeshCommand {
  static override description = 'List the built-in installation profiles';
  static override examples = ['<%= config.bin %> profile list', '<%= config.bin %> profile list -o json'];
  static override flags = {output: outputFlag(['text', 'json', 'yaml'], 'text')};

  async run(): Promise<void> {
    const {flags} = await this.parse(ProfileList);
    if (flags.output === 'json') return this.log(toJson(listProfiles()));
    if (flags.output === 'yaml') return this.log(toYaml(listProfiles()).trimEnd());
    this.log('Istio configuration profiles:');
    for (const name of listProfiles()) this.log(`    ${name}`);
  }
}
