/** k8s.overlays: the patch path grammar, set and delete semantics, and the errors. */
import {describe, expect, it} from 'vitest';
import {MeshError} from '../../../src/errors.js';
import {render, type K8sObject} from '../../../src/render/index.js';
import {applyOverlays, parseOverlayPath} from '../../../src/render/overlays.js';
import {composeSpec} from '../../../src/spec/compose.js';

const WHERE = 'components.pilot.k8s.overlays';

function deployment(): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'istiod', namespace: 'istio-system', annotations: {'a.b/c': 'x'}},
    spec: {
      template: {
        spec: {
          containers: [{name: 'discovery', args: ['discovery', '--v=1'], ports: [{containerPort: 8080}]}],
          tolerations: ['keep', 'drop'],
        },
      },
    },
  };
}

/** Applies one overlay on a fresh Deployment (plus a Service of the same name) and returns the Deployment. */
function patched(...patches: {path: string; value?: unknown}[]): K8sObject {
  const objects = [deployment(), {apiVersion: 'v1', kind: 'Service', metadata: {name: 'istiod'}, spec: {}}];
  applyOverlays(objects, [{kind: 'Deployment', name: 'istiod', patches}], WHERE);
  return objects[0]!;
}

function failure(run: () => unknown): MeshError {
  try {
    run();
  } catch (error) {
    if (error instanceof MeshError) return error;
    throw error;
  }
  throw new Error('expected a MeshError');
}

describe('parseOverlayPath', () => {
  it('reads keys, [N], [key:value], [:value] and escaped dots, with or without a dot before [', () => {
    expect(parseOverlayPath('spec.containers.[name:discovery].args[0].a\\.b.[:x]', WHERE)).toEqual([
      {kind: 'key', key: 'spec'},
      {kind: 'key', key: 'containers'},
      {kind: 'select', field: 'name', value: 'discovery'},
      {kind: 'key', key: 'args'},
      {kind: 'index', index: 0},
      {kind: 'key', key: 'a.b'},
      {kind: 'select', field: '', value: 'x'},
    ]);
  });

  it.each([
    ['spec.[0', '"[" at position 6 is never closed'],
    ['spec.[abc]', '"[abc]" is neither an index [N] nor a selector [key:value] nor [:value]'],
    ['', 'the path is empty'],
    ['..', 'it starts with "."'],
  ])('rejects %j: %s', (path, why) => {
    const error = failure(() => parseOverlayPath(path, `${WHERE}[0].patches[0]`));
    expect(error.code).toBe('bad-overlay-path');
    expect(error.message).toBe(`${WHERE}[0].patches[0]: invalid patch path "${path}": ${why}`);
  });
});

describe('setting', () => {
  it('replaces a value found by [key:value] and [N]', () => {
    const object = patched({path: 'spec.template.spec.containers.[name:discovery].args.[1]', value: '--v=2'});
    expect(
      (object.spec as never as {template: {spec: {containers: {args: string[]}[]}}}).template.spec
        .containers[0]!.args,
    ).toEqual(['discovery', '--v=2']);
  });

  it('creates missing maps and lists on the way', () => {
    const object = patched(
      {path: 'spec.template.metadata.labels.tier', value: 'control'},
      {path: 'spec.template.spec.hostAliases.[0]', value: {ip: '127.0.0.1'}},
    );
    expect(object.spec).toMatchObject({
      template: {metadata: {labels: {tier: 'control'}}, spec: {hostAliases: [{ip: '127.0.0.1'}]}},
    });
  });

  it('appends with the index one past the end', () => {
    const object = patched({
      path: 'spec.template.spec.containers.[0].ports.[1]',
      value: {containerPort: 9090},
    });
    expect(object.spec).toMatchObject({
      template: {spec: {containers: [{ports: [{containerPort: 8080}, {containerPort: 9090}]}]}},
    });
  });

  it('sets a copy: later changes to the spec value do not leak into the object', () => {
    const value = {a: 1};
    const object = patched({path: 'spec.extra', value});
    value.a = 2;
    expect((object.spec as {extra: unknown}).extra).toEqual({a: 1});
  });

  it('touches only the named kind (and apiVersion, when given)', () => {
    const objects = [deployment(), {apiVersion: 'v1', kind: 'Service', metadata: {name: 'istiod'}, spec: {}}];
    applyOverlays(
      objects,
      [
        {
          kind: 'Service',
          name: 'istiod',
          apiVersion: 'v1',
          patches: [{path: 'spec.type', value: 'NodePort'}],
        },
      ],
      WHERE,
    );
    expect(objects[1]!.spec).toEqual({type: 'NodePort'});
    expect(objects[0]).toEqual(deployment());
    const error = failure(() =>
      applyOverlays(objects, [{kind: 'Service', name: 'istiod', apiVersion: 'v2', patches: []}], WHERE),
    );
    expect(error.code).toBe('overlay-target-not-found');
  });
});

describe('deleting (no value, or null)', () => {
  it('removes a map key with an escaped dot, a list element by [:value], and by [key:value]', () => {
    const object = patched(
      {path: 'metadata.annotations.a\\.b/c'},
      {path: 'spec.template.spec.tolerations.[:drop]', value: null},
      {path: 'spec.template.spec.containers.[name:discovery]'},
    );
    expect(object.metadata.annotations).toEqual({});
    expect(object.spec).toEqual({template: {spec: {containers: [], tolerations: ['keep']}}});
  });

  it.each([
    ['spec.template.spec.missing', 'spec.template.spec.missing does not exist'],
    ['spec.nothing.here', 'spec.nothing does not exist'],
    [
      'spec.template.spec.containers.[name:sidecar]',
      'spec.template.spec.containers.[name:sidecar] matches no list element',
    ],
    ['spec.template.spec.containers.[5]', 'spec.template.spec.containers.[5] matches no list element'],
    ['spec.template.spec.containers.name', 'spec.template.spec.containers.name: the parent is not a map'],
    ['metadata.name.[0]', 'metadata.name.[0]: the parent is not a list'],
  ])('%s is an error naming where the path stops', (path, why) => {
    const error = failure(() => patched({path}));
    expect(error.code).toBe('overlay-path-not-found');
    expect(error.message).toBe(`${WHERE}[0].patches[0]: cannot delete ${path} in Deployment/istiod: ${why}`);
  });
});

describe('overlay errors', () => {
  it('an overlay without kind or name', () => {
    const error = failure(() => applyOverlays([deployment()], [{name: 'istiod'}], WHERE));
    expect(error).toMatchObject({
      code: 'bad-overlay',
      message: `${WHERE}[0]: an overlay needs a kind and a name`,
    });
  });

  it('a patch without a path', () => {
    const error = failure(() =>
      applyOverlays([deployment()], [{kind: 'Deployment', name: 'istiod', patches: [{value: 1}]}], WHERE),
    );
    expect(error).toMatchObject({
      code: 'bad-overlay',
      message: `${WHERE}[0].patches[0]: a patch needs a path`,
    });
  });

  it('a target that is not rendered suggests the closest object and lists them all', () => {
    const error = failure(() =>
      applyOverlays([deployment()], [{kind: 'Deployment', name: 'istio', patches: []}], WHERE),
    );
    expect(error.message).toBe(
      `${WHERE}[0]: no Deployment named "istio" is rendered here (did you mean "Deployment/istiod"?)`,
    );
    expect(error.hint).toBe('this component renders Deployment/istiod');
  });
});

describe('overlays in render', () => {
  it('patch a gateway’s own objects; the error path names the gateway in the spec by name', async () => {
    const {operator} = await composeSpec({
      sets: [
        'components.ingressGateways[name:istio-ingressgateway].k8s.overlays[0].kind=Service',
        'components.ingressGateways[name:istio-ingressgateway].k8s.overlays[0].name=istio-ingressgateway',
        'components.ingressGateways[name:istio-ingressgateway].k8s.overlays[0].patches[0].path=spec.externalTrafficPolicy',
        'components.ingressGateways[name:istio-ingressgateway].k8s.overlays[0].patches[0].value=Local',
      ],
    });
    const gateways = (await render(operator)).components.find((c) => c.name === 'IngressGateways')!;
    expect(gateways.objects.find((o) => o.kind === 'Service')!.spec).toMatchObject({
      externalTrafficPolicy: 'Local',
    });

    const {operator: wrong} = await composeSpec({
      sets: [
        'components.egressGateways[0].enabled=true',
        'components.egressGateways[0].k8s.overlays[0].kind=Service',
        'components.egressGateways[0].k8s.overlays[0].name=istio-ingressgateway',
      ],
    });
    const error = await render(wrong).then(
      () => expect.fail('render did not fail'),
      (e: unknown) => e as MeshError,
    );
    expect(error.message).toBe(
      'components.egressGateways[name:istio-egressgateway].k8s.overlays[0]: no Service named "istio-ingressgateway" is rendered here (did you mean "Service/istio-egressgateway"?)',
    );
    // A path in the --set grammar: the name selects the same gateway however the lists merged.
    expect(error.path).toBe('components.egressGateways[name:istio-egressgateway].k8s.overlays[0]');
  });

  it('run before the owner labels are added, so they cannot remove them', async () => {
    const {operator} = await composeSpec({
      sets: [
        'components.pilot.k8s.overlays[0].kind=Deployment',
        'components.pilot.k8s.overlays[0].name=istiod',
        'components.pilot.k8s.overlays[0].patches[0].path=metadata.labels',
      ],
    });
    const istiod = (await render(operator)).components
      .flatMap((c) => c.objects)
      .find((o) => o.kind === 'Deployment' && o.metadata.name === 'istiod')!;
    expect(Object.keys(istiod.metadata.labels!)).toContain('install.operator.istio.io/owning-resource');
    expect(istiod.metadata.labels).not.toHaveProperty('app');
  });
});
