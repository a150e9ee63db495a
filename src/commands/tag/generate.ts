import {connect} from '../../cluster/client.js';
import {installationFor} from '../../render/installation.js';
import {generateTag} from '../../tag/tags.js';
import {MeshCommand} from '../../ui/base-command.js';
import {toYaml} from '../../ui/output.js';
import {checkTagName, tagArgs, tagFlags} from '../../ui/tag-flags.js';

export default class TagGenerate extends MeshCommand {
  static override description =
    'Print the objects of a revision tag instead of applying them (for kubectl apply or GitOps)';
  static override examples = ['<%= config.bin %> tag generate prod --revision canary > tag.yaml'];
  static override args = tagArgs;
  static override flags = tagFlags;

  async run(): Promise<void> {
    const {args, flags} = await this.parse(TagGenerate);
    checkTagName(args.tag);
    const cluster = await connect({kubeconfig: flags.kubeconfig, context: flags.context});
    const objects = await generateTag(cluster, {
      tag: args.tag,
      installation: installationFor(flags.revision, flags['istio-namespace']),
      webhookName: flags['webhook-name'],
      overwrite: flags.overwrite,
      autoInjectNamespaces: flags['auto-inject-namespaces'],
      generate: true,
    });
    this.log(objects.map((object) => toYaml(object).trimEnd()).join('\n---\n'));
  }
}
