import {describe, expect, it} from 'vitest';
import {changedPaths, formatPlan, type PlanEntry} from '../../../src/install/plan.js';

describe('formatPlan', () => {
  it('lists only changes; unchanged objects are counted on the Plan line', () => {
    const entries: PlanEntry[] = [
      {action: 'unchanged', object: 'ServiceAccount/istio-system/istiod', changes: []},
      {action: 'update', object: 'Deployment/istio-system/istiod', changes: ['spec.replicas: 1 → 2']},
      {action: 'unchanged', object: 'ClusterRole/istiod-clusterrole-istio-system', changes: []},
      {action: 'create', object: 'Service/istio-system/istio-ingressgateway', changes: []},
      {action: 'prune', object: 'Deployment/istio-system/old-gateway', changes: []},
    ];
    expect(formatPlan(entries)).toEqual([
      'update    Deployment/istio-system/istiod',
      '            spec.replicas: 1 → 2',
      'create    Service/istio-system/istio-ingressgateway',
      'prune     Deployment/istio-system/old-gateway',
      'Plan: 1 to create, 1 to update, 2 unchanged, 1 to prune',
    ]);
  });
});

describe('changedPaths', () => {
  const deployment = (value: string, extra: {name: string; value: string}[] = []) => ({
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'discovery',
              env: [{name: 'A', value: 'x'}, {name: 'PILOT_TRACE_SAMPLING', value}, ...extra],
            },
          ],
        },
      },
    },
  });

  it("names list items by name, in the one path grammar verify-install's drift uses", () => {
    expect(changedPaths(deployment('1'), deployment('50', [{name: 'NEW', value: 'y'}]))).toEqual([
      'spec.template.spec.containers[name:discovery].env[name:PILOT_TRACE_SAMPLING].value: "1" → "50"',
      'spec.template.spec.containers[name:discovery].env[name:NEW]: <none> → {"name":"NEW","value":"y"}',
    ]);
    expect(changedPaths({spec: {ports: [{port: 80}]}}, {spec: {ports: [{port: 81}]}})).toEqual([
      'spec.ports[0].port: 80 → 81',
    ]);
  });

  it('shows where a long value changed, not all of it', () => {
    const merged = (log: string) =>
      JSON.stringify({
        global: {hub: 'docker.io/istio', tag: '1.31.0'},
        meshConfig: {accessLogFile: log},
        pilot: {env: {}, replicaCount: 1, traceSampling: 1},
      });
    expect(
      changedPaths({data: {'merged-values': merged('')}}, {data: {'merged-values': merged('/dev/stdout')}}),
    ).toEqual([
      'data.merged-values: …Config\\":{\\"accessLogFile\\":\\"\\"},\\"pilot\\":{\\"env\\":{},\\"re… → …Config\\":{\\"accessLogFile\\":\\"/dev/stdout\\"},\\"pilot\\":{\\"env\\":{},\\"re…',
    ]);
  });

  it("never shows a Secret's values", () => {
    expect(
      changedPaths({data: {token: 'c2VjcmV0'}}, {data: {token: 'b3RoZXI=', ca: 'eA=='}}, {secret: true}),
    ).toEqual(['data.token: <redacted> → <redacted>', 'data.ca: <none> → <redacted>']);
  });
});
