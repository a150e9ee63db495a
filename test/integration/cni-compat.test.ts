/**
 * istioctl's CNI incompatibility check on the local control plane: a Cilium configuration with
 * socket load balancing outside the host namespace stops install and precheck before anything
 * is written; --force installs with the finding as a warning.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import Precheck from '../../src/commands/precheck.js';
import {listLabelled} from '../../src/cluster/inventory.js';
import {kubeconfig, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const withConfig = (argv: string[]) => [...argv, '--kubeconfig', kubeconfig()];
const CILIUM = {name: 'cilium-config', namespace: 'kube-system'};
const MESSAGE =
  "detected Cilium CNI with 'bpf-lb-sock=true'; this requires 'bpf-lb-sock-hostns-only=true' to be set";

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
  await cluster.core.createNamespacedConfigMap({
    namespace: CILIUM.namespace,
    body: {metadata: {name: CILIUM.name}, data: {'bpf-lb-sock': 'true'}},
  });
});
afterAll(async () => {
  await cluster.core.deleteNamespacedConfigMap(CILIUM).catch(() => undefined);
  await purgeMesh(cluster);
});

describe('a CNI configured against Istio', () => {
  it('stops install before any write, in istioctl words', async () => {
    const install = await runCommand(Install, withConfig(['-y', '--set', 'profile=minimal']));
    expect(install.exitCode).toBe(1);
    expect(install.stdout).toBe('');
    expect(install.stderr).toBe(
      [
        `✘ [cni.compatibility] ${MESSAGE}`,
        '  hint: change the CNI setting named above, then re-run',
        'Error: pre-flight checks failed; nothing was written',
        '  hint: fix the findings above and re-run',
        '',
      ].join('\n'),
    );
    expect(await listLabelled(cluster, 'operator.istio.io/component')).toEqual([]);
  });

  it('is an error in precheck too', async () => {
    const precheck = await runCommand(Precheck, withConfig(['--set', 'profile=minimal']));
    expect(precheck.exitCode).toBe(1);
    expect(precheck.stdout).toBe(
      `✘ [cni.compatibility] ${MESSAGE}\n  hint: change the CNI setting named above, then re-run\n`,
    );
    expect(precheck.stderr).toBe(
      'Error: 1 error and 0 warnings found when checking the cluster\n  hint: fix the errors above and re-run `mesh precheck`\n',
    );
  });

  it('--force installs, with the finding as a warning', async () => {
    const install = await runCommand(Install, withConfig(['-y', '--force', '--set', 'profile=minimal']));
    expect(install.exitCode, install.stderr).toBe(0);
    expect(install.stderr).toContain(`! [cni.compatibility] ${MESSAGE}; continuing because of --force\n`);
    expect(install.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Installation complete');
  });
});
