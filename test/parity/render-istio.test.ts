/**
 * renderIstio: istioctl's objects plus what mesh adds for installing them. With mesh's owner
 * labels removed and its Namespace objects dropped, the render equals istioctl's.
 */
import {afterAll, beforeAll, expect, it} from 'vitest';
import {engineRenderer} from '../../src/render/istio/engine-renderer.js';
import {renderIstio} from '../../src/render/istio/index.js';
import {OWNER_LABEL_KEYS} from '../../src/render/labels.js';
import type {K8sObject} from '../../src/render/types.js';
import {parseSet} from '../../src/spec/set-value.js';
import {Oracle} from '../support/oracle.js';
import {compareRenders} from './compare.js';

let oracle: Oracle;
beforeAll(async () => {
  oracle = await Oracle.start();
}, 1_200_000);
afterAll(() => oracle?.close());

/** The chart's own labels where mesh's owner labels overwrote them are compared separately. */
function withoutOwnerLabels(object: K8sObject, reference: K8sObject | undefined): K8sObject {
  const copy = structuredClone(object);
  const labels = {...(copy.metadata.labels ?? {})};
  for (const key of OWNER_LABEL_KEYS) {
    const original = reference?.metadata.labels?.[key];
    if (original === undefined) delete labels[key];
    else labels[key] = original;
  }
  copy.metadata.labels = labels;
  if (Object.keys(labels).length === 0 && reference?.metadata.labels === undefined)
    delete copy.metadata.labels;
  return copy;
}

it('openshift-ambient: Namespaces first, istioctl graph, owner labels, otherwise istioctl objects', async () => {
  const sets = ['profile=openshift-ambient'];
  const {components} = await renderIstio(
    [],
    sets.map((text) => parseSet(text)),
    engineRenderer(),
  );
  expect(components.map((c) => [c.name, c.dependsOn])).toEqual([
    ['Base', []],
    ['Pilot', ['Base']],
    ['Cni', ['Base']],
    ['Ztunnel', ['Cni']],
  ]);
  expect(components[0]!.objects[0]).toEqual({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {name: 'istio-system'},
  });
  // kube-system and default always exist: no Namespace object for them.
  expect(components.flatMap((c) => c.objects).filter((o) => o.kind === 'Namespace')).toHaveLength(1);
  for (const component of components)
    for (const object of component.objects.filter((o) => o.kind !== 'Namespace'))
      expect(object.metadata.labels?.['operator.istio.io/component']).toBe(component.name);

  const theirs = (await oracle.generate([], sets)).flatMap((c) => c.objects);
  const byKey = new Map(theirs.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
  const ours = components
    .flatMap((c) => c.objects)
    .filter((o) => o.kind !== 'Namespace')
    .map((o) =>
      withoutOwnerLabels(o, byKey.get(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)),
    );
  expect(compareRenders(theirs, ours)).toEqual([]);
});
