import {describe, expect, it} from 'vitest';
import {readinessOf, summarize, type ObjectResult, type VerifyReport} from '../../../src/verify/check.js';
import {driftLines, objectName, reportLines, resultLines} from '../../../src/verify/format.js';

const ok = (kind: string, name: string, namespace?: string): ObjectResult => ({
  apiVersion: 'v1',
  kind,
  name,
  ...(namespace ? {namespace} : {}),
  status: 'ok',
});

const report = (results: ObjectResult[]): VerifyReport => ({
  source: 'installed-state',
  revision: 'default',
  namespace: 'istio-system',
  results,
  counts: summarize(results),
  verified: results.every((r) => r.status === 'ok'),
});

describe('verify-install report lines', () => {
  it('names objects Kind/namespace/name, cluster-scoped ones Kind/name', () => {
    expect(objectName({kind: 'Deployment', name: 'istiod', namespace: 'istio-system'})).toBe(
      'Deployment/istio-system/istiod',
    );
    expect(objectName({kind: 'CustomResourceDefinition', name: 'gateways.networking.istio.io'})).toBe(
      'CustomResourceDefinition/gateways.networking.istio.io',
    );
  });

  it('success, by default: the count and the verdict only', () => {
    const results = [ok('Deployment', 'istiod', 'istio-system'), ok('Service', 'istiod', 'istio-system')];
    expect(reportLines(report(results))).toEqual([
      'Checked 2 objects: 2 ok, 0 failed',
      'Checked 0 custom resource definitions',
      'Checked 1 Istio Deployments',
      '✔ Istio is installed and verified successfully',
    ]);
  });

  it('success with -v: one ✔ line per object, the counts, then the verdict', () => {
    const results = [
      ok('CustomResourceDefinition', 'gateways.networking.istio.io'),
      ok('CustomResourceDefinition', 'sidecars.networking.istio.io'),
      ok('Deployment', 'istiod', 'istio-system'),
      ok('Service', 'istiod', 'istio-system'),
    ];
    expect(reportLines(report(results), {verbose: true})).toEqual([
      '✔ CustomResourceDefinition/gateways.networking.istio.io checked successfully',
      '✔ CustomResourceDefinition/sidecars.networking.istio.io checked successfully',
      '✔ Deployment/istio-system/istiod checked successfully',
      '✔ Service/istio-system/istiod checked successfully',
      'Checked 4 objects: 4 ok, 0 failed',
      'Checked 2 custom resource definitions',
      'Checked 1 Istio Deployments',
      '✔ Istio is installed and verified successfully',
    ]);
  });

  it('failure: only the failed objects, ✘ with the reason, the drift below it, DaemonSets counted when there are any, no verdict', () => {
    const results: ObjectResult[] = [
      {...ok('Deployment', 'istiod', 'istio-system'), status: 'missing', reason: 'not found'},
      {
        ...ok('Deployment', 'istio-ingressgateway', 'istio-system'),
        status: 'not-ready',
        reason:
          '1 old replicas pending termination; pod istio-ingressgateway-x unschedulable: 0/1 nodes are available',
      },
      {
        ...ok('ConfigMap', 'istio', 'istio-system'),
        status: 'drifted',
        reason: '1 field differs from what mesh applies (expected → live)',
        drift: [{path: 'data.mesh', expected: 'a: 1\nb: 2\n', live: 'a: 1\nb: 3\n'}],
      },
      ok('DaemonSet', 'istio-cni-node', 'kube-system'),
    ];
    expect(reportLines(report(results))).toEqual([
      '✘ Deployment/istio-system/istiod: not found',
      '✘ Deployment/istio-system/istio-ingressgateway: 1 old replicas pending termination; pod istio-ingressgateway-x unschedulable: 0/1 nodes are available',
      '✘ ConfigMap/istio-system/istio: 1 field differs from what mesh applies (expected → live)',
      '    data.mesh: (- expected, + live)',
      '      - b: 2',
      '      + b: 3',
      'Checked 4 objects: 1 ok, 3 failed',
      'Checked 0 custom resource definitions',
      'Checked 2 Istio Deployments',
      'Checked 1 Istio Daemonsets',
    ]);
  });

  it('a one-line drift is path: expected → live', () => {
    expect(
      resultLines({
        ...ok('Deployment', 'istiod', 'istio-system'),
        status: 'drifted',
        reason: 'r',
        drift: [
          {
            path: 'spec.template.spec.containers[name:discovery].env[name:PILOT_TRACE_SAMPLING].value',
            expected: '1',
            live: '50',
          },
        ],
      }),
    ).toEqual([
      '✘ Deployment/istio-system/istiod: r',
      '    spec.template.spec.containers[name:discovery].env[name:PILOT_TRACE_SAMPLING].value: "1" → "50"',
    ]);
  });

  it('long multi-line drift shows at most 20 changed lines', () => {
    const a = Array.from({length: 30}, (_, i) => `k${i}: a`).join('\n');
    const b = Array.from({length: 30}, (_, i) => `k${i}: b`).join('\n');
    const lines = driftLines({path: 'data.mesh', expected: a, live: b});
    expect(lines[0]).toBe('    data.mesh: (- expected, + live)');
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('      … 40 more changed lines');
  });
});

describe('readiness as verify-install sees it', () => {
  it('a Deployment is ready when available and updated', () => {
    const status = {observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1};
    expect(
      readinessOf({kind: 'Deployment'}, {metadata: {generation: 2}, spec: {replicas: 1}, status}),
    ).toEqual({ready: true});
    expect(
      readinessOf(
        {kind: 'Deployment'},
        {metadata: {generation: 2}, spec: {replicas: 1}, status: {...status, availableReplicas: 0}},
      ),
    ).toEqual({
      ready: false,
      reason: '0 of 1 replicas available',
    });
    expect(
      readinessOf(
        {kind: 'Deployment'},
        {metadata: {generation: 2}, spec: {replicas: 1}, status: {...status, replicas: 2}},
      ),
    ).toEqual({
      ready: false,
      reason: '1 old replicas pending termination',
    });
  });

  it('a Job only fails when it failed; a running one passes', () => {
    expect(readinessOf({kind: 'Job'}, {status: {}})).toEqual({ready: true});
    const failed = {
      status: {
        conditions: [{type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'too many'}],
      },
    };
    expect(readinessOf({kind: 'Job'}, failed)).toEqual({
      ready: false,
      reason: 'job failed: BackoffLimitExceeded too many',
    });
  });

  it('a DaemonSet needs every scheduled pod updated and ready', () => {
    const status = {
      observedGeneration: 1,
      desiredNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberReady: 2,
    };
    expect(readinessOf({kind: 'DaemonSet'}, {metadata: {generation: 1}, status})).toEqual({
      ready: false,
      reason: '2 of 3 pods ready',
    });
    expect(
      readinessOf({kind: 'DaemonSet'}, {metadata: {generation: 1}, status: {...status, numberReady: 3}}),
    ).toEqual({ready: true});
  });
});
