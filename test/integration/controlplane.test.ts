// The local control plane itself: kcm + scheduler + kwok make workloads real enough, the
// network namespace keeps every packet on loopback, and the binaries are the pinned version.
import {randomBytes} from 'node:crypto';
import {connect} from 'node:net';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';

const kubeconfig = inject('kubeconfig');
const bin = inject('controlPlaneBin');
const ns = `cp-test-${randomBytes(3).toString('hex')}`;

async function kubectl(...args: string[]): Promise<string> {
  const {stdout} = await execa(join(bin, 'kubectl'), [`--kubeconfig=${kubeconfig}`, ...args]);
  return stdout;
}

describe('local control plane', () => {
  beforeAll(async () => {
    await kubectl('create', 'namespace', ns);
  });
  afterAll(async () => {
    await kubectl('delete', 'namespace', ns, '--wait=false', '--ignore-not-found');
  });

  it('runs a Deployment to Available and removes its pods when it is deleted', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'web', namespace: ns},
      spec: {
        replicas: 2,
        selector: {matchLabels: {app: 'web'}},
        template: {
          metadata: {labels: {app: 'web'}},
          spec: {containers: [{name: 'web', image: 'registry.k8s.io/pause:3.10'}]},
        },
      },
    };
    await execa(join(bin, 'kubectl'), [`--kubeconfig=${kubeconfig}`, 'apply', '-f', '-'], {
      input: JSON.stringify(deployment),
    });
    await kubectl('wait', '-n', ns, '--for=condition=Available', 'deployment/web', '--timeout=60s');
    const pods = JSON.parse(await kubectl('get', 'pods', '-n', ns, '-l', 'app=web', '-o', 'json')) as {
      items: {status: {phase: string; podIP?: string}; spec: {nodeName?: string}}[];
    };
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.status.phase).toBe('Running');
      expect(pod.spec.nodeName).toBe('kwok-node-0');
    }

    await kubectl('delete', 'deployment', 'web', '-n', ns, '--wait=true', '--timeout=60s');
    await kubectl('wait', '-n', ns, '--for=delete', 'pod', '-l', 'app=web', '--timeout=60s');
    expect(await kubectl('get', 'pods', '-n', ns, '-l', 'app=web', '-o', 'name')).toBe('');
  });

  it('runs in a network namespace where a Service IP is unreachable at once', async () => {
    expect(process.env.MESH_NETNS).toBe('1');
    const started = Date.now();
    const code = await new Promise<string | undefined>((resolve) => {
      const socket = connect({host: '10.0.0.1', port: 443, timeout: 2000});
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('timeout', () => {
        socket.destroy();
        resolve('timeout');
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code));
    });
    expect(code).toBe('ENETUNREACH');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('uses kube-apiserver v1.36.3', async () => {
    const {stdout} = await execa(join(bin, 'kube-apiserver'), ['--version']);
    expect(stdout.trim()).toBe('Kubernetes v1.36.3');
  });
});
