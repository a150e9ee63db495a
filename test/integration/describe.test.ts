// `mesh x describe pod` and `mesh x telemetry` against the real local control plane: the Istio
// CRDs they read are applied here (server-side apply, waited for Established), then a bookinfo-like
// ratings pod with its Service, DestinationRule, VirtualService, PeerAuthentications and Telemetry.
import type * as k8s from '@kubernetes/client-node';
import {captureOutput} from '@oclif/test';
import yaml from 'js-yaml';
import {readFile} from 'node:fs/promises';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {connect, type Cluster} from '../../src/cluster/client.js';
import DescribePod from '../../src/commands/x/describe/pod.js';
import TelemetryCmd from '../../src/commands/x/telemetry.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const NS = 'mesh-describe-test';
const ISTIO_NS = 'mesh-describe-istio';
const FIELD_MANAGER = 'mesh-integration-test';
const CRDS = [
  'destinationrules.networking.istio.io',
  'virtualservices.networking.istio.io',
  'peerauthentications.security.istio.io',
  'telemetries.telemetry.istio.io',
];

let kc: string;
let cluster: Cluster;

async function apply(obj: k8s.KubernetesObject): Promise<void> {
  await cluster.objects.patch(
    obj,
    undefined,
    undefined,
    FIELD_MANAGER,
    true,
    cluster.lib.PatchStrategy.ServerSideApply,
  );
}

/** Retries while the apiserver's discovery has not caught up with a just-Established CRD. */
async function applyCustom(obj: k8s.KubernetesObject): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      // A fresh client each try: KubernetesObjectApi caches discovery per apiVersion.
      await cluster.lib.KubernetesObjectApi.makeApiClient(cluster.config).patch(
        obj,
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        cluster.lib.PatchStrategy.ServerSideApply,
      );
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(200);
  }
}

async function applyCrds(): Promise<void> {
  for (const name of CRDS) {
    const text = await readFile(new URL(`../../manifests/crds/${name}.yaml`, import.meta.url), 'utf8');
    const crd = (yaml.loadAll(text) as k8s.KubernetesObject[]).find(
      (d) => d?.kind === 'CustomResourceDefinition',
    );
    if (!crd) throw new Error(`manifests/crds/${name}.yaml holds no CustomResourceDefinition`);
    await apply(crd);
  }
  for (const name of CRDS) {
    await waitFor(`CRD ${name} Established`, async () => {
      const crd = (await cluster.objects.read({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: {name},
      })) as k8s.V1CustomResourceDefinition;
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
    });
  }
}

const meta = (name: string, namespace: string, extra: object = {}) => ({name, namespace, ...extra});

async function createWorld(): Promise<void> {
  for (const ns of [NS, ISTIO_NS]) await apply({apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}});
  await apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('istio', ISTIO_NS),
    data: {
      mesh: yaml.dump({
        rootNamespace: ISTIO_NS,
        extensionProviders: [
          {
            name: 'otel',
            opentelemetry: {service: 'otel-collector.observability.svc.cluster.local', port: 4317},
          },
        ],
        defaultProviders: {metrics: ['prometheus']},
      }),
    },
  } as k8s.KubernetesObject);
  await apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('ratings', NS, {labels: {app: 'ratings'}}),
    spec: {selector: {app: 'ratings'}, ports: [{name: 'http', port: 9080, targetPort: 9080}]},
  } as k8s.KubernetesObject);
  await apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('ratings-v1', NS, {
      labels: {app: 'ratings', version: 'v1'},
      annotations: {
        'sidecar.istio.io/status': JSON.stringify({containers: ['istio-proxy'], revision: 'default'}),
      },
    }),
    spec: {
      containers: [
        {
          name: 'ratings',
          image: 'docker.io/istio/examples-bookinfo-ratings-v1:1.20.2',
          ports: [{containerPort: 9080}],
        },
        {
          name: 'istio-proxy',
          image: 'docker.io/istio/proxyv2:1.24.6',
          ports: [{name: 'http-envoy-prom', containerPort: 15090}],
        },
      ],
    },
  } as k8s.KubernetesObject);

  const custom = [
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: meta('ratings', NS),
      spec: {
        host: 'ratings',
        trafficPolicy: {tls: {mode: 'ISTIO_MUTUAL'}},
        subsets: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'].map((v) => ({name: v, labels: {version: v}})),
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: meta('ratings', NS),
      spec: {
        hosts: ['ratings'],
        http: [
          {
            route: [
              {destination: {host: 'ratings', subset: 'v1'}, weight: 90},
              {destination: {host: 'ratings', subset: 'v2'}, weight: 10},
            ],
          },
        ],
      },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: meta('default', ISTIO_NS),
      spec: {mtls: {mode: 'PERMISSIVE'}},
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: meta('default', NS),
      spec: {mtls: {mode: 'STRICT'}},
    },
    {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: meta('mesh-default', ISTIO_NS),
      spec: {
        tracing: [
          {
            providers: [{name: 'otel'}],
            randomSamplingPercentage: 10,
            customTags: {cluster: {literal: {value: 'test'}}},
          },
        ],
      },
    },
    {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: meta('namespace-tags', NS),
      spec: {
        tracing: [
          {
            customTags: {
              team: {literal: {value: 'bookinfo'}},
              user: {header: {name: 'x-user', defaultValue: 'anonymous'}},
            },
          },
        ],
      },
    },
    // Applied after namespace-tags, so it is younger (or the same second and later by name): it loses.
    {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: meta('override-attempt', NS),
      spec: {tracing: [{randomSamplingPercentage: 100}]},
    },
    {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: meta('ratings-no-spans', NS),
      spec: {selector: {matchLabels: {app: 'ratings'}}, tracing: [{disableSpanReporting: true}]},
    },
  ];
  for (const obj of custom) await applyCustom(obj as k8s.KubernetesObject);

  // The scheduler binds the pod to the kwok node; kwok marks it Running with ready containers.
  await waitFor('pod ratings-v1 Running and ready', async () => {
    const pod = await cluster.core.readNamespacedPod({name: 'ratings-v1', namespace: NS});
    return (
      pod.status?.phase === 'Running' &&
      (pod.status.containerStatuses ?? []).length === 2 &&
      pod.status.containerStatuses!.every((c) => c.ready)
    );
  });
}

beforeAll(async () => {
  kc = inject('kubeconfig');
  cluster = await connect({kubeconfig: kc});
  await applyCrds();
  await createWorld();
});

afterAll(async () => {
  if (!cluster) return;
  for (const name of [NS, ISTIO_NS]) await cluster.core.deleteNamespace({name}).catch(() => undefined);
});

const base = () => ['--kubeconfig', kc, '--istio-namespace', ISTIO_NS];

describe('mesh x describe pod (real control plane)', () => {
  it('prints the pod, its service, DestinationRule, VirtualService, mTLS mode and telemetry', async () => {
    const {stdout, stderr, error} = await captureOutput(() =>
      DescribePod.run(['ratings-v1', '-n', NS, ...base()], root),
    );
    expect(error, stderr).toBeUndefined();
    expect(stdout.trimEnd().split('\n')).toEqual([
      'Pod: ratings-v1',
      '   Pod Revision: default',
      '   Pod Ports: 9080 (ratings), 15090 (istio-proxy)',
      '--------------------',
      'Service: ratings',
      '   Port: http 9080/HTTP targets pod port 9080',
      'DestinationRule: ratings for "ratings"',
      '   Matching subsets: v1',
      '      (Non-matching subsets v2,v2-mysql,v2-mysql-vm)',
      '   Traffic Policy TLS Mode: ISTIO_MUTUAL',
      'VirtualService: ratings',
      '   Weight 90%',
      '      Route to host "ratings" subset "v1" with weight 90%',
      '   1 additional destination(s) that will not reach this pod',
      '--------------------',
      'Effective PeerAuthentication:',
      '   Workload mTLS mode: STRICT',
      `      (from ${NS}/default)`,
      'Applied PeerAuthentication:',
      `   default.${ISTIO_NS}, default.${NS}`,
      '--------------------',
      'Effective Telemetry:',
      `   Applied Telemetry: ${ISTIO_NS}/mesh-default, ${NS}/namespace-tags, ${NS}/ratings-no-spans`,
      `   Tracing providers: otel (from ${ISTIO_NS}/mesh-default)`,
      `   Sampling: 10% (from ${ISTIO_NS}/mesh-default)`,
      `   Custom tags: team, user (from ${NS}/namespace-tags)`,
      '      team: literal "bookinfo"',
      '      user: header x-user (default "anonymous")',
      `   Span reporting: disabled (from ${NS}/ratings-no-spans)`,
      '   Metrics providers: prometheus (from meshConfig.defaultProviders.metrics)',
      '   Access logging providers: none',
      `   WARNING: 2 Telemetry resources without a selector in namespace ${NS} (${NS}/namespace-tags, ${NS}/override-attempt); only the oldest, ${NS}/namespace-tags, applies`,
    ]);
  });

  it('accepts <pod>.<namespace>', async () => {
    const {stdout, error} = await captureOutput(() => DescribePod.run([`ratings-v1.${NS}`, ...base()], root));
    expect(error).toBeUndefined();
    expect(stdout.split('\n')[0]).toBe('Pod: ratings-v1');
  });

  it('a missing pod is one clear error and exit 1', async () => {
    const {stderr, error} = await captureOutput(() => DescribePod.run(['nope', '-n', NS, ...base()], root));
    expect(error?.oclif?.exit).toBe(1);
    expect(stderr).toContain(`Error: pod "nope" not found in namespace "${NS}"`);
  });
});

describe('mesh x telemetry (real control plane)', () => {
  it('-o json gives every value with its source', async () => {
    const {stdout, error} = await captureOutput(() =>
      TelemetryCmd.run([`ratings-v1.${NS}`, '-o', 'json', ...base()], root),
    );
    expect(error).toBeUndefined();
    const e = JSON.parse(stdout) as {
      tracing: Record<string, {value: unknown; from: string}>;
      rootNamespace: string;
    };
    expect(e.rootNamespace).toBe(ISTIO_NS);
    expect(e.tracing['providers']).toEqual({value: ['otel'], from: `${ISTIO_NS}/mesh-default`});
    expect(e.tracing['randomSamplingPercentage']).toEqual({value: 10, from: `${ISTIO_NS}/mesh-default`});
    expect(e.tracing['disableSpanReporting']).toEqual({value: true, from: `${NS}/ratings-no-spans`});
  });

  it('prints lines by default', async () => {
    const {stdout, error} = await captureOutput(() =>
      TelemetryCmd.run([`ratings-v1.${NS}`, ...base()], root),
    );
    expect(error).toBeUndefined();
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Effective Telemetry for ratings-v1.${NS} (root namespace ${ISTIO_NS}):`);
    expect(lines).toContain(`   Tracing providers: otel (from ${ISTIO_NS}/mesh-default)`);
  });
});
