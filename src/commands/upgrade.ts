import {connect} from '../cluster/client.js';
import {readObject} from '../cluster/apply.js';
import {imageTag} from '../install/preflight.js';
import {prepareInstall} from '../install/prepare.js';
import {checkUpgrade} from '../upgrade/check.js';
import {MeshCommand} from '../ui/base-command.js';
import {eventText, type EventFormat} from '../ui/output.js';
import {ISTIO_VERSION} from '../version.js';
import Install from './install.js';

export default class Upgrade extends MeshCommand {
  static override description =
    "Upgrade one revision in place: istioctl's version checks (installed version, at most one minor per step unless --force), then the install";
  static override examples = [
    '<%= config.bin %> upgrade',
    '<%= config.bin %> upgrade -r canary -y',
    '<%= config.bin %> upgrade -f overlay.yaml --dry-run',
  ];
  static override flags = Install.flags;

  async run(): Promise<void> {
    const {flags} = await this.parse(Upgrade);
    const plan = await prepareInstall({
      files: flags.filename,
      sets: flags.set,
      setStrings: flags['set-string'],
      revision: flags.revision,
    });
    const {revision, namespace} = plan.installation;
    const deployment = revision === 'default' ? 'istiod' : `istiod-${revision}`;
    const cluster = await connect({kubeconfig: flags.kubeconfig, context: flags.context});
    const installed = async () => {
      const live = await readObject(cluster, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {name: deployment, namespace},
      });
      return live ? imageTag(live) : undefined;
    };
    const spec = plan.operator.spec as {tag?: unknown; values?: {global?: {tag?: unknown}}};
    const target = String(spec.tag ?? spec.values?.global?.tag ?? ISTIO_VERSION);
    const check = checkUpgrade(await installed(), target, {
      force: flags.force,
      namespace,
      deployment,
    });
    // -o json|yaml: these lines are notice events, so the output stays one stream of events.
    const format = flags.output as EventFormat | undefined;
    const say = (message: string) =>
      this.log(format ? eventText({type: 'notice', message}, format) : message);
    for (const line of check.lines) say(line);

    await Install.run(this.argv, this.config);
    if (!flags['dry-run'])
      say(`Success. Now the Istio control plane is running at version ${(await installed()) ?? target}.`);
  }
}
