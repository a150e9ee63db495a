/**
 * `mesh manifest generate`: golden files per profile and variant (UPDATE_GOLDEN=1 rewrites them),
 * the facts each variant exists for (so a failure says what is wrong, not only that bytes
 * differ), component filtering, -o DIR and the error messages.
 */
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import yaml from 'js-yaml';
import {describe, expect, it} from 'vitest';
import type {K8sObject} from '../../../src/render/index.js';
import {expectGolden} from '../../support/golden.js';
import {
  ALL_CASES,
  find,
  fixture,
  generate,
  goldenText,
  objectsOf,
  outputOf,
  parseManifest,
  type ManifestCase,
} from './cases.js';

const byName = (name: string): ManifestCase => ALL_CASES.find((c) => c.name === name)!;
type Obj = {[key: string]: unknown};
const podSpec = (deployment: K8sObject) => ((deployment.spec as Obj).template as Obj).spec as Obj;
const podAnnotations = (deployment: K8sObject) =>
  (((deployment.spec as Obj).template as Obj).metadata as Obj).annotations as Obj;
const container = (deployment: K8sObject, name: string) =>
  (podSpec(deployment).containers as Obj[]).find((c) => c.name === name)!;
const meshOf = (objects: K8sObject[], name = 'istio') =>
  yaml.load((find(objects, 'ConfigMap', name).data as Obj).mesh as string) as Obj;
const names = (objects: K8sObject[], kind: string) =>
  objects.filter((o) => o.kind === kind).map((o) => o.metadata.name);

describe('manifest generate golden files', () => {
  it.each(ALL_CASES.map((c) => [c.name, c] as const))('%s', async (_name, manifestCase) => {
    const result = await outputOf(manifestCase);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expectGolden(`manifest-generate/${manifestCase.name}.yaml`, goldenText(manifestCase, result.stdout));
  });
});

describe('what each profile and variant renders', () => {
  it('default: Base, istiod and the ingress gateway, autoscaled, no egress gateway', async () => {
    const objects = await objectsOf(byName('default'));
    expect(names(objects, 'Deployment')).toEqual(['istiod', 'istio-ingressgateway']);
    expect(names(objects, 'HorizontalPodAutoscaler')).toEqual(['istiod', 'istio-ingressgateway']);
    // The base chart's 15 Istio CRDs and mesh's IstioOperator CRD.
    const crds = names(objects, 'CustomResourceDefinition');
    expect(crds).toHaveLength(16);
    expect(crds).toContain('istiooperators.install.istio.io');
    expect(crds).toContain('trafficextensions.extensions.istio.io');
    for (const crd of crds) expect(crd).toMatch(/\.istio\.io$/);
    // The release's images, never the profiles' test hub or `latest`.
    expect(container(find(objects, 'Deployment', 'istiod'), 'discovery').image).toBe(
      'docker.io/istio/pilot:1.31.0',
    );
    expect(container(find(objects, 'Deployment', 'istio-ingressgateway'), 'istio-proxy').image).toBe(
      'docker.io/istio/proxyv2:1.31.0',
    );
    // A PodDisruptionBudget only where more than one replica runs (Istio's charts).
    expect(names(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(find(objects, 'Service', 'istio-ingressgateway').spec).toMatchObject({type: 'LoadBalancer'});
    expect(find(objects, 'Deployment', 'istiod').spec).not.toHaveProperty('replicas');
  });

  it('demo: the egress gateway, access logs, no autoscalers, small requests, extra ingress ports', async () => {
    const objects = await objectsOf(byName('demo'));
    expect(names(objects, 'Deployment')).toEqual(['istiod', 'istio-ingressgateway', 'istio-egressgateway']);
    expect(names(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(find(objects, 'Service', 'istio-egressgateway').spec).toMatchObject({type: 'ClusterIP'});
    expect(meshOf(objects).accessLogFile).toBe('/dev/stdout');
    expect(container(find(objects, 'Deployment', 'istiod'), 'discovery').resources).toEqual({
      requests: {cpu: '10m', memory: '100Mi'},
    });
    const ports = (find(objects, 'Service', 'istio-ingressgateway').spec as Obj).ports as Obj[];
    expect(ports.map((p) => p.port)).toEqual([15021, 80, 443, 31400, 15443]);
  });

  it('minimal: Base and istiod, no gateway', async () => {
    const objects = await objectsOf(byName('minimal'));
    expect(names(objects, 'Deployment')).toEqual(['istiod']);
    expect(
      objects.some((o) => o.metadata.labels?.['operator.istio.io/component'] === 'IngressGateways'),
    ).toBe(false);
  });

  it('empty: nothing at all', async () => {
    const result = await outputOf(byName('empty'));
    expect(result).toMatchObject({stdout: '', exitCode: 0});
  });

  it('ambient: CNI and ztunnel DaemonSets in the install namespace, istiod, no gateway', async () => {
    const objects = await objectsOf(byName('ambient'));
    expect(names(objects, 'DaemonSet')).toEqual(['istio-cni-node', 'ztunnel']);
    expect(names(objects, 'Deployment')).toEqual(['istiod']);
    expect(
      find(objects, 'DaemonSet', 'istio-cni-node').metadata.labels?.['operator.istio.io/component'],
    ).toBe('Cni');
    expect(find(objects, 'DaemonSet', 'ztunnel').metadata.labels?.['operator.istio.io/component']).toBe(
      'Ztunnel',
    );
    expect(container(find(objects, 'Deployment', 'istiod'), 'discovery').image).toBe(
      'docker.io/istio/pilot:1.31.0-distroless',
    );
    expect(meshOf(objects).defaultConfig).toMatchObject({proxyMetadata: {ISTIO_META_ENABLE_HBONE: 'true'}});
  });

  it('preview: DNS capture in the proxies’ default config', async () => {
    const mesh = meshOf(await objectsOf(byName('preview')));
    expect(mesh.defaultConfig).toEqual({
      discoveryAddress: 'istiod.istio-system.svc:15012',
      proxyMetadata: {ISTIO_META_DNS_CAPTURE: 'true'},
    });
  });

  it('--set meshConfig.accessLogFile lands in the mesh key of the istio ConfigMap', async () => {
    const objects = await objectsOf(byName('access-log'));
    expect(meshOf(objects).accessLogFile).toBe('/dev/stdout');
    expect((find(objects, 'ConfigMap', 'istio').data as Obj).mesh).toMatch(/^accessLogFile: \/dev\/stdout$/m);
    const defaults = await objectsOf(byName('default'));
    expect(meshOf(defaults)).not.toHaveProperty('accessLogFile');
  });

  it('demo with the egress gateway disabled renders no egress object', async () => {
    const objects = await objectsOf(byName('demo-without-egress'));
    const egress = objects.filter(
      (o) =>
        o.metadata.name.includes('egress') ||
        o.metadata.labels?.['operator.istio.io/component'] === 'EgressGateways',
    );
    expect(egress.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(names(objects, 'Deployment')).toEqual(['istiod', 'istio-ingressgateway']);
  });

  it('replicaCount and resources reach istiod; no HPA owns the replicas', async () => {
    const objects = await objectsOf(byName('pilot-replicas-resources'));
    const istiod = find(objects, 'Deployment', 'istiod');
    expect((istiod.spec as Obj).replicas).toBe(2);
    // requests.cpu is replaced, requests.memory kept from the default.
    expect(container(istiod, 'discovery').resources).toEqual({requests: {cpu: 1, memory: '2048Mi'}});
    expect(names(objects, 'HorizontalPodAutoscaler')).toEqual(['istio-ingressgateway']);
  });

  it('a second ingress gateway gets its own Namespace document and its objects live there', async () => {
    const objects = await objectsOf(byName('second-gateway'));
    expect(names(objects, 'Namespace')).toEqual(['istio-system', 'edge']);
    const edge = objects.filter((o) => o.metadata.namespace === 'edge');
    expect(edge.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/edge-ingressgateway',
      'HorizontalPodAutoscaler/edge-ingressgateway',
      'Role/edge-ingressgateway-sds',
      'RoleBinding/edge-ingressgateway-sds',
      'Service/edge-ingressgateway',
      'ServiceAccount/edge-ingressgateway-service-account',
    ]);
    for (const object of edge)
      expect(object.metadata.labels?.['operator.istio.io/component'], object.metadata.name).toBe(
        'IngressGateways',
      );
    const deployment = find(objects, 'Deployment', 'edge-ingressgateway');
    // As istioctl: the gateway's `label` merges over the chart's labels (app: istio-ingressgateway stays).
    const selector = (find(objects, 'Service', 'edge-ingressgateway').spec as Obj).selector as Obj;
    expect(selector).toEqual({app: 'istio-ingressgateway', istio: 'edge'});
    expect(((deployment.spec as Obj).template as Obj).metadata).toMatchObject({labels: selector});
    expect(container(deployment, 'istio-proxy').env).toContainEqual({
      name: 'ISTIO_META_OWNER',
      value: 'kubernetes://apis/apps/v1/namespaces/edge/deployments/edge-ingressgateway',
    });
    // The default gateway is still there, in the install namespace.
    expect(find(objects, 'Deployment', 'istio-ingressgateway').metadata.namespace).toBe('istio-system');
  });

  it('-r canary suffixes every per-revision name and labels everything istio.io/rev: canary', async () => {
    const objects = await objectsOf(byName('revision-canary'));
    expect(find(objects, 'Deployment', 'istiod-canary').metadata.namespace).toBe('istio-system');
    expect(find(objects, 'Service', 'istiod-canary').metadata.namespace).toBe('istio-system');
    find(objects, 'ConfigMap', 'istio-canary');
    find(objects, 'ConfigMap', 'istio-sidecar-injector-canary');
    find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector-canary');
    find(objects, 'ValidatingWebhookConfiguration', 'istio-validator-canary-istio-system');
    expect(names(objects, 'ClusterRole')).toContain('istiod-clusterrole-canary-istio-system');
    expect(objects.filter((o) => o.metadata.name === 'istiod' || o.metadata.name === 'istio')).toEqual([]);
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(object.metadata.labels?.['istio.io/rev'], `${object.kind}/${object.metadata.name}`).toBe(
        'canary',
      );
      expect(object.metadata.labels?.['install.operator.istio.io/owning-resource']).toBe(
        'installed-state-canary',
      );
    }
    // A revision only injects pods that ask for it: no legacy istio-injection webhooks.
    const injector = find(objects, 'MutatingWebhookConfiguration', 'istio-sidecar-injector-canary');
    expect((injector.webhooks as Obj[]).map((w) => w.name)).toEqual([
      'rev.namespace.sidecar-injector.istio.io',
      'rev.object.sidecar-injector.istio.io',
    ]);
    expect(meshOf(objects, 'istio-canary').defaultConfig).toEqual({
      discoveryAddress: 'istiod-canary.istio-system.svc:15012',
    });
  });

  it('k8s.overlays set one node and delete another of the istiod Deployment, and nothing else', async () => {
    const patched = find(await objectsOf(byName('overlay-patch')), 'Deployment', 'istiod');
    const plain = find(await objectsOf(byName('default')), 'Deployment', 'istiod');
    expect((container(patched, 'discovery').args as string[])[2]).toBe('--log_output_level=default:debug');
    expect(podAnnotations(patched)).toEqual({
      'prometheus.io/port': '15014',
      'sidecar.istio.io/inject': 'false',
    });
    expect(podAnnotations(plain)).toEqual({
      'prometheus.io/port': '15014',
      'prometheus.io/scrape': 'true',
      'sidecar.istio.io/inject': 'false',
    });
    // Undo the two patches: the rest of the object is untouched.
    const undone = structuredClone(patched);
    (container(undone, 'discovery').args as string[])[2] = '--log_output_level=default:info';
    podAnnotations(undone)['prometheus.io/scrape'] = 'true';
    expect(undone).toEqual(plain);
  });
});

describe('--component', () => {
  it('Pilot renders only the Pilot component, led by the Namespace it needs', async () => {
    const result = await generate(['--component', 'Pilot']);
    expect(result.exitCode).toBe(0);
    const objects = parseManifest(result.stdout);
    expect(objects.length).toBeGreaterThan(0);
    // The install Namespace belongs to Base; without it the output would not apply on its own.
    expect(objects[0]).toEqual({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'istio-system'}});
    const rest = objects.slice(1);
    expect(rest.some((o) => o.kind === 'Namespace')).toBe(false);
    expect(new Set(rest.map((o) => o.metadata.labels?.['operator.istio.io/component']))).toEqual(
      new Set(['Pilot']),
    );
    find(objects, 'Deployment', 'istiod');
  });

  it('is case-insensitive and repeatable', async () => {
    const result = await generate([
      '--set',
      'profile=demo',
      '--component',
      'egressgateways',
      '--component',
      'INGRESSGATEWAYS',
    ]);
    const components = parseManifest(result.stdout)
      .filter((o) => o.kind !== 'Namespace')
      .map((o) => o.metadata.labels?.['operator.istio.io/component']);
    expect(new Set(components)).toEqual(new Set(['IngressGateways', 'EgressGateways']));
  });

  it('an unknown name is an error with a did-you-mean, exit 1, nothing on stdout', async () => {
    const result = await generate(['--component', 'pilto']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Error: --component pilto: unknown component (did you mean "Pilot"?)\n  hint: components are Base, Pilot, IngressGateways, EgressGateways, Cni, Ztunnel\n',
    );
  });
});

describe('-o DIR', () => {
  it('writes one file per rendered component, each holding exactly that component’s objects', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mesh-manifest-')), 'out', 'nested');
    const result = await generate(['--set', 'profile=demo', '-o', dir]);
    expect(result.exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'Base.yaml',
      'EgressGateways.yaml',
      'IngressGateways.yaml',
      'Pilot.yaml',
    ]);
    const all = await objectsOf(byName('demo'));
    let total = 0;
    for (const component of ['Base', 'Pilot', 'IngressGateways', 'EgressGateways']) {
      const objects = parseManifest(readFileSync(join(dir, `${component}.yaml`), 'utf8'));
      total += objects.length;
      for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
        expect(
          object.metadata.labels?.['operator.istio.io/component'],
          `${component}.yaml: ${object.kind}/${object.metadata.name}`,
        ).toBe(component);
      }
      expect(result.stdout).toContain(`${join(dir, `${component}.yaml`)}: ${objects.length} objects\n`);
    }
    expect(total).toBe(all.length);
  });

  it('writes no file for a disabled component', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-manifest-'));
    const result = await generate(['--set', 'profile=minimal', '-o', dir]);
    expect(result.exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['Base.yaml', 'Pilot.yaml']);
  });

  it('removes the file of a component an earlier run wrote and this one does not render; other files stay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-manifest-'));
    expect((await generate(['--set', 'profile=demo', '-o', dir])).exitCode).toBe(0);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect((await generate(['--set', 'profile=minimal', '-o', dir])).exitCode).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['Base.yaml', 'Pilot.yaml', 'notes.txt']);
  });
});

describe('errors: one clear message, exit 1, nothing on stdout', () => {
  // [what, fixture, the message line, the hint line (a RegExp when it is long) or null for none]
  it.each<[string, string, string, string | RegExp | null]>([
    [
      'an overlay naming an object that is not rendered',
      'overlay-unknown-target.yaml',
      'Error: components.pilot.k8s.overlays[0]: no Deployment named "istiodd" is rendered here (did you mean "Deployment/istiod"?)',
      /^ {2}hint: this component renders (.*, )?Deployment\/istiod, .*ServiceAccount\/istiod/,
    ],
    [
      'an overlay path that does not parse',
      'overlay-bad-path.yaml',
      'Error: components.pilot.k8s.overlays[0].patches[0]: invalid patch path "spec.template.spec.containers.[name:discovery.image": "[" at position 31 is never closed',
      '  hint: paths look like spec.template.spec.containers.[name:discovery].args.[0]',
    ],
    [
      'an overlay deleting a node that does not exist',
      'overlay-missing-node.yaml',
      'Error: components.pilot.k8s.overlays[0].patches[0]: cannot delete spec.template.spec.containers.[name:sidecar] in Deployment/istiod: spec.template.spec.containers.[name:sidecar] matches no list element',
      null,
    ],
    [
      'two enabled gateways with the same name and namespace',
      'duplicate-gateway.yaml',
      'Error: components.egressGateways[1]: gateway "edge-gateway" in namespace istio-system is also defined at components.ingressGateways[1]',
      '  hint: give each gateway a distinct name or namespace',
    ],
  ])('%s', async (_what, file, message, hint) => {
    const result = await generate(['-f', fixture(file)]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines.pop(), 'stderr ends with a newline').toBe('');
    expect(lines[0]).toBe(message);
    if (hint === null) expect(lines).toHaveLength(1);
    else {
      expect(lines).toHaveLength(2);
      if (typeof hint === 'string') expect(lines[1]).toBe(hint);
      else expect(lines[1]).toMatch(hint);
    }
  });
});
