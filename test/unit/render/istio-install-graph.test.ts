import {describe, expect, it} from 'vitest';
import {dependsOn, ownerLabels} from '../../../src/render/istio/install-graph.js';

describe("istioctl's install graph and owner labels", () => {
  it('orders components as istioctl 1.31 does', () => {
    expect(dependsOn('Base')).toEqual([]);
    expect(dependsOn('Pilot')).toEqual(['Base']);
    expect(dependsOn('Cni')).toEqual(['Base']);
    expect(dependsOn('Ztunnel')).toEqual(['Cni']);
    expect(dependsOn('IngressGateways')).toEqual(['Pilot']);
    expect(dependsOn('EgressGateways')).toEqual(['Pilot']);
  });

  it('labels like getOwnerLabels: revision default, owning resource only when named', () => {
    expect(
      ownerLabels({metadata: {namespace: 'istio-system'}, spec: {values: {}}}, 'Pilot', '1.31.0'),
    ).toEqual({
      'operator.istio.io/managed': 'Reconcile',
      'operator.istio.io/version': '1.31.0',
      'install.operator.istio.io/owning-resource-namespace': 'istio-system',
      'istio.io/rev': 'default',
      'operator.istio.io/component': 'Pilot',
    });
    expect(
      ownerLabels(
        {metadata: {name: 'x', namespace: 'n'}, spec: {values: {revision: 'canary'}}},
        'Base',
        '1.31.0',
      ),
    ).toMatchObject({'install.operator.istio.io/owning-resource': 'x', 'istio.io/rev': 'canary'});
  });
});
