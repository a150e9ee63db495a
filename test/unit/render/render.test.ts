/**
 * Invariants of every rendered installation (each profile and variant of cases.ts), the
 * component graph and install order, and render's own errors.
 */
import {describe, expect, it} from 'vitest';
import {MeshError} from '../../../src/errors.js';
import {installOrder, render, type K8sObject} from '../../../src/render/index.js';
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
const COMPONENT_NAMES = ['Base', 'Pilot', 'IngressGateways', 'EgressGateways'];
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

describe('components', () => {
  it('follow the graph Base → Pilot → gateways, each object labelled with its own component', async () => {
    const {operator} = await composeSpec({sets: ['profile=demo']});
    const components = render(operator);
    expect(components.map((c) => [c.name, c.displayName, c.dependsOn])).toEqual([
      ['Base', 'Istio core', []],
      ['Pilot', 'Istiod', ['Base']],
      ['IngressGateways', 'Ingress gateways', ['Pilot']],
      ['EgressGateways', 'Egress gateways', ['Pilot']],
    ]);
    for (const component of components) {
      for (const object of component.objects.filter((o) => o.kind !== 'Namespace')) {
        expect(
          object.metadata.labels?.['operator.istio.io/component'],
          `${component.name}: ${id(object)}`,
        ).toBe(component.name);
      }
    }
  });

  it('keep their own objects in apply order: Namespaces, CRDs, RBAC, webhooks, config, workloads, HPA, Services', async () => {
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
      PodDisruptionBudget: 6,
      HorizontalPodAutoscaler: 7,
      Service: 8,
    };
    const {operator} = await composeSpec({
      sets: ['profile=demo'],
      files: ['test/fixtures/manifest-generate/second-gateway.yaml'],
    });
    for (const component of render(operator)) {
      const kinds = component.objects.map((o) => o.kind);
      expect(
        kinds.filter((kind) => rank[kind] === undefined),
        `${component.name}: kinds without a rank here`,
      ).toEqual([]);
      const late = component.objects
        .slice(1)
        .filter((o, i) => rank[o.kind]! < rank[component.objects[i]!.kind]!);
      expect(late.map(id), `${component.name}: objects after a later kind`).toEqual([]);
    }
  });

  it('leave out disabled components and put each Namespace into the first component using it', async () => {
    const {operator} = await composeSpec({sets: ['profile=minimal', 'components.base.enabled=false']});
    const components = render(operator);
    expect(components.map((c) => c.name)).toEqual(['Pilot']);
    expect(components[0]!.objects[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {name: 'istio-system'},
    });
  });

  it('installOrder lifts every component’s Namespaces and CRDs to the front, keeping the rest in component order', async () => {
    const {operator} = await composeSpec({files: ['test/fixtures/manifest-generate/second-gateway.yaml']});
    const components = render(operator);
    const ordered = installOrder(components);
    expect(ordered).toHaveLength(components.flatMap((c) => c.objects).length);
    expect(ordered.slice(0, 2).map(id)).toEqual(['Namespace/istio-system', 'Namespace/edge']);
    const rest = ordered.filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
    const expected = components
      .flatMap((c) => c.objects)
      .filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition');
    expect(rest).toEqual(expected);
  });

  it('render is pure: the same spec gives equal objects and leaves the spec untouched', async () => {
    const {operator} = await composeSpec({sets: ['profile=demo']});
    const before = structuredClone(operator);
    expect(render(operator)).toEqual(render(operator));
    expect(operator).toEqual(before);
  });
});

describe('render errors', () => {
  const renderError = async (input: Parameters<typeof composeSpec>[0]): Promise<MeshError> => {
    const {operator} = await composeSpec(input);
    try {
      render(operator);
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
    expect(() => render(operator)).toThrow(
      'components.ingressGateways[1]: gateway "istio-ingressgateway" in namespace istio-system is also defined at components.ingressGateways[0]',
    );
  });

  it('the same name in two namespaces, or a disabled duplicate, is fine', async () => {
    const {operator} = await composeSpec({
      sets: [
        'components.ingressGateways[1].name=istio-ingressgateway',
        'components.ingressGateways[1].namespace=edge',
        'components.ingressGateways[1].enabled=true',
        'components.egressGateways[0].name=istio-ingressgateway',
      ],
    });
    const gateways = render(operator).find((c) => c.name === 'IngressGateways')!;
    expect(gateways.objects.filter((o) => o.kind === 'Deployment').map(id)).toEqual([
      'Deployment/edge/istio-ingressgateway',
      'Deployment/istio-system/istio-ingressgateway',
    ]);
  });

  it('an enabled gateway without a name, in a spec that skipped validation', async () => {
    const {operator} = await composeSpec({});
    operator.spec.components!.egressGateways!.push({enabled: true} as never);
    expect(() => render(operator)).toThrowError(
      expect.objectContaining({
        code: 'gateway-without-name',
        message: 'components.egressGateways[1]: a gateway needs a name',
      }),
    );
  });

  it('an overlay on an object of another component is not found', async () => {
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
  });
});
