import {connect} from '../../cluster/client.js';
import {installationFor} from '../../render/installation.js';
import {generateTag, setTag} from '../../tag/tags.js';
import {MeshCommand} from '../../ui/base-command.js';
import {checkTagName, tagArgs, tagFlags} from '../../ui/tag-flags.js';

export default class TagSet extends MeshCommand {
  static override description =
    'Create or move a revision tag: namespaces labelled istio.io/rev=<tag> get the revision it points at';
  static override examples = [
    '<%= config.bin %> tag set prod --revision canary',
    '<%= config.bin %> tag set prod --revision stable --overwrite',
    '<%= config.bin %> tag set default --revision canary --overwrite',
  ];
  static override args = tagArgs;
  static override flags = tagFlags;

  async run(): Promise<void> {
    const {args, flags} = await this.parse(TagSet);
    checkTagName(args.tag);
    const cluster = await connect({kubeconfig: flags.kubeconfig, context: flags.context});
    const objects = await generateTag(cluster, {
      tag: args.tag,
      installation: installationFor(flags.revision, flags['istio-namespace']),
      webhookName: flags['webhook-name'],
      overwrite: flags.overwrite,
      autoInjectNamespaces: flags['auto-inject-namespaces'],
    });
    await setTag(cluster, args.tag, objects);
    this.log(
      `Revision tag "${args.tag}" created, referencing control plane revision "${flags.revision}". To enable injection using this\nrevision tag, use 'kubectl label namespace <NAMESPACE> istio.io/rev=${args.tag}'`,
    );
  }
}
