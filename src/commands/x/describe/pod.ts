import {Args, Flags} from '@oclif/core';
import {describePod} from '../../../describe/pod.js';
import {readSnapshot} from '../../../describe/snapshot.js';
import {DEFAULT_ISTIO_NAMESPACE} from '../../../describe/types.js';
import {MeshCommand, clusterFlags} from '../../../ui/base-command.js';

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
  static override args = {
    pod: Args.string({required: true, description: 'pod name; <pod>.<namespace> names its namespace too'}),
  };
  static override flags = {
    ...clusterFlags,
    namespace: Flags.string({
      char: 'n',
      description: "the pod's namespace (default: the context's namespace, else default)",
    }),
    'istio-namespace': Flags.string({
      char: 'i',
      description: 'namespace Istio is installed in (its `istio` ConfigMap)',
      default: DEFAULT_ISTIO_NAMESPACE,
    }),
  };

  async run(): Promise<void> {
    const {args, flags} = await this.parse(DescribePod);
    const snapshot = await readSnapshot({
      podRef: args.pod,
      namespace: flags.namespace,
      istioNamespace: flags['istio-namespace'],
      kubeconfig: flags.kubeconfig,
      context: flags.context,
    });
    this.log(describePod(snapshot).join('\n'));
  }
}
