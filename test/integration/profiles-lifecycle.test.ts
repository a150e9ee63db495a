/**
 * Istio 1.31.0's own profiles on the local control plane, each through the whole cycle a user
 * runs: install (every component ready), verify-install clean, uninstall --purge leaving no
 * object with Istio's component label. (The ambient profile has its own file.)
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import Uninstall from '../../src/commands/uninstall.js';
import VerifyInstall from '../../src/commands/verify-install.js';
import {readInstalledState} from '../../src/cluster/installed-state.js';
import {installationFor} from '../../src/render/installation.js';
import {listLabelled, listOwned} from '../../src/cluster/inventory.js';
import {objectKey} from '../../src/cluster/kinds.js';
import {prepareInstall} from '../../src/install/prepare.js';
import {kubeconfig, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const withConfig = (argv: string[]) => [...argv, '--kubeconfig', kubeconfig()];

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
});
afterAll(async () => purgeMesh(cluster));

describe.each(['default', 'demo', 'minimal'])('the %s profile', (profile) => {
  it('installs every rendered object, verifies clean, and uninstalls to nothing', async () => {
    const install = await runCommand(Install, withConfig(['-y', '--set', `profile=${profile}`]));
    expect(install.exitCode, install.stderr).toBe(0);
    expect(install.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Installation complete');

    // What the cluster holds under mesh's owner labels is exactly what mesh renders (Namespaces aside).
    const plan = await prepareInstall({sets: [`profile=${profile}`]});
    const rendered = plan.objects.filter((o) => o.kind !== 'Namespace').map(objectKey);
    const owned = (await listOwned(cluster, plan.installation.ownerSelector))
      .filter((o) => o.kind !== 'IstioOperator') // the installed-state record
      .map(objectKey);
    expect(owned.sort()).toEqual(rendered.sort());
    expect((await readInstalledState(cluster, installationFor('default')))?.spec?.profile).toBe(profile);

    const verify = await runCommand(VerifyInstall, withConfig([]));
    expect(verify.exitCode, verify.stdout).toBe(0);
    expect(verify.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Istio is installed and verified successfully');

    const uninstall = await runCommand(Uninstall, withConfig(['--purge', '-y']));
    expect(uninstall.exitCode, uninstall.stderr).toBe(0);
    expect(await listLabelled(cluster, 'operator.istio.io/component')).toEqual([]);
    expect(await readInstalledState(cluster, installationFor('default'))).toBeUndefined();
  });
});

describe('a profile rendering a kind the cluster does not serve', () => {
  it('openshift without Multus stops at pre-flight naming NetworkAttachmentDefinition; nothing is written', async () => {
    const install = await runCommand(Install, withConfig(['-y', '--set', 'profile=openshift']));
    expect(install.exitCode).toBe(1);
    expect(install.stdout).toBe('');
    expect(install.stderr).toBe(
      [
        '✘ [cluster.kinds] the cluster does not serve NetworkAttachmentDefinition (k8s.cni.cncf.io/v1), which the Cni component renders (NetworkAttachmentDefinition/default/istio-cni), and no CRD in this install defines it',
        "  hint: install Multus first (OpenShift runs it by default), or pass --set values.cni.provider=default to chain Istio's CNI plugin without it",
        'Error: pre-flight checks failed; nothing was written',
        '  hint: fix the findings above and re-run',
        '',
      ].join('\n'),
    );
    expect(await listLabelled(cluster, 'operator.istio.io/component')).toEqual([]);
    expect(await readInstalledState(cluster, installationFor('default'))).toBeUndefined();
  });
});
