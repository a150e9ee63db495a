import {describe, expect, it} from 'vitest';
import {dependsOn} from '../../../src/render/istio/install-graph.js';

describe("istioctl's install graph", () => {
  it('orders components as istioctl 1.31 does', () => {
    expect(dependsOn('Base')).toEqual([]);
    expect(dependsOn('Pilot')).toEqual(['Base']);
    expect(dependsOn('Cni')).toEqual(['Base']);
    expect(dependsOn('Ztunnel')).toEqual(['Cni']);
    expect(dependsOn('IngressGateways')).toEqual(['Pilot']);
    expect(dependsOn('EgressGateways')).toEqual(['Pilot']);
  });
});
