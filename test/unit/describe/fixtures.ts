// Bookinfo-like objects for describe tests: plain Kubernetes JSON, built per test.
import type {
  DestinationRule,
  MeshConfig,
  PeerAuthentication,
  Pod,
  Service,
  Snapshot,
  Telemetry,
  VirtualService,
} from '../../../src/describe/types.js';

export const NS = 'bookinfo';

export function pod(
  name: string,
  labels: {[k: string]: string},
  opts: {meshed?: boolean; port?: number; ns?: string} = {},
): Pod {
  const port = opts.port ?? 9080;
  const app = labels['app'] ?? 'app';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.ns ?? NS,
      labels,
      annotations:
        opts.meshed === false
          ? {}
          : {
              'sidecar.istio.io/status':
                '{"initContainers":["istio-init"],"containers":["istio-proxy"],"revision":"default"}',
            },
    },
    spec: {
      containers: [
        {name: app, ports: [{containerPort: port, protocol: 'TCP'}]},
        ...(opts.meshed === false
          ? []
          : [
              {
                name: 'istio-proxy',
                ports: [{name: 'http-envoy-prom', containerPort: 15090, protocol: 'TCP'}],
              },
            ]),
      ],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        {name: app, ready: true},
        ...(opts.meshed === false ? [] : [{name: 'istio-proxy', ready: true}]),
      ],
    },
  };
}

export function service(
  name: string,
  port = 9080,
  extra: Partial<NonNullable<Service['spec']>> = {},
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name, namespace: NS},
    spec: {selector: {app: name}, ports: [{name: 'http', port, targetPort: port, protocol: 'TCP'}], ...extra},
  };
}

export function destinationRule(
  name: string,
  spec: NonNullable<DestinationRule['spec']>,
  ns = NS,
  created?: string,
): DestinationRule {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: {name, namespace: ns, creationTimestamp: created},
    spec,
  };
}

export const subsets = (...names: string[]) => names.map((n) => ({name: n, labels: {version: n}}));

export function virtualService(
  name: string,
  spec: NonNullable<VirtualService['spec']>,
  ns = NS,
  created?: string,
): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {name, namespace: ns, creationTimestamp: created},
    spec,
  };
}

export function peerAuthentication(
  name: string,
  ns: string,
  spec: NonNullable<PeerAuthentication['spec']>,
  created?: string,
): PeerAuthentication {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: {name, namespace: ns, creationTimestamp: created},
    spec,
  };
}

export function telemetry(
  name: string,
  ns: string,
  spec: NonNullable<Telemetry['spec']>,
  created?: string,
): Telemetry {
  return {
    apiVersion: 'telemetry.istio.io/v1',
    kind: 'Telemetry',
    metadata: {name, namespace: ns, creationTimestamp: created},
    spec,
  };
}

export const otelMesh: MeshConfig = {
  extensionProviders: [
    {name: 'otel', opentelemetry: {service: 'otel-collector.observability.svc.cluster.local', port: 4317}},
  ],
};

export function snapshot(p: Pod, parts: Partial<Snapshot> = {}): Snapshot {
  return {
    pod: p,
    services: [],
    destinationRules: [],
    virtualServices: [],
    peerAuthentications: [],
    telemetries: [],
    meshConfig: {},
    rootNamespace: 'istio-system',
    ...parts,
  };
}

/** The lines of `out` from the first one equal to `first`, up to (not including) the next section start. */
export function section(out: string[], first: string): string[] {
  const start = out.indexOf(first);
  if (start < 0) throw new Error(`no line ${JSON.stringify(first)} in:\n${out.join('\n')}`);
  let end = start + 1;
  while (end < out.length && (out[end] ?? '').startsWith(' ')) end++;
  return out.slice(start, end);
}
