import {describe, expect, it} from 'vitest';
import type {K8sObject} from '../../../src/cluster/kinds.js';
import {
  findDrift,
  formatDrift,
  formatPath,
  parseQuantity,
  REDACTED,
  sameScalar,
} from '../../../src/verify/drift.js';

const istiod = (env: {name: string; value?: string}[], extra: {[key: string]: unknown} = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'istiod',
    namespace: 'istio-system',
    labels: {app: 'istiod', 'operator.istio.io/component': 'Pilot'},
  },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          {
            name: 'discovery',
            image: 'istio/pilot:1.29.6',
            env,
            resources: {requests: {cpu: '500m', memory: '2048Mi'}},
          },
        ],
      },
    },
    ...extra,
  },
});

const live = (object: K8sObject, patch: (o: K8sObject) => void = () => {}): K8sObject => {
  const copy = structuredClone(object);
  copy.metadata.uid = 'abc';
  copy.metadata.resourceVersion = '42';
  copy.metadata.managedFields = [{manager: 'mesh', operation: 'Apply'}];
  copy.status = {replicas: 1};
  patch(copy);
  return copy;
};

const envOf = (o: K8sObject) =>
  (o.spec as {template: {spec: {containers: {env: {name: string; value?: string}[]}[]}}}).template.spec
    .containers[0]!.env;

describe('findDrift', () => {
  const expected = istiod([
    {name: 'PILOT_TRACE_SAMPLING', value: '1'},
    {name: 'PLATFORM', value: ''},
  ]);

  it('finds nothing when the live object only adds server fields, defaults and status', () => {
    const cluster = live(expected, (o) => {
      (o.spec as {[key: string]: unknown}).revisionHistoryLimit = 10;
      delete envOf(o)[1]!.value; // the API drops `value: ""`
      envOf(o).push({name: 'ADDED_BY_SOMEONE', value: 'x'});
      Object.assign((o.spec as {template: {spec: {[key: string]: unknown}}}).template.spec, {
        dnsPolicy: 'ClusterFirst',
      });
      (
        o.spec as {template: {spec: {containers: {resources: {requests: {memory: string}}}[]}}}
      ).template.spec.containers[0]!.resources.requests.memory = '2Gi';
    });
    expect(findDrift(expected, cluster)).toEqual([]);
  });

  it('reports a changed env value by name with its path, old and new value', () => {
    const cluster = live(expected, (o) => {
      envOf(o)[0]!.value = '50';
    });
    expect(findDrift(expected, cluster)).toEqual([
      {
        path: 'spec.template.spec.containers[name:discovery].env[name:PILOT_TRACE_SAMPLING].value',
        expected: '1',
        live: '50',
      },
    ]);
  });

  it('reports a removed list entry and a removed label', () => {
    const cluster = live(expected, (o) => {
      envOf(o).shift();
      delete o.metadata.labels!.app;
    });
    expect(findDrift(expected, cluster)).toEqual([
      {path: 'metadata.labels.app', expected: 'istiod', live: undefined},
      {
        path: 'spec.template.spec.containers[name:discovery].env[name:PILOT_TRACE_SAMPLING]',
        expected: {name: 'PILOT_TRACE_SAMPLING', value: '1'},
        live: undefined,
      },
    ]);
  });

  it('a non-empty string removed is drift; int-or-string and quantities compare by value', () => {
    const object = istiod([{name: 'A', value: 'x'}], {replicas: 2});
    expect(
      findDrift(
        object,
        live(object, (o) => delete envOf(o)[0]!.value),
      ),
    ).toEqual([
      {
        path: 'spec.template.spec.containers[name:discovery].env[name:A].value',
        expected: 'x',
        live: undefined,
      },
    ]);
    expect(
      findDrift(
        object,
        live(object, (o) => ((o.spec as {replicas: unknown}).replicas = '2')),
      ),
    ).toEqual([]);
    expect(
      findDrift(
        object,
        live(object, (o) => ((o.spec as {replicas: unknown}).replicas = 3)),
      ),
    ).toEqual([{path: 'spec.replicas', expected: 2, live: 3}]);
  });

  it('skips the given paths (replicas an HPA owns) and the ignore table (webhook CA bundles)', () => {
    const object = istiod([], {replicas: 1});
    expect(
      findDrift(
        object,
        live(object, (o) => ((o.spec as {replicas: number}).replicas = 4)),
        {ignore: [['spec', 'replicas']]},
      ),
    ).toEqual([]);
    const webhook: K8sObject = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: {name: 'istio-validator-istio-system'},
      webhooks: [{name: 'rev.validation.istio.io', failurePolicy: 'Ignore', clientConfig: {caBundle: ''}}],
    };
    const patched = live(webhook, (o) => {
      (o.webhooks as {failurePolicy: string; clientConfig: {caBundle: string}}[])[0]!.failurePolicy = 'Fail';
      (o.webhooks as {failurePolicy: string; clientConfig: {caBundle: string}}[])[0]!.clientConfig.caBundle =
        'LS0t';
    });
    expect(findDrift(webhook, patched)).toEqual([]);
  });

  it('ignores the owner labels of shared Base objects, which the last installed revision writes', () => {
    const crd = (rev: string): K8sObject => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {
        name: 'gateways.networking.istio.io',
        labels: {
          'install.operator.istio.io/owning-resource':
            rev === 'default' ? 'installed-state' : `installed-state-${rev}`,
          'install.operator.istio.io/owning-resource-namespace': 'istio-system',
          'istio.io/rev': rev,
          'operator.istio.io/component': 'Base',
        },
      },
    });
    expect(findDrift(crd('default'), live(crd('canary')))).toEqual([]);
    const pilot = istiod([]);
    pilot.metadata.labels!['istio.io/rev'] = 'default';
    expect(
      findDrift(
        pilot,
        live(pilot, (o) => (o.metadata.labels!['istio.io/rev'] = 'canary')),
      ),
    ).toEqual([{path: 'metadata.labels.istio\\.io/rev', expected: 'default', live: 'canary'}]);
  });

  it('never shows Secret values, and compares stringData as the data the server stores', () => {
    const secret: K8sObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {name: 's', namespace: 'istio-system'},
      stringData: {token: 'hunter2'},
    };
    const stored = live({
      ...secret,
      stringData: undefined,
      data: {token: Buffer.from('hunter2').toString('base64')},
    });
    expect(findDrift(secret, stored)).toEqual([]);
    const changed = live({
      ...secret,
      stringData: undefined,
      data: {token: Buffer.from('other').toString('base64')},
    });
    expect(findDrift(secret, changed)).toEqual([{path: 'data.token', expected: REDACTED, live: REDACTED}]);
  });

  it('lists of scalars and lists of unnamed objects compare whole or by index', () => {
    const service = (ports: unknown[], args: string[]): K8sObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'x'},
      spec: {ports, args},
    });
    const expected = service([{port: 80}, {port: 443}], ['a', 'b']);
    expect(findDrift(expected, live(service([{port: 80}, {port: 8443}], ['a', 'b'])))).toEqual([
      {path: 'spec.ports[1].port', expected: 443, live: 8443},
    ]);
    expect(findDrift(expected, live(service([{port: 80}, {port: 443}], ['b', 'a'])))).toEqual([
      {path: 'spec.args', expected: ['a', 'b'], live: ['b', 'a']},
    ]);
    expect(findDrift(expected, live(service([{port: 80}], ['a', 'b'])))).toEqual([
      {path: 'spec.ports', expected: [{port: 80}, {port: 443}], live: [{port: 80}]},
    ]);
  });
});

describe('formatting and scalars', () => {
  it('formats paths in the --set grammar', () => {
    expect(formatPath(['metadata', 'labels', 'istio.io/rev'])).toBe('metadata.labels.istio\\.io/rev');
    expect(formatPath(['spec', 'containers', {name: 'discovery'}, 'ports', 0])).toBe(
      'spec.containers[name:discovery].ports[0]',
    );
  });

  it('formats one drift as path: expected → live, shortening long values', () => {
    expect(formatDrift({path: 'spec.replicas', expected: 1, live: 3})).toBe('spec.replicas: 1 → 3');
    expect(formatDrift({path: 'a', expected: 'x', live: undefined})).toBe('a: "x" → <none>');
    expect(formatDrift({path: 'a', expected: 'x'.repeat(50), live: 'y'}, {maxLength: 10})).toBe(
      `a: "${'x'.repeat(8)}… → "y"`,
    );
  });

  it('compares quantities and int-or-string values by value', () => {
    expect(sameScalar('2048Mi', '2Gi')).toBe(true);
    expect(sameScalar('500m', '0.5')).toBe(true);
    expect(sameScalar(8080, '8080')).toBe(true);
    expect(sameScalar('1', '50')).toBe(false);
    expect(sameScalar('abc', undefined)).toBe(false);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('1Ki')).toBe(1024);
    expect(parseQuantity('fast')).toBeUndefined();
  });
});
