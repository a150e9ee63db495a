/**
 * The ambient cycle: install --set profile=ambient (Base, istiod, istio-cni, ztunnel in
 * istioctl's order, both DaemonSets ready through kwok), verify-install, uninstall. Runs once
 * mesh renders Istio's own charts (the ambient profile ships with them).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import Uninstall from '../../src/commands/uninstall.js';
import VerifyInstall from '../../src/commands/verify-install.js';
import {readObject} from '../../src/cluster/apply.js';
import {readInstalledState} from '../../src/cluster/installed-state.js';
import {installationFor} from '../../src/render/installation.js';
import {listLabelled} from '../../src/cluster/inventory.js';
import type {K8sObject} from '../../src/cluster/kinds.js';
import {listProfiles} from '../../src/spec/profiles.js';
import {kubeconfig, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const withConfig = (argv: string[]) => [...argv, '--kubeconfig', kubeconfig()];
const install = (...argv: string[]) => runCommand(Install, withConfig(argv));
const uninstall = (...argv: string[]) => runCommand(Uninstall, withConfig(argv));
const verify = (...argv: string[]) => runCommand(VerifyInstall, withConfig(argv));

type DaemonSet = K8sObject & {status?: {desiredNumberScheduled?: number; numberReady?: number}};
const daemonSet = async (name: string, namespace = 'istio-system') =>
  (await readObject(cluster, {apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name, namespace}})) as
    DaemonSet | undefined;

describe.runIf(listProfiles().includes('ambient'))('ambient install, verify, uninstall', () => {
  beforeAll(async () => {
    cluster = await testCluster();
    await purgeMesh(cluster);
  });
  afterAll(async () => purgeMesh(cluster));

  it('install waits for istio-cni-node and ztunnel, in istioctl order, and records the state', async () => {
    const result = await install('-y', '--set', 'profile=ambient');
    expect(result.exitCode).toBe(0);
    const done = result.stdout.split('\n').filter((line) => line.startsWith('✔ '));
    // Base first; CNI after Base, Ztunnel after CNI (istioctl's graph).
    expect(done[0]).toBe('✔ Istio core installed');
    expect(done.indexOf('✔ Ztunnel installed')).toBeGreaterThan(done.indexOf('✔ CNI installed'));
    expect(done.at(-1)).toBe('✔ Installation complete');
    for (const name of ['istio-cni-node', 'ztunnel']) {
      const live = await daemonSet(name);
      expect(live?.status?.desiredNumberScheduled).toBeGreaterThan(0);
      expect(live?.status?.numberReady).toBe(live?.status?.desiredNumberScheduled);
    }
    expect(await readInstalledState(cluster, installationFor('default'))).toBeDefined();
  });

  it('verify-install checks both DaemonSets', async () => {
    const result = await verify();
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Checked 2 Istio Daemonsets\n');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Istio is installed and verified successfully');
  });

  it('uninstall removes them; --purge leaves no Istio-labelled object', async () => {
    const result = await uninstall('-r', 'default', '-y');
    expect(result.exitCode).toBe(0);
    expect(await daemonSet('istio-cni-node')).toBeUndefined();
    expect(await daemonSet('ztunnel')).toBeUndefined();
    expect((await uninstall('--purge', '-y')).exitCode).toBe(0);
    expect(await listLabelled(cluster, 'operator.istio.io/component')).toEqual([]);
  });
});
