/**
 * Taking over an installation another tool applied (`manifest generate | kubectl apply
 * --server-side`, field manager "kubectl"): verify-install -f checks it without touching it;
 * install lists it with its managers and asks; -y takes it over; uninstall --purge removes every
 * Istio-labelled object whoever applied it.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import Uninstall from '../../src/commands/uninstall.js';
import VerifyInstall from '../../src/commands/verify-install.js';
import {readInstalledState} from '../../src/cluster/installed-state.js';
import {installationFor} from '../../src/render/installation.js';
import {listLabelled, managedByMesh} from '../../src/cluster/inventory.js';
import {objectRef, type K8sObject} from '../../src/cluster/kinds.js';
import {waitForReady} from '../../src/cluster/readiness.js';
import {prepareInstall} from '../../src/install/prepare.js';
import {kubeconfig, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
let rendered: K8sObject[];
const withConfig = (argv: string[]) => [...argv, '--kubeconfig', kubeconfig()];
const install = (...argv: string[]) => runCommand(Install, withConfig(argv));
const uninstall = (...argv: string[]) => runCommand(Uninstall, withConfig(argv));
const verify = (...argv: string[]) => runCommand(VerifyInstall, withConfig(argv));
const iopFile = join(mkdtempSync(join(tmpdir(), 'mesh-takeover-')), 'iop.yaml');

/** What `kubectl apply --server-side` does with the rendered manifests: another field manager. */
async function kubectlApply(): Promise<void> {
  const phases = [
    rendered.filter((o) => o.kind === 'Namespace'),
    rendered.filter((o) => o.kind === 'CustomResourceDefinition'),
    rendered.filter((o) => o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition'),
  ];
  for (const phase of phases) {
    const applied = await Promise.all(
      phase.map(async (object) =>
        cluster.rest.send<K8sObject>({
          method: 'PATCH',
          path: await cluster.rest.pathOf(object),
          query: {fieldManager: 'kubectl', force: 'true'},
          body: object,
          contentType: 'application/apply-patch+yaml',
        }),
      ),
    );
    await waitForReady(cluster, applied, {timeoutMs: 120_000});
  }
}

const istioLabelled = async () => listLabelled(cluster, 'operator.istio.io/component');

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
  rendered = (await prepareInstall({})).objects;
  writeFileSync(
    iopFile,
    'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  profile: default\n',
  );
  await kubectlApply();
});
afterAll(async () => {
  await uninstall('--purge', '-y');
  await purgeMesh(cluster);
});

describe('taking over an installation applied with kubectl', () => {
  it('verify-install -f iop.yaml checks it without taking it over', async () => {
    const result = await verify('-f', iopFile);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Istio is installed and verified successfully');
    expect((await istioLabelled()).filter(managedByMesh)).toEqual([]);
  });

  it('install lists what it takes over with the current field managers, and asks first', async () => {
    const labelled = (await istioLabelled()).length;
    const result = await install();
    expect(result.exitCode).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe(
      `! mesh will take over ${labelled} objects another tool applied (current field managers):`,
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}Deployment\/istio-system\/istiod +kubectl$/));
    expect(result.stderr).toContain(
      'Error: This will install the Istio 1.31.0 profile "default" into the cluster. Proceed? (y/N) — cannot ask: standard input is not a terminal\n',
    );
    expect((await istioLabelled()).filter(managedByMesh)).toEqual([]);
  });

  it('-y takes it over: mesh manages every object, records the installed state, verify-install is clean', async () => {
    const result = await install('-y');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Installation complete');
    const notMesh = (await istioLabelled()).filter((o) => !managedByMesh(o)).map(objectRef);
    expect(notMesh).toEqual([]);
    expect(await readInstalledState(cluster, installationFor('default'))).toBeDefined();
    const verified = await verify();
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout.trimEnd().split('\n').at(-1)).toBe(
      '✔ Istio is installed and verified successfully',
    );
    // Converged: a second install has nothing to take over and asks nothing new.
    const again = await install('-y');
    expect(again.exitCode).toBe(0);
    expect(again.stderr).not.toContain('take over');
  });

  it('uninstall --purge removes every Istio-labelled object, whoever applied it', async () => {
    const purged = await uninstall('--purge', '-y');
    expect(purged.exitCode).toBe(0);
    expect(purged.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Uninstall complete');
    expect((await istioLabelled()).map(objectRef)).toEqual([]);

    // Applied by kubectl only, never seen by mesh: purge takes it all the same.
    await kubectlApply();
    const before = (await istioLabelled()).length;
    expect(before).toBeGreaterThan(30);
    const again = await uninstall('--purge', '-y');
    expect(again.exitCode).toBe(0);
    expect(again.stdout.split('\n').filter((l) => l.startsWith('  Removed '))).toHaveLength(before);
    expect((await istioLabelled()).map(objectRef)).toEqual([]);
  });
});
