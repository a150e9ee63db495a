import {describe, expect, it} from 'vitest';
import {kubernetesVersionFinding, MIN_KUBERNETES_MINOR} from '../../../src/install/preflight.js';

describe('the Kubernetes version check reads the gitVersion as istioctl does', () => {
  it.each([
    ['v1.36.3', 'ok'],
    [`v1.${MIN_KUBERNETES_MINOR}.0`, 'ok'],
    ['v1.31.4-eks-2d5f260', 'ok'],
    ['v1.30.5-gke.1014001', 'ok'],
    ['v2.0.0', 'ok'],
    ['v1.29.15', 'warning'],
    // A provider's "minor": "29+" once read as 29 through parseInt; the gitVersion says the same.
    ['v1.29.8-eks-a737599', 'warning'],
    ['v1.9.11', 'warning'],
  ])('%s → %s', (gitVersion, severity) => {
    expect(kubernetesVersionFinding(gitVersion).severity).toBe(severity);
  });

  it('names the version and the minimum', () => {
    expect(kubernetesVersionFinding('v1.29.0')).toEqual({
      id: 'cluster.version',
      severity: 'warning',
      message: `The Kubernetes version v1.29.0 is not supported; the minimum is 1.${MIN_KUBERNETES_MINOR}. Proceeding anyway.`,
      hint: 'upgrade the cluster to a supported version',
    });
    expect(kubernetesVersionFinding('v1.36.3')).toEqual({
      id: 'cluster.version',
      severity: 'ok',
      message: 'Kubernetes v1.36.3 is supported',
    });
  });
});
