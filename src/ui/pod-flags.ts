/** The argument and flags of the commands that look at one pod (x describe pod, x telemetry). */
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type {readSnapshot} from '../describe/snapshot.js';
import {DEFAULT_ISTIO_NAMESPACE} from '../describe/types.js';

export const podArgs = {
  pod: Args.string({required: true, description: 'pod name; <pod>.<namespace> names its namespace too'}),
};

export const podFlags = {
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

export function snapshotOptions(
  args: {pod: string},
  flags: {namespace?: string; 'istio-namespace'?: string; kubeconfig?: string; context?: string},
): Parameters<typeof readSnapshot>[0] {
  return {
    podRef: args.pod,
    namespace: flags.namespace,
    istioNamespace: flags['istio-namespace'],
    kubeconfig: flags.kubeconfig,
    context: flags.context,
  };
}
