import {MeshCommand} from '../ui/base-command.js';
import {outputFlag, toJson, toYaml} from '../ui/output.js';
import {DEFAULT_HUB, ISTIO_VERSION} from '../version.js';

export default class Version extends MeshCommand {
  static override description = "Print mesh's version and the Istio release it installs by default";
  static override examples = ['<%= config.bin %> version', '<%= config.bin %> version -o json'];
  static override flags = {output: outputFlag(['text', 'json', 'yaml'], 'text')};

  async run(): Promise<void> {
    const {flags} = await this.parse(Version);
    const info = {
      meshVersion: this.config.version,
      istioVersion: ISTIO_VERSION,
      hub: DEFAULT_HUB,
      tag: ISTIO_VERSION,
    };
    if (flags.output === 'json') this.log(toJson(info));
    else if (flags.output === 'yaml') this.log(toYaml(info).trimEnd());
    else {
      this.log(`mesh version: ${info.meshVersion}`);
      this.log(`Istio version: ${info.istioVersion} (images ${info.hub}/*:${info.tag})`);
    }
  }
}
