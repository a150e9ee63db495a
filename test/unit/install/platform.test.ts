import {describe, expect, it} from 'vitest';
import {detectPlatform, platformFindings} from '../../../src/install/platform.js';
import type {IstioOperator} from '../../../src/spec/types.js';

const node = (name: string, labels: {[key: string]: string} = {}, kubeletVersion = 'v1.36.3') => ({
  metadata: {name, labels},
  status: {nodeInfo: {kubeletVersion}},
});
const ambient = (platform?: string) =>
  ({
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: {},
    spec: {components: {cni: {enabled: true}}, values: platform ? {global: {platform}} : {}},
  }) as unknown as IstioOperator;

describe('platform pre-flight', () => {
  it('reads the platform from node labels, kubelet versions and the server version', () => {
    expect(detectPlatform([node('a', {'minikube.k8s.io/name': 'minikube'})])?.platform).toBe('minikube');
    expect(detectPlatform([node('a', {'microk8s.io/cluster': 'true'})])?.platform).toBe('microk8s');
    expect(detectPlatform([node('a', {'node.openshift.io/os_id': 'rhcos'})])?.platform).toBe('openshift');
    expect(detectPlatform([node('a', {}, 'v1.36.3+k3s1')])).toEqual({
      platform: 'k3s',
      evidence: 'node a runs kubelet v1.36.3+k3s1',
    });
    expect(detectPlatform([node('k3d-dev-server-0', {}, 'v1.36.3+k3s1')])?.platform).toBe('k3d');
    expect(detectPlatform([node('a')], 'v1.36.3-gke.100')?.platform).toBe('gke');
    expect(detectPlatform([node('a')], 'v1.36.3')).toBeUndefined();
  });

  it('warns only when CNI is installed and values.global.platform is unset', () => {
    const detected = detectPlatform([node('mk', {'minikube.k8s.io/name': 'minikube'})]);
    expect(platformFindings(ambient(), [], detected)).toEqual([
      {
        id: 'platform',
        severity: 'warning',
        message:
          'the cluster looks like minikube (node mk has label minikube.k8s.io/name), but values.global.platform is unset',
        hint: "istio-cni needs minikube's paths: add --set values.global.platform=minikube",
      },
    ]);
    expect(platformFindings(ambient('minikube'), [], detected)).toEqual([]);
    expect(platformFindings(ambient(), [], undefined)).toEqual([]);
    const noCni = {...ambient(), spec: {}} as unknown as IstioOperator;
    expect(platformFindings(noCni, [], detected)).toEqual([]);
  });
});
