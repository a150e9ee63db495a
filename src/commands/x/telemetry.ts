import {readSnapshot} from '../../describe/snapshot.js';
import {effectiveTelemetry, telemetryLines} from '../../describe/telemetry.js';
import {MeshCommand} from '../../ui/base-command.js';
import {podArgs, podFlags, snapshotOptions} from '../../ui/pod-flags.js';
import {outputFlag, toJson, toYaml} from '../../ui/output.js';

export default class Telemetry extends MeshCommand {
  static override summary =
    "Show a pod's effective Telemetry (tracing, metrics, access logging) and where each value comes from";
  static override description = `Walks the Telemetry API hierarchy for the pod: the root namespace's Telemetry without a
selector, then its own namespace's, then the ones whose selector matches the pod. A field set
lower down replaces the inherited value as a whole; each value names the resource it came from.`;
  static override examples = [
    '<%= config.bin %> x telemetry ratings-v1-6cf6bc7c85-5h7r9.bookinfo',
    '<%= config.bin %> x telemetry ratings-v1-6cf6bc7c85-5h7r9 -n bookinfo -o yaml',
  ];
  static override args = podArgs;
  static override flags = {...podFlags, output: outputFlag(['text', 'yaml', 'json'], 'text')};

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Telemetry);
    const snapshot = await readSnapshot(snapshotOptions(args, flags));
    const effective = effectiveTelemetry(snapshot);
    if (flags.output === 'json') this.log(toJson(effective));
    else if (flags.output === 'yaml') this.log(toYaml(effective).trimEnd());
    else {
      this.log(
        `Effective Telemetry for ${effective.pod}.${effective.namespace} (root namespace ${effective.rootNamespace}):`,
      );
      this.log(telemetryLines(effective, 3).join('\n'));
    }
  }
}
