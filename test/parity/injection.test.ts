/**
 * Injection works with what mesh renders: Istio's sidecar injector (the oracle's `inject`,
 * pkg/kube/inject) run on a sample Deployment with mesh's `istio` and `istio-sidecar-injector`
 * ConfigMaps injects without error, and the result equals the one with istioctl's ConfigMaps.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {engineRenderer} from '../../src/render/istio/engine-renderer.js';
import {generateComponents} from '../../src/render/istio/generate.js';
import {mergeInputs} from '../../src/spec/merge-inputs.js';
import type {K8sObject} from '../../src/render/types.js';
import {parseSet} from '../../src/spec/set-value.js';
import {Oracle} from '../support/oracle.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews
  namespace: bookinfo
spec:
  selector:
    matchLabels: {app: reviews}
  template:
    metadata:
      labels: {app: reviews, version: v1}
    spec:
      containers:
      - name: reviews
        image: docker.io/istio/examples-bookinfo-reviews-v1:1.20.2
        ports:
        - containerPort: 9080
`;

let oracle: Oracle;
beforeAll(async () => {
  oracle = await Oracle.start();
}, 1_200_000);
afterAll(() => oracle?.close());

function configMaps(objects: K8sObject[], revision: string) {
  const suffix = revision === '' ? '' : `-${revision}`;
  const data = (name: string) =>
    (objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)?.data ?? {}) as {
      [key: string]: string;
    };
  const injector = data(`istio-sidecar-injector${suffix}`);
  return {
    mesh: data(`istio${suffix}`).mesh ?? '',
    config: injector.config ?? '',
    injValues: injector.values ?? '',
  };
}

async function inject(maps: ReturnType<typeof configMaps>, revision: string): Promise<string> {
  const answer = await oracle.request({op: 'inject', ...maps, pod: DEPLOYMENT, revision});
  if (answer.error !== undefined) throw new Error(`inject: ${answer.error}`);
  return answer.output ?? '';
}

const CASES = [
  {name: 'default', set: [] as string[], revision: ''},
  {name: 'demo', set: ['profile=demo'], revision: ''},
  {name: 'revision canary', set: ['revision=canary'], revision: 'canary'},
];

describe('sidecar injection with the ConfigMaps mesh renders', () => {
  for (const testCase of CASES)
    it(testCase.name, async () => {
      const merged = mergeInputs(
        [],
        testCase.set.map((text) => parseSet(text)),
      );
      const ours = (await generateComponents(merged, engineRenderer())).components.flatMap((c) => c.objects);
      const theirs = (await oracle.generate([], testCase.set)).flatMap((c) => c.objects);
      const withOurs = await inject(configMaps(ours, testCase.revision), testCase.revision);
      expect(withOurs).toContain('name: istio-proxy');
      expect(withOurs).toContain('sidecar.istio.io/status');
      expect(withOurs).toBe(await inject(configMaps(theirs, testCase.revision), testCase.revision));
    });
});
