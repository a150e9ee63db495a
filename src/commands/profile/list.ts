import {listProfiles} from '../../spec/profiles.js';
import {MeshCommand} from '../../ui/base-command.js';

export default class ProfileList extends MeshCommand {
  static override description = 'List the built-in installation profiles';
  static override examples = ['<%= config.bin %> profile list'];

  async run(): Promise<void> {
    await this.parse(ProfileList);
    this.log('Istio configuration profiles:');
    for (const name of listProfiles()) this.log(`    ${name}`);
  }
}
