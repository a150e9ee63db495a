// `mesh x describe pod` and `mesh x telemetry` against the real local control plane. The Istio CRDs
// they read are applied here (server-side apply, waited for Established) unless the cluster already
// has them; then bookinfo-like pods (kwok runs them) with their Services, DestinationRules,
// VirtualServices, PeerAuthentications and Telemetry, one pod per case of issue 7. Every case
// compares the command's whole output. afterAll deletes the namespaces and the CRDs this file
// created, and waits until they are gone: the next test file finds the cluster as this one did.
import type * as k8s from '@kubernetes/client-node';
import yaml from 'js-yaml';
import {randomUUID} from 'node:crypto';
import {rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {applyObject} from '../../src/cluster/apply.js';
import {apiFailure} from '../../src/cluster/client.js';
import DescribePod from '../../src/commands/x/describe/pod.js';
import {render} from '../../src/render/index.js';
import {composeSpec} from '../../src/spec/compose.js';
import TelemetryCmd from '../../src/commands/x/telemetry.js';
import {testCluster, tokenKubeconfig, type TestCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

const NS = 'mesh-describe-test';
const OTHER_NS = 'mesh-describe-other';
const ISTIO_NS = 'mesh-describe-istio';
const NAMESPACES = [NS, OTHER_NS, ISTIO_NS];
const FIELD_MANAGER = 'mesh-integration-test';
const CRDS = [
  'destinationrules.networking.istio.io',
  'virtualservices.networking.istio.io',
  'peerauthentications.security.istio.io',
  'telemetries.telemetry.istio.io',
];
const SEP = '--------------------';
const SIDECAR_STATUS = JSON.stringify({containers: ['istio-proxy'], revision: 'default'});

let kc: string;
let cluster: TestCluster;
/** Kubeconfig files this file wrote: afterAll removes them. */
const tempKubeconfigs: string[] = [];
/** CRDs this file applied (absent before it ran): afterAll deletes exactly these. */
const createdCrds: string[] = [];
/** `describe pod ratings-v1` before any Istio CRD existed; undefined when the cluster already had them. */
let withoutCrds: Awaited<ReturnType<typeof runCommand>> | undefined;

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

const crdRef = (name: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {name},
});

async function crdExists(name: string): Promise<boolean> {
  try {
    await cluster.objects.read(crdRef(name));
    return true;
  } catch (error) {
    if (apiFailure(error).code === 404) return false;
    throw error;
  }
}

async function applyCrds(): Promise<void> {
  // Istio's own CRDs, as the base chart renders them for the default profile.
  const {operator} = await composeSpec({});
  const rendered = (await render(operator)).components.flatMap((c) => c.objects);
  for (const name of CRDS) {
    if (await crdExists(name)) continue;
    const crd = rendered.find((o) => o.kind === 'CustomResourceDefinition' && o.metadata.name === name);
    if (!crd) throw new Error(`the base chart renders no CustomResourceDefinition ${name}`);
    // Without mesh's owner labels: this file's CRDs are not an installation's.
    const metadata = {...crd.metadata};
    delete metadata.labels;
    createdCrds.push(name);
    // mesh's own apply: client-node's typed CRD model drops the int-or-string schemas Istio's CRDs use.
    await applyObject(cluster, {...crd, metadata});
  }
  for (const name of CRDS) {
    await waitFor(`CRD ${name} Established`, async () => {
      const crd = (await cluster.objects.read(crdRef(name))) as k8s.V1CustomResourceDefinition;
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
    });
  }
}

const meta = (name: string, namespace: string, extra: object = {}) => ({name, namespace, ...extra});

function service(name: string): k8s.KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, NS, {labels: {app: name}}),
    spec: {selector: {app: name}, ports: [{name: 'http', port: 9080, targetPort: 9080}]},
  } as k8s.KubernetesObject;
}

/** A bookinfo-like pod; `meshed` adds the istio-proxy container and the injector's status annotation. */
function pod(name: string, namespace: string, labels: {[k: string]: string}, meshed: boolean, port = 9080) {
  const app = labels['app'] ?? name;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, namespace, {
      labels,
      ...(meshed ? {annotations: {'sidecar.istio.io/status': SIDECAR_STATUS}} : {}),
    }),
    spec: {
      containers: [
        {
          name: app,
          image: `docker.io/istio/examples-bookinfo-${app}-v1:1.20.2`,
          ports: [{containerPort: port}],
        },
        ...(meshed
          ? [
              {
                name: 'istio-proxy',
                image: 'docker.io/istio/proxyv2:1.24.6',
                ports: [{name: 'http-envoy-prom', containerPort: 15090}],
              },
            ]
          : []),
      ],
    },
  } as k8s.KubernetesObject;
}

const PODS = [
  pod('ratings-v1', NS, {app: 'ratings', version: 'v1'}, true),
  pod('reviews-v1', NS, {app: 'reviews', version: 'v1'}, true),
  pod('details-v1', NS, {app: 'details', version: 'v1'}, true),
  pod('productpage-v1', NS, {app: 'productpage', version: 'v1'}, false),
  pod('web-v1', OTHER_NS, {app: 'web', version: 'v1'}, true, 8080),
];

/** Namespaces, the mesh config, Services and Pods: everything that needs no Istio CRD. */
async function createCoreObjects(): Promise<void> {
  for (const ns of NAMESPACES) await apply({apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}});
  await apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('istio', ISTIO_NS),
    data: {
      mesh: yaml.dump({
        rootNamespace: ISTIO_NS,
        extensionProviders: [
          {name: 'localtrace', zipkin: {service: 'zipkin.istio-system.svc.cluster.local', port: 9411}},
        ],
        defaultProviders: {metrics: ['prometheus']},
      }),
    },
  } as k8s.KubernetesObject);
  for (const name of ['ratings', 'reviews', 'details', 'productpage']) await apply(service(name));
  for (const p of PODS) await apply(p);

  // The scheduler binds each pod to the kwok node; kwok marks it Running with ready containers.
  for (const p of PODS) {
    const {name, namespace} = p.metadata as {name: string; namespace: string};
    await waitFor(`pod ${namespace}/${name} Running and ready`, async () => {
      const live = await cluster.core.readNamespacedPod({name, namespace});
      const statuses = live.status?.containerStatuses ?? [];
      return (
        live.status?.phase === 'Running' &&
        statuses.length === (p as {spec: {containers: unknown[]}}).spec.containers.length &&
        statuses.every((c) => c.ready)
      );
    });
  }
}

const subsets = (...names: string[]) => names.map((v) => ({name: v, labels: {version: v}}));

const ISTIO_OBJECTS = [
  // ratings: the DestinationRule of istio.io's describe walkthrough, no VirtualService.
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: meta('ratings', NS),
    spec: {
      host: 'ratings',
      trafficPolicy: {tls: {mode: 'ISTIO_MUTUAL'}},
      subsets: subsets('v1', 'v2', 'v2-mysql', 'v2-mysql-vm'),
    },
  },
  // reviews: 90% to v1, 10% to v2.
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: meta('reviews', NS),
    spec: {host: 'reviews', subsets: subsets('v1', 'v2', 'v3')},
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: meta('reviews', NS),
    spec: {
      hosts: ['reviews'],
      http: [
        {
          route: [
            {destination: {host: 'reviews', subset: 'v1'}, weight: 90},
            {destination: {host: 'reviews', subset: 'v2'}, weight: 10},
          ],
        },
      ],
    },
  },
  // details: end-user jason to v2, everything else to v3; the DestinationRule names the host by FQDN.
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: meta('details', NS),
    spec: {
      host: `details.${NS}.svc.cluster.local`,
      trafficPolicy: {tls: {mode: 'ISTIO_MUTUAL'}, loadBalancer: {simple: 'ROUND_ROBIN'}},
      subsets: subsets('v1', 'v2', 'v3'),
    },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: meta('details', NS),
    spec: {
      hosts: ['details'],
      http: [
        {
          match: [{headers: {'end-user': {exact: 'jason'}}}],
          route: [{destination: {host: 'details', subset: 'v2'}}],
        },
        {route: [{destination: {host: 'details', subset: 'v3'}}]},
      ],
    },
  },
  // mTLS: PERMISSIVE mesh-wide, STRICT in NS, and port 9080 of details PERMISSIVE.
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
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: meta('details-port', NS),
    spec: {selector: {matchLabels: {app: 'details'}}, portLevelMtls: {'9080': {mode: 'PERMISSIVE'}}},
  },
  // Telemetry: issue 7's hierarchy (its workload override selects ratings here).
  {
    apiVersion: 'telemetry.istio.io/v1',
    kind: 'Telemetry',
    metadata: meta('mesh-default', ISTIO_NS),
    spec: {
      tracing: [
        {
          providers: [{name: 'localtrace'}],
          customTags: {foo: {literal: {value: 'bar'}}},
          randomSamplingPercentage: 100,
        },
      ],
    },
  },
  {
    apiVersion: 'telemetry.istio.io/v1',
    kind: 'Telemetry',
    metadata: meta('namespace-override', NS),
    spec: {tracing: [{customTags: {userId: {header: {name: 'user-id', defaultValue: 'unknown'}}}}]},
  },
  // Applied after namespace-override, so it is younger (or the same second and later by name): it loses.
  {
    apiVersion: 'telemetry.istio.io/v1',
    kind: 'Telemetry',
    metadata: meta('override-attempt', NS),
    spec: {tracing: [{randomSamplingPercentage: 50}]},
  },
  {
    apiVersion: 'telemetry.istio.io/v1',
    kind: 'Telemetry',
    metadata: meta('workload-override', NS),
    spec: {selector: {matchLabels: {app: 'ratings'}}, tracing: [{disableSpanReporting: true}]},
  },
];

beforeAll(async () => {
  kc = inject('kubeconfig');
  cluster = await testCluster(kc);
  await createCoreObjects();
  const crdsPresent = await Promise.all(CRDS.map(crdExists));
  if (!crdsPresent.some(Boolean))
    withoutCrds = await runCommand(DescribePod, ['ratings-v1', '-n', NS, ...base()]);
  await applyCrds();
  for (const obj of ISTIO_OBJECTS) await applyCustom(obj as k8s.KubernetesObject);
});

afterAll(async () => {
  for (const path of tempKubeconfigs) await rm(path, {force: true});
  if (!cluster) return;
  for (const name of NAMESPACES) await cluster.core.deleteNamespace({name}).catch(() => undefined);
  for (const name of createdCrds) await cluster.objects.delete(crdRef(name)).catch(() => undefined);
  for (const name of NAMESPACES) {
    await waitFor(`namespace ${name} deleted`, async () => {
      try {
        await cluster.core.readNamespace({name});
        return false;
      } catch (error) {
        return apiFailure(error).code === 404;
      }
    });
  }
  for (const name of createdCrds) await waitFor(`CRD ${name} deleted`, async () => !(await crdExists(name)));
});

const base = () => ['--kubeconfig', kc, '--istio-namespace', ISTIO_NS];

async function describePod(ref: string, ...flags: string[]): Promise<string[]> {
  const r = await runCommand(DescribePod, [ref, ...flags, ...base()]);
  expect(r.error, r.stderr).toBeUndefined();
  expect(r.stderr).toBe('');
  return r.stdout.trimEnd().split('\n');
}

const STRICT_IN_NS = [
  'Effective PeerAuthentication:',
  '   Workload mTLS mode: STRICT',
  `      (from ${NS}/default)`,
  'Applied PeerAuthentication:',
  `   default.${ISTIO_NS}, default.${NS}`,
];

/** The Telemetry section of a pod in NS; `spans` is the span-reporting line. */
const telemetryInNs = (applied: string, spans: string) => [
  'Effective Telemetry:',
  `   Applied Telemetry: ${ISTIO_NS}/mesh-default, ${NS}/namespace-override${applied}`,
  `   Tracing providers: localtrace (from ${ISTIO_NS}/mesh-default)`,
  `   Sampling: 100% (from ${ISTIO_NS}/mesh-default)`,
  `   Custom tags: userId (from ${NS}/namespace-override)`,
  '      userId: header user-id (default "unknown")',
  spans,
  '   Metrics providers: prometheus (from meshConfig.defaultProviders.metrics)',
  '   Access logging providers: none',
  `   WARNING: 2 Telemetry resources without a selector in namespace ${NS} (${NS}/namespace-override, ${NS}/override-attempt); only the oldest, ${NS}/namespace-override, applies`,
];

describe('mesh x describe pod (real control plane)', () => {
  it('a pod without an istio-proxy container: the pod and the not-in-mesh warning', async () => {
    expect(await describePod('productpage-v1', '-n', NS)).toEqual([
      'Pod: productpage-v1',
      '   Pod Ports: 9080 (productpage)',
      'WARNING: productpage-v1 is not part of mesh; no Istio sidecar',
    ]);
  });

  it('ratings v1: the DestinationRule subsets and TLS mode, mTLS STRICT, workload Telemetry', async () => {
    expect(await describePod('ratings-v1', '-n', NS)).toEqual([
      'Pod: ratings-v1',
      '   Pod Revision: default',
      '   Pod Ports: 9080 (ratings), 15090 (istio-proxy)',
      SEP,
      'Service: ratings',
      '   Port: http 9080/HTTP targets pod port 9080',
      'DestinationRule: ratings for "ratings"',
      '   Matching subsets: v1',
      '      (Non-matching subsets v2,v2-mysql,v2-mysql-vm)',
      '   Traffic Policy TLS Mode: ISTIO_MUTUAL',
      SEP,
      ...STRICT_IN_NS,
      SEP,
      ...telemetryInNs(
        `, ${NS}/workload-override`,
        `   Span reporting: disabled (from ${NS}/workload-override)`,
      ),
    ]);
  });

  it('reviews v1: VirtualService reviews sends it 90%', async () => {
    expect(await describePod('reviews-v1', '-n', NS)).toEqual([
      'Pod: reviews-v1',
      '   Pod Revision: default',
      '   Pod Ports: 9080 (reviews), 15090 (istio-proxy)',
      SEP,
      'Service: reviews',
      '   Port: http 9080/HTTP targets pod port 9080',
      'DestinationRule: reviews for "reviews"',
      '   Matching subsets: v1',
      '      (Non-matching subsets v2,v3)',
      '   No Traffic Policy',
      'VirtualService: reviews',
      '   Weight 90%',
      '      Route to host "reviews" subset "v1" with weight 90%',
      SEP,
      ...STRICT_IN_NS,
      SEP,
      ...telemetryInNs('', '   Span reporting: enabled'),
    ]);
  });

  it('details v1: jason to v2 and the rest to v3 reach no v1 pod; port 9080 PERMISSIVE', async () => {
    expect(await describePod(`details-v1.${NS}`)).toEqual([
      'Pod: details-v1',
      '   Pod Revision: default',
      '   Pod Ports: 9080 (details), 15090 (istio-proxy)',
      SEP,
      'Service: details',
      '   Port: http 9080/HTTP targets pod port 9080',
      `DestinationRule: details for "details.${NS}.svc.cluster.local"`,
      '   Matching subsets: v1',
      '      (Non-matching subsets v2,v3)',
      '   Traffic Policy TLS Mode: ISTIO_MUTUAL',
      '   Policies: load balancer',
      'VirtualService: details',
      '   WARNING: No destinations match pod subsets (checked 2 HTTP routes)',
      '      Route to non-matching subset v2 for (when headers are end-user=jason)',
      '      Route to non-matching subset v3 for (everything)',
      SEP,
      'Effective PeerAuthentication:',
      '   Workload mTLS mode: STRICT',
      `      (from ${NS}/default)`,
      '   Port Level mTLS mode:',
      '      9080: PERMISSIVE',
      'Applied PeerAuthentication:',
      `   default.${ISTIO_NS}, default.${NS}, details-port.${NS}`,
      SEP,
      ...telemetryInNs('', '   Span reporting: enabled'),
    ]);
  });

  it('a pod in another namespace: no Service, the mesh-wide mTLS mode and Telemetry', async () => {
    expect(await describePod('web-v1', '-n', OTHER_NS)).toEqual([
      'Pod: web-v1',
      '   Pod Revision: default',
      '   Pod Ports: 8080 (web), 15090 (istio-proxy)',
      'Warning: No Kubernetes Services select pod web-v1 (see https://istio.io/docs/setup/kubernetes/additional-setup/requirements/ )',
      SEP,
      SEP,
      'Effective PeerAuthentication:',
      '   Workload mTLS mode: PERMISSIVE',
      `      (from ${ISTIO_NS}/default)`,
      'Applied PeerAuthentication:',
      `   default.${ISTIO_NS}`,
      SEP,
      'Effective Telemetry:',
      `   Applied Telemetry: ${ISTIO_NS}/mesh-default`,
      `   Tracing providers: localtrace (from ${ISTIO_NS}/mesh-default)`,
      `   Sampling: 100% (from ${ISTIO_NS}/mesh-default)`,
      `   Custom tags: foo (from ${ISTIO_NS}/mesh-default)`,
      '      foo: literal "bar"',
      '   Span reporting: enabled',
      '   Metrics providers: prometheus (from meshConfig.defaultProviders.metrics)',
      '   Access logging providers: none',
    ]);
  });

  it('is also `experimental describe pod`', () => {
    expect(DescribePod.aliases).toEqual(['experimental:describe:pod']);
  });

  it('works on a cluster without the Istio CRDs (they read as no resources)', (ctx) => {
    if (!withoutCrds) return ctx.skip(); // the cluster had Istio CRDs before this file ran
    expect(withoutCrds.error, withoutCrds.stderr).toBeUndefined();
    expect(withoutCrds.stdout.trimEnd().split('\n')).toEqual([
      'Pod: ratings-v1',
      '   Pod Revision: default',
      '   Pod Ports: 9080 (ratings), 15090 (istio-proxy)',
      SEP,
      'Service: ratings',
      '   Port: http 9080/HTTP targets pod port 9080',
      SEP,
      'Effective PeerAuthentication:',
      '   Workload mTLS mode: PERMISSIVE',
      '      (default: no PeerAuthentication sets a mode)',
      SEP,
      'Effective Telemetry:',
      '   Applied Telemetry: none',
      '   Tracing providers: none',
      '   Sampling: 1% (default)',
      '   Custom tags: none',
      '   Span reporting: enabled',
      '   Metrics providers: prometheus (from meshConfig.defaultProviders.metrics)',
      '   Access logging providers: none',
    ]);
  });
});

describe('mesh x telemetry (real control plane)', () => {
  it('prints the hierarchy with the source of each value', async () => {
    const r = await runCommand(TelemetryCmd, [`ratings-v1.${NS}`, ...base()]);
    expect(r.error, r.stderr).toBeUndefined();
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      `Effective Telemetry for ratings-v1.${NS} (root namespace ${ISTIO_NS}):`,
      ...telemetryInNs(
        `, ${NS}/workload-override`,
        `   Span reporting: disabled (from ${NS}/workload-override)`,
      ).slice(1),
    ]);
  });

  it.each(['json', 'yaml'])('-o %s gives every value with its source', async (format) => {
    const r = await runCommand(TelemetryCmd, ['web-v1', '-n', OTHER_NS, '-o', format, ...base()]);
    expect(r.error, r.stderr).toBeUndefined();
    expect(format === 'json' ? JSON.parse(r.stdout) : yaml.load(r.stdout)).toEqual({
      pod: 'web-v1',
      namespace: OTHER_NS,
      rootNamespace: ISTIO_NS,
      applied: [`${ISTIO_NS}/mesh-default`],
      tracing: {
        providers: {value: ['localtrace'], from: `${ISTIO_NS}/mesh-default`},
        randomSamplingPercentage: {value: 100, from: `${ISTIO_NS}/mesh-default`},
        customTags: {value: {foo: {literal: {value: 'bar'}}}, from: `${ISTIO_NS}/mesh-default`},
      },
      metrics: {providers: {value: ['prometheus'], from: 'meshConfig.defaultProviders.metrics'}},
      accessLogging: {},
      warnings: [],
    });
  });
});

/** A kubeconfig whose server is a 127.0.0.1 port nothing listens on (bound, then released). */
async function closedPortKubeconfig(): Promise<{path: string; server: string; port: number}> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as {port: number}).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  const server = `https://127.0.0.1:${port}`;
  const path = join(tmpdir(), `mesh-describe-closed-${process.pid}.kubeconfig`);
  await writeFile(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: closed\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true`,
      'users:',
      '- name: nobody\n  user: {}',
      'contexts:',
      '- name: closed\n  context:\n    cluster: closed\n    user: nobody\n    namespace: default',
      'current-context: closed',
      '',
    ].join('\n'),
    {mode: 0o600},
  );
  return {path, server, port};
}

/** A kubeconfig for the run's server with a bearer token the apiserver does not know. */
const BOGUS_TOKEN = `mesh-bogus-${randomUUID()}`;
function bogusTokenKubeconfig(): string {
  const path = tokenKubeconfig(cluster, BOGUS_TOKEN);
  tempKubeconfigs.push(path);
  return path;
}

/** A ServiceAccount in NS (deleted with it) bound to no role, and a kubeconfig with its token. */
const NOBODY = 'mesh-describe-nobody';
let nobody: Promise<{path: string; token: string}> | undefined;
function forbiddenKubeconfig(): Promise<{path: string; token: string}> {
  nobody ??= (async () => {
    await apply({apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NOBODY, NS)});
    const request = await cluster.core.createNamespacedServiceAccountToken({
      name: NOBODY,
      namespace: NS,
      body: {spec: {audiences: []}},
    });
    const token = request.status!.token;
    const path = tokenKubeconfig(cluster, token);
    tempKubeconfigs.push(path);
    return {path, token};
  })();
  return nobody;
}

describe.each([
  ['x describe pod', DescribePod],
  ['x telemetry', TelemetryCmd],
] as const)('%s: errors are one message (and its hint) on stderr, exit 1', (_name, Cmd) => {
  it('pod not found names the namespace searched', async () => {
    const r = await runCommand(Cmd, ['nope', '-n', NS, ...base()]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `Error: pod "nope" not found in namespace "${NS}"\n` +
        `  hint: list pods with: kubectl get pods -n ${NS}; name another namespace with -n or <pod>.<namespace>\n`,
    );
  });

  it('namespace not found', async () => {
    const r = await runCommand(Cmd, ['ratings-v1.mesh-describe-missing', ...base()]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Error: namespace "mesh-describe-missing" not found\n' +
        '  hint: list namespaces with: kubectl get namespaces; name the pod as <pod>.<namespace> or pass -n\n',
    );
  });

  it('cluster unreachable', async () => {
    const closed = await closedPortKubeconfig();
    const r = await runCommand(Cmd, ['ratings-v1', '--kubeconfig', closed.path]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `Error: cluster unreachable: connect ECONNREFUSED 127.0.0.1:${closed.port} (server ${closed.server})\n` +
        '  hint: check that the cluster is up and that --kubeconfig/--context name the right one\n',
    );
  });

  it('a rejected token: credentials rejected in one line, and the token is never printed', async () => {
    const r = await runCommand(Cmd, [`ratings-v1.${NS}`, '--kubeconfig', bogusTokenKubeconfig()]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      `Error: credentials rejected: Unauthorized (server ${cluster.server})`,
      '  hint: your credentials were rejected; refresh them',
      '',
    ]);
    expect(r.stdout + r.stderr).not.toContain(BOGUS_TOKEN);
  });

  it('a ServiceAccount without RBAC: Forbidden and the apiserver message in one line', async () => {
    const {path, token} = await forbiddenKubeconfig();
    const r = await runCommand(Cmd, [`ratings-v1.${NS}`, '--kubeconfig', path]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      `Error: failed to read pod ${NS}/ratings-v1: Forbidden: pods "ratings-v1" is forbidden: ` +
        `User "system:serviceaccount:${NS}:${NOBODY}" cannot get resource "pods" in API group "" in the namespace "${NS}"`,
      '  hint: ask a cluster admin for the permission named above, or use a context that has it',
      '',
    ]);
    expect(r.stdout + r.stderr).not.toContain(token);
  });
});
