import {describe, expect, it} from 'vitest';
import {formatPlan, type PlanEntry} from '../../../src/install/plan.js';

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
