// clusterError's hints follow the cause: a write may be re-run, a read has nothing to re-run, a TLS failure is the kubeconfig's.
import {describe, expect, it} from 'vitest';
import {clusterError, ConnectionError} from '../../../src/cluster/failures.js';
import {RestError} from '../../../src/cluster/rest.js';

const internal = (method: string) =>
  new RestError(
    500,
    {reason: 'InternalError', message: 'etcd\nleader changed'},
    undefined,
    method,
    'https://k:6443',
  );

describe('clusterError', () => {
  it('a failed write says to re-run; a failed read does not', () => {
    const write = clusterError(internal('PATCH'), 'apply Deployment/istio-system/istiod');
    expect([write.message, write.hint]).toEqual([
      'failed to apply Deployment/istio-system/istiod: InternalError: etcd leader changed',
      're-run the command; it converges from any partial state',
    ]);
    const read = clusterError(internal('GET'), 'read Deployment/istio-system/istiod');
    expect([read.message, read.hint]).toEqual([
      'failed to read Deployment/istio-system/istiod: InternalError: etcd leader changed',
      undefined,
    ]);
  });

  it('a certificate the client cannot verify points at the kubeconfig, not at the network', () => {
    const tls = Object.assign(new Error('unable to verify the first certificate'), {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    const error = clusterError(new ConnectionError('GET', 'https://k:6443', tls), 'read x');
    expect([error.code, error.message, error.hint]).toEqual([
      'cluster-unreachable',
      'cluster unreachable: unable to verify the first certificate (server https://k:6443)',
      "check the cluster's certificate-authority and the user's client certificate and key in the kubeconfig",
    ]);
  });
});
