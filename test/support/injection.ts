/**
 * Which injector the apiserver calls for a new pod in a namespace, asked of the apiserver itself:
 * a server dry-run create still runs the mutating webhooks, and with no istiod behind them
 * (no data plane here) the call fails with an error naming the webhook and its service.
 */
import type {Cluster} from '../../src/cluster/client.js';

export interface Selected {
  /** The webhook entry, e.g. `rev.namespace.sidecar-injector.istio.io`; undefined when none was called. */
  webhook?: string;
  /** The istiod Service it calls, e.g. `istiod-canary`. */
  service?: string;
}

export async function injectorFor(cluster: Cluster, namespace: string, podLabels = {}): Promise<Selected> {
  try {
    await cluster.rest.send({
      method: 'POST',
      path: `/api/v1/namespaces/${namespace}/pods`,
      query: {dryRun: 'All'},
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {name: 'probe', labels: podLabels},
        spec: {containers: [{name: 'app', image: 'example.invalid/app:1'}]},
      },
    });
    return {};
  } catch (error) {
    const text = JSON.stringify((error as {body?: unknown}).body ?? String(error));
    const webhook = /failed calling webhook \\?"([^"\\]+)\\?"/.exec(text)?.[1];
    const service =
      /https:\/\/([a-z0-9-]+)\.[a-z0-9-]+\.svc/.exec(text)?.[1] ??
      /service \\?"[a-z0-9-]*\/?([a-z0-9-]+)\\?"/.exec(text)?.[1];
    if (!webhook) throw error;
    return {webhook, service};
  }
}
