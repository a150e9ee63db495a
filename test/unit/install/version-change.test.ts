import {describe, expect, it} from 'vitest';
import {imageTag, versionChange} from '../../../src/install/preflight.js';

const deployment = (image: string) => ({spec: {template: {spec: {containers: [{image}]}}}});

describe('the upgrade warning', () => {
  it('reads the tag of the first container image', () => {
    expect(imageTag(deployment('docker.io/istio/pilot:1.29.6'))).toBe('1.29.6');
    expect(imageTag(deployment('localhost:5000/istio/pilot:1.28.0-distroless'))).toBe('1.28.0-distroless');
    expect(imageTag(deployment('localhost:5000/istio/pilot'))).toBeUndefined();
    expect(imageTag({})).toBeUndefined();
  });

  it('compares releases numerically', () => {
    expect(versionChange('1.28.3', '1.29.6')).toEqual({direction: 'upgraded', from: '1.28.3', to: '1.29.6'});
    expect(versionChange('1.29.10', '1.29.6')).toEqual({
      direction: 'downgraded',
      from: '1.29.10',
      to: '1.29.6',
    });
    expect(versionChange('1.29.6', '1.29.6')).toBeUndefined();
    expect(versionChange('1.29.6-distroless', '1.29.6')).toBeUndefined();
    expect(versionChange('latest', '1.29.6')).toBeUndefined();
    expect(versionChange(undefined, '1.29.6')).toBeUndefined();
  });
});
