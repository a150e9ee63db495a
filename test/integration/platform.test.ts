import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Precheck from '../../src/commands/precheck.js';
import {kubeconfig, testCluster, type TestCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const precheck = (...argv: string[]) => runCommand(Precheck, [...argv, '--kubeconfig', kubeconfig()]);
const NODE = 'platform-minikube';

beforeAll(async () => {
  cluster = await testCluster();
  // A node as minikube labels it (kwok keeps it Ready); nothing else about the cluster changes.
  await cluster.rest.send({
    method: 'POST',
    path: '/api/v1/nodes',
    body: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {name: NODE, labels: {'minikube.k8s.io/name': 'minikube'}},
    },
  });
});
afterAll(async () => {
  await cluster.rest.send({method: 'DELETE', path: `/api/v1/nodes/${NODE}`}).catch(() => undefined);
});

describe('platform pre-flight (istio-cni)', () => {
  it('warns that values.global.platform is unset on a minikube node', async () => {
    const result = await precheck('--set', 'components.cni.enabled=true');
    expect(result.stdout).toContain(
      `! [platform] the cluster looks like minikube (node ${NODE} has label minikube.k8s.io/name), but values.global.platform is unset\n` +
        "  hint: istio-cni needs minikube's paths: add --set values.global.platform=minikube\n",
    );
  });

  // With values.global.platform set there is no warning (unit-tested): today's values schema does not know the field yet.
  it('is quiet for installs without istio-cni', async () => {
    const plain = await precheck();
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).not.toContain('[platform]');
  });
});
