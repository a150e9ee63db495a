import {describePod} from '../../../describe/pod.js';
import {readSnapshot} from '../../../describe/snapshot.js';
import {MeshCommand} from '../../../ui/base-command.js';
import {podArgs, podFlags, snapshotOptions} from '../../../ui/pod-flags.js';

export default class DescribePod extends MeshCommand {
  static override aliases = ['experimental:describe:pod'];
  static override summary = 'Describe a pod and the Istio configuration that affects it';
  static override description = `Analyzes the pod, the Services selecting it, the DestinationRule and VirtualService for
each of them, the effective PeerAuthentication (mTLS mode) and the effective Telemetry
(tracing, metrics, access logging), and reports them in istioctl's format.`;
  static override examples = [
    '<%= config.bin %> x describe pod ratings-v1-6cf6bc7c85-5h7r9 --namespace bookinfo',
    '<%= config.bin %> experimental describe pod productpage-v1-c7765c886-7zzd4.bookinfo',
  ];
  static override args = podArgs;
  static override flags = podFlags;

  async run(): Promise<void> {
    const {args, flags} = await this.parse(DescribePod);
    const snapshot = await readSnapshot(snapshotOptions(args, flags));
    this.log(describePod(snapshot).join('\n'));
  }
}
