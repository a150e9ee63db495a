// The local control plane itself: kcm + scheduler + kwok make workloads real enough, the
// network namespace keeps every packet on loopback, and the binaries are the pinned version.
import {randomBytes} from 'node:crypto';
import {existsSync} from 'node:fs';
import {connect} from 'node:net';
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest';
import {startControlPlane} from '../support/controlplane.js';

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

  it('establishes a CRD and validates custom resources against its schema', async () => {
    const group = 'cptest.mesh.example';
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {name: `widgets.${group}`},
      spec: {
        group,
        scope: 'Namespaced',
        names: {kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList'},
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    required: ['size'],
                    properties: {size: {type: 'integer', minimum: 1}},
                  },
                },
              },
            },
          },
        ],
      },
    };
    await execa(join(bin, 'kubectl'), [`--kubeconfig=${kubeconfig}`, 'apply', '-f', '-'], {
      input: JSON.stringify(crd),
    });
    await kubectl('wait', '--for=condition=Established', `crd/widgets.${group}`, '--timeout=30s');
    try {
      const widget = (size: unknown) =>
        JSON.stringify({
          apiVersion: `${group}/v1`,
          kind: 'Widget',
          metadata: {name: `w${String(size)}`, namespace: ns},
          spec: {size},
        });
      await execa(join(bin, 'kubectl'), [`--kubeconfig=${kubeconfig}`, 'create', '-f', '-'], {
        input: widget(3),
      });
      expect(await kubectl('get', 'widgets', '-n', ns, '-o', 'jsonpath={.items[*].spec.size}')).toBe('3');
      const rejected = await execa(
        join(bin, 'kubectl'),
        [`--kubeconfig=${kubeconfig}`, 'create', '-f', '-'],
        {input: widget('big'), reject: false},
      );
      expect(rejected.exitCode).not.toBe(0);
      expect(rejected.stderr).toContain(
        'spec.size: Invalid value: "string": spec.size in body must be of type integer',
      );
      const tooSmall = await execa(
        join(bin, 'kubectl'),
        [`--kubeconfig=${kubeconfig}`, 'create', '-f', '-'],
        {input: widget(0), reject: false},
      );
      expect(tooSmall.stderr).toContain('spec.size in body should be greater than or equal to 1');
    } finally {
      await kubectl('delete', 'crd', `widgets.${group}`, '--wait=false');
    }
  });

  it('server-side apply through @kubernetes/client-node creates, updates, and reports a conflict to another manager', async () => {
    const k8s = await import('@kubernetes/client-node');
    const config = new k8s.KubeConfig();
    config.loadFromFile(kubeconfig);
    const objects = k8s.KubernetesObjectApi.makeApiClient(config);
    const configMap = (value: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {name: 'ssa', namespace: ns},
      data: {key: value},
    });
    const apply = (value: string, manager: string, force: boolean) =>
      objects.patch(
        configMap(value),
        undefined,
        undefined,
        manager,
        force,
        k8s.PatchStrategy.ServerSideApply,
      );

    const created = await apply('one', 'mesh-test', false);
    expect((created as {data?: {key?: string}}).data?.key).toBe('one');
    const updated = await apply('two', 'mesh-test', false);
    expect((updated as {data?: {key?: string}}).data?.key).toBe('two');
    const managers = (
      updated as {metadata?: {managedFields?: {manager?: string}[]}}
    ).metadata?.managedFields?.map((f) => f.manager);
    expect(managers).toEqual(['mesh-test']);

    const conflict = await apply('three', 'someone-else', false).then(
      () => undefined,
      (error: {code?: number; body?: unknown}) => error,
    );
    expect(conflict?.code).toBe(409);
    const status = (typeof conflict?.body === 'string' ? JSON.parse(conflict.body) : conflict?.body) as {
      message?: string;
    };
    expect(status.message).toBe('Apply failed with 1 conflict: conflict with "mesh-test": .data.key');
    expect(await kubectl('get', 'configmap', 'ssa', '-n', ns, '-o', 'jsonpath={.data.key}')).toBe('two');
  });

  it('reports a crashed component with the tail of its log, and stop ends exactly the processes it started', async () => {
    const second = await startControlPlane({binDir: bin});
    const pids = Object.values(second.pids);
    expect(Object.keys(second.pids).sort()).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kwok',
    ]);
    process.kill(second.pids.kwok!, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(() => second.assertAlive()).toThrow(
      /control plane component kwok exited \(signal SIGKILL\) before stop; last lines of its log:\n/,
    );
    await expect(second.stop()).rejects.toThrow(/component kwok exited/);
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
    expect(existsSync(second.dir)).toBe(false);
  });

  it('uses kube-apiserver v1.36.3', async () => {
    const {stdout} = await execa(join(bin, 'kube-apiserver'), ['--version']);
    expect(stdout.trim()).toBe('Kubernetes v1.36.3');
  });
});
