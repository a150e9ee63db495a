import {connect} from '../../cluster/client.js';
import {listTags, tagTable} from '../../tag/tags.js';
import {MeshCommand} from '../../ui/base-command.js';
import {outputFlag, toYaml} from '../../ui/output.js';
import {istioNamespaceFlag} from '../../ui/tag-flags.js';

export default class TagList extends MeshCommand {
  static override description = 'List revision tags, the revision each points at and the namespaces using it';
  static override aliases = ['tag:show'];
  static override examples = ['<%= config.bin %> tag list', '<%= config.bin %> tag list -o json'];
  static override flags = {
    'istio-namespace': istioNamespaceFlag,
    output: outputFlag(['table', 'json', 'yaml'], 'table'),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(TagList);
    const cluster = await connect({kubeconfig: flags.kubeconfig, context: flags.context});
    const tags = await listTags(cluster, flags['istio-namespace']);
    // istioctl prints these exactly: tab-indented JSON, and YAML converted from it.
    if (flags.output === 'json') return this.log(JSON.stringify(tags, null, '\t'));
    if (flags.output === 'yaml') return this.log(toYaml(tags).trimEnd());
    if (tags.length === 0) return this.log('No Istio revision tags found.');
    for (const line of tagTable(tags)) this.log(line);
  }
}
