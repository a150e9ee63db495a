import * as Flags from '@oclif/core/flags';
import {connect} from '../../cluster/client.js';
import {MeshError} from '../../errors.js';
import {planRemoveTag, removeQuestion, removeTag} from '../../tag/tags.js';
import {MeshCommand} from '../../ui/base-command.js';
import {confirm} from '../../ui/confirm.js';
import {checkTagName, istioNamespaceFlag, tagArgs} from '../../ui/tag-flags.js';

export default class TagRemove extends MeshCommand {
  static override description =
    'Remove a revision tag; refuses while namespaces still use it unless confirmed or -y';
  static override aliases = ['tag:delete'];
  static override examples = ['<%= config.bin %> tag remove prod', '<%= config.bin %> tag remove prod -y'];
  static override args = tagArgs;
  static override flags = {
    'skip-confirmation': Flags.boolean({
      char: 'y',
      description: 'remove even if namespaces still use the tag',
    }),
    'istio-namespace': istioNamespaceFlag,
  };

  async run(): Promise<void> {
    const {args, flags} = await this.parse(TagRemove);
    checkTagName(args.tag);
    const cluster = await connect({kubeconfig: flags.kubeconfig, context: flags.context});
    const plan = await planRemoveTag(cluster, args.tag, flags['istio-namespace']);
    if (plan.namespaces.length && !flags['skip-confirmation']) {
      if (!process.stdin.isTTY)
        throw new MeshError(
          'tag-in-use',
          `cannot remove tag "${args.tag}": found ${plan.namespaces.length} namespace(s) still injected by it: ${plan.namespaces.join(' ')}`,
          {
            hint: `point them elsewhere first (kubectl label namespace <NAMESPACE> istio.io/rev=<revision> --overwrite), or pass -y to remove it anyway`,
          },
        );
      if (!(await confirm(removeQuestion(plan))))
        throw new MeshError('cancelled', 'Aborting operation.', {exitCode: 1});
    }
    await removeTag(cluster, plan);
    this.log(`Revision tag ${args.tag} removed`);
  }
}
