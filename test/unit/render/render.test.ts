/**
 * Invariants of every rendered installation (each profile and variant of cases.ts), the
 * component graph and install order, and render's own errors.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {MeshError} from '../../../src/errors.js';
import {COMPONENTS, installOrder, render, type Component, type K8sObject} from '../../../src/render/index.js';
import {compareObjects} from '../../../src/render/sort.js';
import {OWNER_LABEL_KEYS} from '../../../src/render/labels.js';
import {composeSpec} from '../../../src/spec/compose.js';
import {ISTIO_VERSION} from '../../../src/version.js';
import {ALL_CASES, generate, objectsOf, outputOf, type ManifestCase} from './cases.js';

/** The kinds mesh renders that are not namespaced. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
]);
const COMPONENT_NAMES = ['Base', 'Pilot', 'IngressGateways', 'EgressGateways', 'Cni', 'Ztunnel'];
const id = (o: K8sObject) =>
  `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
const revisionOf = (manifestCase: ManifestCase) =>
  manifestCase.args.includes('-r') ? manifestCase.args[manifestCase.args.indexOf('-r') + 1]! : '';

describe.each(ALL_CASES.map((c) => [c.name, c] as const))('invariants: %s', (_name, manifestCase) => {
  it('every object has apiVersion, kind and metadata.name', async () => {
    for (const [i, object] of (await objectsOf(manifestCase)).entries()) {
      expect(
        typeof object.apiVersion === 'string' && object.apiVersion !== '',
        `document ${i + 1}: apiVersion`,
      ).toBe(true);
      expect(typeof object.kind === 'string' && object.kind !== '', `document ${i + 1}: kind`).toBe(true);
      expect(
        typeof object.metadata?.name === 'string' && object.metadata.name !== '',
        `document ${i + 1} (${object.kind}): metadata.name`,
      ).toBe(true);
    }
  });

  it('metadata.namespace is set exactly on namespaced kinds', async () => {
    const wrong = (await objectsOf(manifestCase))
      .filter((o) => CLUSTER_SCOPED.has(o.kind) === (o.metadata.namespace !== undefined))
      .map(
        (o) =>
          `${id(o)} (${CLUSTER_SCOPED.has(o.kind) ? 'cluster-scoped but has a namespace' : 'namespaced but has none'})`,
      );
    expect(wrong).toEqual([]);
  });

  it('every object but the Namespaces carries the six owner labels with this installation’s values', async () => {
    const revision = revisionOf(manifestCase);
    const expected = {
      'install.operator.istio.io/owning-resource': revision
        ? `installed-state-${revision}`
        : 'installed-state',
      'install.operator.istio.io/owning-resource-namespace': 'istio-system',
      'istio.io/rev': revision || 'default',
      'operator.istio.io/managed': 'Reconcile',
      'operator.istio.io/version': ISTIO_VERSION,
    };
    expect(OWNER_LABEL_KEYS).toHaveLength(6);
    for (const object of await objectsOf(manifestCase)) {
      const labels = object.metadata.labels ?? {};
      if (object.kind === 'Namespace') {
        expect(object.metadata.labels, `${id(object)}: mesh never owns namespaces`).toBeUndefined();
        continue;
      }
      expect(Object.keys(labels), id(object)).toEqual(expect.arrayContaining([...OWNER_LABEL_KEYS]));
      expect(labels, id(object)).toMatchObject(expected);
      expect(COMPONENT_NAMES, id(object)).toContain(labels['operator.istio.io/component']);
    }
  });

  it('starts with the install Namespace, then the other Namespaces, then CRDs, then the rest', async () => {
    const objects = await objectsOf(manifestCase);
    if (manifestCase.name === 'empty') return expect(objects).toEqual([]);
    expect(id(objects[0]!)).toBe(`Namespace/${manifestCase.namespace}`);
    const phase = (o: K8sObject) =>
      o.kind === 'Namespace' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2;
    const outOfOrder = objects.slice(1).filter((o, i) => phase(o) < phase(objects[i]!));
    expect(outOfOrder.map(id), 'objects that come after a later phase').toEqual([]);
  });

  it('has no object twice and a Namespace document for every namespace used', async () => {
    const objects = await objectsOf(manifestCase);
    const ids = objects.map(id);
    expect(ids.filter((x, i) => ids.indexOf(x) !== i)).toEqual([]);
    const namespaces = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    const missing = objects
      .filter((o) => o.metadata.namespace !== undefined && !namespaces.has(o.metadata.namespace))
      .map(id);
    expect(missing).toEqual([]);
  });

  it('prints byte-identical output on a second run', async () => {
    const first = await outputOf(manifestCase);
    const second = await generate(manifestCase.args);
    expect(second.exitCode).toBe(0);
    expect(second.stdout === first.stdout, 'the two outputs differ').toBe(true);
  });
});

/** The rendered components of a spec composed from these flags. */
async function componentsOf(input: Parameters<typeof composeSpec>[0]): Promise<Component[]> {
  const {operator} = await composeSpec(input);
  return (await render(operator)).components;
}
/** Every component, with both gateways on: ambient has Cni and Ztunnel, the sets add the gateways. */
const EVERYTHING = {
  sets: [
    'profile=ambient',
    'components.ingressGateways[0].enabled=true',
    'components.egressGateways[0].enabled=true',
  ],
};

describe('components', () => {
  it('follow istioctl’s graph Base → {Pilot, Cni}, Pilot → gateways, Cni → Ztunnel, in COMPONENTS order', async () => {
    const components = await componentsOf(EVERYTHING);
    expect(components.map((c) => [c.name, c.displayName, c.dependsOn])).toEqual([
      ['Base', 'Istio core', []],
      ['Pilot', 'Istiod', ['Base']],
      ['IngressGateways', 'Ingress gateways', ['Pilot']],
      ['EgressGateways', 'Egress gateways', ['Pilot']],
      ['Cni', 'CNI', ['Base']],
      ['Ztunnel', 'Ztunnel', ['Cni']],
    ]);
    expect(COMPONENTS.map((c) => c.name)).toEqual(components.map((c) => c.name));
    // A dependency always comes earlier, so applying in this order never waits on a later component.
    components.forEach((component, i) => {
      for (const parent of component.dependsOn)
        expect(
          components.findIndex((c) => c.name === parent),
          component.name,
        ).toBeLessThan(i);
    });
  });

  it('label each object but the Namespaces with its own component and the owner labels', async () => {
    const {operator} = await composeSpec(EVERYTHING);
    const {components} = await render(operator);
    let checked = 0;
    for (const component of components) {
      expect(component.objects.length, component.name).toBeGreaterThan(0);
      for (const object of component.objects) {
        if (object.kind === 'Namespace') continue;
        const labels = object.metadata.labels ?? {};
        expect(Object.keys(labels), id(object)).toEqual(expect.arrayContaining([...OWNER_LABEL_KEYS]));
        expect(labels, `${component.name}: ${id(object)}`).toMatchObject({
          'operator.istio.io/component': component.name,
          'install.operator.istio.io/owning-resource': 'installed-state',
          'install.operator.istio.io/owning-resource-namespace': 'istio-system',
          'istio.io/rev': 'default',
          'operator.istio.io/managed': 'Reconcile',
          'operator.istio.io/version': '1.31.0',
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('keep their own objects in apply order (sort.ts): Namespaces, CRDs, RBAC, webhooks, config, workloads, HPA, Services', async () => {
    // A rank per kind, written out here rather than read from sort.ts, so a change there shows.
    const rank: {[kind: string]: number} = {
      Namespace: 0,
      CustomResourceDefinition: 1,
      ServiceAccount: 2,
      ClusterRole: 2,
      Role: 2,
      ClusterRoleBinding: 3,
      RoleBinding: 3,
      MutatingWebhookConfiguration: 4,
      ValidatingWebhookConfiguration: 4,
      ConfigMap: 5,
      Deployment: 6,
      DaemonSet: 6,
      PodDisruptionBudget: 6,
      HorizontalPodAutoscaler: 7,
      Service: 8,
    };
    const components = await componentsOf({
      sets: [
        ...EVERYTHING.sets,
        'components.pilot.k8s.replicaCount=2',
        'values.pilot.autoscaleEnabled=false',
      ],
      files: ['test/fixtures/manifest-generate/second-gateway.yaml'],
    });
    const kinds = new Set(components.flatMap((c) => c.objects.map((o) => o.kind)));
    // The case exercises every rank: a PodDisruptionBudget (2 replicas), DaemonSets, HPAs.
    expect([...kinds].sort()).toEqual(Object.keys(rank).sort());
    for (const component of components) {
      const late = component.objects
        .slice(1)
        .filter((o, i) => rank[o.kind]! < rank[component.objects[i]!.kind]!);
      expect(late.map(id), `${component.name}: objects after a later kind`).toEqual([]);
      // Within a kind, sorted too (sort.ts: group, kind, namespace, name).
      const unsorted = component.objects
        .slice(1)
        .filter((o, i) => compareObjects(component.objects[i]!, o) > 0);
      expect(unsorted.map(id), `${component.name}: out of order`).toEqual([]);
    }
  });

  it('put each Namespace first in the first component using it, never default or kube-system', async () => {
    const components = await componentsOf({
      sets: ['profile=openshift'], // its CNI lives in kube-system and writes into default
      files: ['test/fixtures/manifest-generate/second-gateway.yaml'],
    });
    const namespacesOf = (c: Component) =>
      c.objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(components.map((c) => [c.name, namespacesOf(c)])).toEqual([
      ['Base', ['istio-system']],
      ['Pilot', []],
      ['IngressGateways', ['edge']],
      ['Cni', []],
    ]);
    for (const component of components) {
      const count = namespacesOf(component).length;
      expect(
        component.objects.slice(0, count).every((o) => o.kind === 'Namespace'),
        component.name,
      ).toBe(true);
    }
    const cni = components.find((c) => c.name === 'Cni')!;
    expect(new Set(cni.objects.map((o) => o.metadata.namespace))).toEqual(
      new Set(['kube-system', 'default', undefined]),
    );
    // Every namespace used has its Namespace object in this component or an earlier one.
    const seen = new Set(['default', 'kube-system']);
    for (const component of components) {
      namespacesOf(component).forEach((ns) => seen.add(ns));
      const missing = component.objects.map((o) => o.metadata.namespace).filter((ns) => ns && !seen.has(ns));
      expect(missing, component.name).toEqual([]);
    }
  });

  it('leave out disabled components; a Namespace goes to the first rendered component', async () => {
    const minimal = await componentsOf({sets: ['profile=minimal']});
    expect(minimal.map((c) => c.name)).toEqual(['Base', 'Pilot']);
    const components = await componentsOf({sets: ['profile=minimal', 'components.base.enabled=false']});
    expect(components.map((c) => c.name)).toEqual(['Pilot']);
    expect(components[0]!.objects[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {name: 'istio-system'},
    });
    expect(components[0]!.objects.filter((o) => o.kind === 'CustomResourceDefinition')).toEqual([]);
    expect(await componentsOf({sets: ['profile=empty']})).toEqual([]);
  });

  it('Base holds the base chart’s Istio CRDs and mesh’s IstioOperator CRD', async () => {
    const [base] = await componentsOf({});
    expect(base!.name).toBe('Base');
    const crds = base!.objects.filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.map((o) => o.metadata.name)).toContain('istiooperators.install.istio.io');
    expect(crds.filter((o) => o.metadata.labels?.['helm.sh/chart']?.startsWith('base-'))).toHaveLength(15);
  });

  it('installOrder lifts every component’s Namespaces and CRDs to the front, keeping the rest in component order', async () => {
    const components = await componentsOf({files: ['test/fixtures/manifest-generate/second-gateway.yaml']});
    const ordered = installOrder(components);
    expect(ordered).toHaveLength(components.flatMap((c) => c.objects).length);
    expect(ordered.slice(0, 2).map(id)).toEqual(['Namespace/istio-system', 'Namespace/edge']);
    expect(ordered.slice(2, 18).every((o) => o.kind === 'CustomResourceDefinition')).toBe(true);
    const rest = ordered.filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
    const expected = components
      .flatMap((c) => c.objects)
      .filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
    expect(rest).toEqual(expected);
  });

  it('render is pure: the same spec gives equal objects and leaves the spec untouched', async () => {
    const {operator} = await composeSpec({sets: ['profile=demo']});
    const before = structuredClone(operator);
    expect(await render(operator)).toEqual(await render(operator));
    expect(operator).toEqual(before);
  });
});

describe('render errors', () => {
  const renderError = async (input: Parameters<typeof composeSpec>[0]): Promise<MeshError> => {
    const {operator} = await composeSpec(input);
    try {
      await render(operator);
    } catch (error) {
      if (error instanceof MeshError) return error;
      throw error;
    }
    throw new Error('render did not fail');
  };

  it('an ingress and an egress gateway with one name in one namespace', async () => {
    const error = await renderError({files: ['test/fixtures/manifest-generate/duplicate-gateway.yaml']});
    expect(error.code).toBe('duplicate-gateway');
    expect(error.message).toBe(
      'components.egressGateways[1]: gateway "edge-gateway" in namespace istio-system is also defined at components.ingressGateways[1]',
    );
    expect(error.path).toBe('components.egressGateways[1]');
  });

  // Validation already rejects these within one list; render checks again for specs that reach it another way.
  it('a duplicate within one list, in a spec that skipped validation', async () => {
    const {operator} = await composeSpec({});
    operator.spec.components!.ingressGateways!.push({name: 'istio-ingressgateway', enabled: true});
    await expect(render(operator)).rejects.toThrow(
      'components.ingressGateways[1]: gateway "istio-ingressgateway" in namespace istio-system is also defined at components.ingressGateways[0]',
    );
  });

  it('the same name in two namespaces, or a disabled duplicate, is fine', async () => {
    const components = await componentsOf({
      sets: [
        'components.ingressGateways[1].name=istio-ingressgateway',
        'components.ingressGateways[1].namespace=edge',
        'components.ingressGateways[1].enabled=true',
        'components.egressGateways[0].name=istio-ingressgateway',
      ],
    });
    const gateways = components.find((c) => c.name === 'IngressGateways')!;
    expect(gateways.objects.filter((o) => o.kind === 'Deployment').map(id)).toEqual([
      'Deployment/edge/istio-ingressgateway',
      'Deployment/istio-system/istio-ingressgateway',
    ]);
    expect(components.map((c) => c.name)).not.toContain('EgressGateways');
  });

  it('an enabled gateway without a name, in a spec that skipped validation', async () => {
    const {operator} = await composeSpec({});
    operator.spec.components!.egressGateways!.push({enabled: true} as never);
    await expect(render(operator)).rejects.toThrowError(
      expect.objectContaining({
        code: 'gateway-without-name',
        message: 'components.egressGateways[1]: a gateway needs a name',
      }),
    );
  });

  it('an overlay on an object of another component is not found, and the error names the spec path', async () => {
    const error = await renderError({
      sets: [
        'components.base.k8s.overlays[0].kind=Deployment',
        'components.base.k8s.overlays[0].name=istiod',
      ],
    });
    expect(error.code).toBe('overlay-target-not-found');
    expect(error.message).toBe(
      'components.base.k8s.overlays[0]: no Deployment named "istiod" is rendered here',
    );
    expect(error.path).toBe('components.base.k8s.overlays[0]');
  });

  it('a chart that fails on a value is a MeshError, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-render-'));
    const file = join(dir, 'null-mesh-config.yaml');
    writeFileSync(
      file,
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  values:\n    meshConfig: null\n',
    );
    const error = await renderError({files: [file]});
    expect(error.code).toBe('chart-render-failed');
    expect(error.message).toMatch(/^rendering Istio's charts failed: istiod\/templates\/configmap\.yaml/);
    expect(error.hint).toContain('mesh profile dump');
  });
});
