// One install at a time per revision: the Lease mesh-install-<revision> in the install namespace.
// Concurrent runs are real child processes of the built CLI (run `npm run build` first).
import {hostname} from 'node:os';
import {join} from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import Uninstall from '../../src/commands/uninstall.js';
import {kubeconfig, ownedVersions, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {ROOT, runCommand} from '../support/run-command.js';

const CLI = join(ROOT, 'bin', 'run.js');
const LEASES = '/apis/coordination.k8s.io/v1/namespaces/istio-system/leases';
const LOCK = 'mesh-install-default';
let cluster: TestCluster;

interface Lease {
  metadata: {name: string; resourceVersion?: string};
  spec?: {holderIdentity?: string; renewTime?: string};
}

async function readLease(): Promise<Lease | undefined> {
  try {
    return await cluster.rest.send<Lease>({method: 'GET', path: `${LEASES}/${LOCK}`});
  } catch (error) {
    if ((error as {code?: number}).code === 404) return undefined;
    throw error;
  }
}

async function createLease(spec: Record<string, unknown>): Promise<Lease> {
  return cluster.rest.send<Lease>({
    method: 'POST',
    path: LEASES,
    body: {apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: {name: LOCK}, spec},
  });
}

async function deleteLease(): Promise<void> {
  await cluster.rest.send({method: 'DELETE', path: `${LEASES}/${LOCK}`}).catch(() => undefined);
}

const microTime = (date: Date) => date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function spawnInstall(sampling: number): ResultPromise<{all: true; reject: false}> {
  return execa(
    CLI,
    [
      'install',
      '-y',
      '--set',
      'profile=minimal',
      '--set',
      `values.pilot.traceSampling=${sampling}`,
      '--kubeconfig',
      kubeconfig(),
    ],
    {all: true, reject: false},
  );
}

async function istiodSampling(): Promise<string | undefined> {
  const istiod = await cluster.apps.readNamespacedDeployment({name: 'istiod', namespace: 'istio-system'});
  return istiod.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === 'PILOT_TRACE_SAMPLING')
    ?.value;
}

async function recordedSampling(): Promise<unknown> {
  const state = (await cluster.objects.read({
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: {name: 'installed-state', namespace: 'istio-system'},
  } as never)) as {spec: {values?: {pilot?: {traceSampling?: unknown}}}};
  return state.spec.values?.pilot?.traceSampling;
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
  await deleteLease();
  const first = await spawnInstall(1);
  expect(first.exitCode, first.all).toBe(0);
});
afterAll(async () => {
  await deleteLease();
  await purgeMesh(cluster);
});

describe('the install lock', () => {
  it('two concurrent installs run one after the other; the installed state is what the cluster runs', async () => {
    const first = spawnInstall(11);
    // Once the first holds the lock, it is paused so the second surely finds the lock held.
    await until('the first install to hold the lock', async () =>
      ((await readLease())?.spec?.holderIdentity ?? '').startsWith(`${hostname()}/${first.pid}/`),
    );
    first.kill('SIGSTOP');
    let second: ReturnType<typeof spawnInstall>;
    let secondOutput = '';
    try {
      second = spawnInstall(22);
      second.all.on('data', (chunk: Buffer) => (secondOutput += chunk.toString()));
      await until(
        'the second install to wait',
        () => secondOutput.includes('- Waiting for the install lock'),
        20_000,
      );
    } finally {
      first.kill('SIGCONT');
    }
    const [a, b] = await Promise.all([first, second]);
    expect(a.exitCode, a.all).toBe(0);
    expect(b.exitCode, b.all).toBe(0);
    expect(a.all).not.toContain('Waiting for the install lock');
    const waiting = b.all.split('\n').filter((line) => line.includes('Waiting for the install lock'));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatch(
      new RegExp(
        `^- Waiting for the install lock ${LOCK} held by ${hostname().replaceAll('.', '\\.')}/${first.pid} since \\d\\d:\\d\\d:\\d\\d UTC \\(--wait-lock=false to fail at once\\)$`,
      ),
    );
    // The last finisher's spec is both what istiod runs and what was recorded.
    expect(await istiodSampling()).toBe('22');
    expect(await recordedSampling()).toBe(22);
    expect(await readLease()).toBeUndefined();
  });

  it('--wait-lock=false fails at once while another run holds it, and writes nothing', async () => {
    await createLease({
      holderIdentity: 'build-host/4242/2026-12-02T00:01:02.000Z',
      leaseDurationSeconds: 3600,
      acquireTime: '2026-12-02T00:01:02.000000Z',
      renewTime: microTime(new Date()),
    });
    try {
      const before = await ownedVersions(cluster);
      const lease = await readLease();
      const started = Date.now();
      const result = await runCommand(Install, [
        '-y',
        '--wait-lock=false',
        '--set',
        'profile=minimal',
        '--set',
        'values.pilot.traceSampling=33',
        '--kubeconfig',
        kubeconfig(),
      ]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        'Error: another mesh install of revision "default" is running (held by build-host/4242 since 00:01:02 UTC)',
      );
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(await ownedVersions(cluster)).toEqual(before);
      expect((await readLease())?.metadata.resourceVersion).toBe(lease?.metadata.resourceVersion);

      // uninstall takes the same lock.
      const uninstall = await runCommand(Uninstall, [
        '-y',
        '-r',
        'default',
        '--wait-lock=false',
        '--kubeconfig',
        kubeconfig(),
      ]);
      expect(uninstall.exitCode).toBe(1);
      expect(uninstall.stderr).toContain(
        'Error: another mesh install of revision "default" is running (held by build-host/4242 since 00:01:02 UTC)',
      );
      expect(await ownedVersions(cluster)).toEqual(before);
    } finally {
      await deleteLease();
    }
  });

  it('takes over a Lease whose holder stopped renewing, and leaves none behind', async () => {
    const stale = new Date(Date.now() - 3600_000);
    await createLease({
      holderIdentity: `crashed-host/7/${stale.toISOString()}`,
      leaseDurationSeconds: 30,
      acquireTime: microTime(stale),
      renewTime: microTime(stale),
    });
    const result = await spawnInstall(44);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).not.toContain('Waiting for the install lock');
    expect(await istiodSampling()).toBe('44');
    expect(await recordedSampling()).toBe(44);
    expect(await readLease()).toBeUndefined();
  });
});
