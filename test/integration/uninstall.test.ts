import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import Uninstall from '../../src/commands/uninstall.js';
import VerifyInstall from '../../src/commands/verify-install.js';
import {readObject} from '../../src/cluster/apply.js';
import {listOwned} from '../../src/cluster/inventory.js';
import {KINDS, objectRef, type K8sObject} from '../../src/cluster/kinds.js';
import {kubeconfig, ownedVersions, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {underCollection} from '../support/gc.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const withConfig = (argv: string[]) => [...argv, '--kubeconfig', kubeconfig()];
const install = (...argv: string[]) => runCommand(Install, withConfig(argv));
const uninstall = (...argv: string[]) => runCommand(Uninstall, withConfig(argv));
const verify = (...argv: string[]) => runCommand(VerifyInstall, withConfig(argv));
const MANAGED = 'operator.istio.io/managed=Reconcile';

const installedState = (name: string): K8sObject => ({
  apiVersion: 'install.istio.io/v1alpha1',
  kind: 'IstioOperator',
  metadata: {name, namespace: 'istio-system'},
});

/** `Kind/ns/name` of the `  Removed …` (or `  Would remove …`) lines, in printed order. */
function removed(stdout: string, verb = 'Removed'): string[] {
  const prefix = `  ${verb} `;
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length, -1));
}

/** True when the refs' kinds appear in the fixed deletion order (KINDS, then the installed state, then CRDs). */
function inDeletionOrder(refs: string[]): boolean {
  const rank = (ref: string) => {
    const kind = ref.split('/')[0]!;
    if (kind === 'CustomResourceDefinition') return KINDS.length + 1;
    if (kind === 'IstioOperator') return KINDS.length;
    return KINDS.findIndex((k) => k.kind === kind);
  };
  return refs.every((ref, i) => i === 0 || rank(refs[i - 1]!) <= rank(ref));
}

async function configMap(name: string, labels: {[key: string]: string} = {}): Promise<void> {
  await cluster.rest.send({
    method: 'POST',
    path: '/api/v1/namespaces/istio-system/configmaps',
    query: {fieldManager: 'someone-else'},
    body: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {name, namespace: 'istio-system', labels},
      data: {a: 'b'},
    },
  });
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
  expect((await install('-y')).exitCode).toBe(0);
  expect((await install('-y', '-r', 'canary', '--set', 'profile=minimal')).exitCode).toBe(0);
});
afterAll(async () => {
  for (const name of ['not-mine', 'labelled-not-mine']) {
    await cluster.core.deleteNamespacedConfigMap({name, namespace: 'istio-system'}).catch(() => undefined);
  }
  await purgeMesh(cluster);
});

describe('mesh uninstall', () => {
  it('without --purge, -r or -f is istioctl error', async () => {
    const before = await ownedVersions(cluster);
    const result = await uninstall();
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Error: at least one of the --revision (or --set revision=<revision>), --filename or --purge flags must be set\n' +
        '  hint: e.g. mesh uninstall -r canary, or mesh uninstall --purge\n',
    );
    expect(await ownedVersions(cluster)).toEqual(before);
  });

  it('--dry-run lists what would go and deletes nothing', async () => {
    const before = await ownedVersions(cluster);
    const canary = await uninstall('-r', 'canary', '--dry-run');
    expect(canary.exitCode).toBe(0);
    const wouldGo = removed(canary.stdout, 'Would remove');
    expect(wouldGo).toContain('Deployment/istio-system/istiod-canary');
    expect(wouldGo).toContain('IstioOperator/istio-system/installed-state-canary');
    expect(wouldGo.filter((ref) => ref.startsWith('CustomResourceDefinition/'))).toEqual([]);
    expect(canary.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Dry run complete: nothing was removed');

    // -f: the revision (and namespace) come from the composed IstioOperator.
    const file = join(mkdtempSync(join(tmpdir(), 'mesh-uninstall-')), 'canary.yaml');
    writeFileSync(
      file,
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  revision: canary\n',
    );
    const fromFile = await uninstall('-f', file, '--dry-run');
    expect(fromFile.exitCode).toBe(0);
    expect(removed(fromFile.stdout, 'Would remove')).toEqual(wouldGo);

    const purge = await uninstall('--purge', '--dry-run');
    expect(purge.exitCode).toBe(0);
    const all = removed(purge.stdout, 'Would remove');
    expect(all).toHaveLength(before.size);
    expect(inDeletionOrder(all)).toBe(true);
    expect(all.at(-1)).toMatch(/^CustomResourceDefinition\//);
    expect(await ownedVersions(cluster)).toEqual(before);
  });

  it('without a terminal and without -y it refuses at once and deletes nothing', async () => {
    const before = await ownedVersions(cluster);
    const result = await uninstall('-r', 'canary');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: This will remove the \d+ objects of revision canary\. Proceed\? \(y\/N\) — cannot ask: standard input is not a terminal\n/,
    );
    expect(result.stderr).toContain('hint: pass -y');
    expect(await ownedVersions(cluster)).toEqual(before);
  });

  it('-r canary removes that revision only: Base and the default revision stay, verify-install passes', async () => {
    const canaryObjects = (
      await listOwned(cluster, `install.operator.istio.io/owning-resource=installed-state-canary`)
    )
      .filter((o) => o.metadata.labels?.['operator.istio.io/component'] !== 'Base')
      .map(objectRef);
    // A workload injected by the canary revision keeps running without its control plane: a warning.
    // (Created as if already injected: `inject: false` keeps the unreachable canary injector out.)
    const pod = {
      metadata: {
        name: 'app-with-canary-proxy',
        namespace: 'default',
        labels: {'istio.io/rev': 'canary', 'sidecar.istio.io/inject': 'false'},
      },
    };
    const containers = [
      {name: 'app', image: 'app'},
      {name: 'istio-proxy', image: 'proxyv2'},
    ];
    await cluster.core.createNamespacedPod({namespace: 'default', body: {...pod, spec: {containers}}});
    let result;
    try {
      result = await uninstall('-r', 'canary', '-y');
    } finally {
      await cluster.core.deleteNamespacedPod({
        name: pod.metadata.name,
        namespace: 'default',
        gracePeriodSeconds: 0,
      });
    }
    expect(result.stderr).toBe('! There is still 1 proxy pointing to the control plane revision canary\n');
    expect(result.exitCode).toBe(0);
    const gone = removed(result.stdout);
    expect(gone).toContain('Deployment/istio-system/istiod-canary');
    expect(gone).toContain('MutatingWebhookConfiguration/istio-sidecar-injector-canary');
    expect(gone.at(-1)).toBe('IstioOperator/istio-system/installed-state-canary');
    expect(gone).toHaveLength(canaryObjects.length + 1);
    expect(inDeletionOrder(gone)).toBe(true);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Uninstall complete');

    expect(await readObject(cluster, installedState('installed-state-canary'))).toBeUndefined();
    const left = await listOwned(cluster, 'istio.io/rev=canary');
    expect(
      left.filter((o) => o.metadata.labels?.['operator.istio.io/component'] !== 'Base').map(objectRef),
    ).toEqual([]);
    expect(await readObject(cluster, installedState('installed-state'))).toBeDefined();
    const check = await verify();
    expect(check.exitCode, check.stdout).toBe(0);
    expect(check.stdout).toContain('✔ Istio is installed and verified successfully');
  });

  it('--purge removes everything mesh owns, CRDs included, and nothing else; -r is ignored with a warning', async () => {
    await configMap('not-mine');
    // Carries mesh's labels but was never applied by mesh: not mesh's.
    await configMap('labelled-not-mine', {
      'operator.istio.io/managed': 'Reconcile',
      'istio.io/rev': 'default',
    });
    const owned = await ownedVersions(cluster);
    const result = await uninstall('--purge', '-r', 'canary', '-y');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      '! Purge uninstall will remove all Istio resources, ignoring the specified revision or operator file\n',
    );
    expect(result.stderr).toContain('deletes all Istio configuration');
    expect(result.stderr).not.toContain('proxies');
    const gone = removed(result.stdout);
    expect(gone).toHaveLength(owned.size);
    expect(inDeletionOrder(gone)).toBe(true);
    expect(gone).toContain('CustomResourceDefinition/virtualservices.networking.istio.io');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Uninstall complete');

    expect(await listOwned(cluster, MANAGED)).toEqual([]);
    const crds = await cluster.rest.send<{items: K8sObject[]}>({
      method: 'GET',
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    });
    expect(crds.items.map((crd) => crd.metadata.name).filter((name) => name.endsWith('.istio.io'))).toEqual(
      [],
    );
    for (const name of ['not-mine', 'labelled-not-mine']) {
      await expect(
        cluster.core.readNamespacedConfigMap({name, namespace: 'istio-system'}),
      ).resolves.toBeTruthy();
    }
    const after = await verify();
    expect(after.stdout).toBe('');
    expect(after.stderr).toBe(
      'Error: no Istio installation found\n  hint: no installed state for revision "default"; install with `mesh install`, or pass -f\n',
    );
  });

  it('an object that outlives --timeout ends the uninstall naming it and its finalizer; a re-run converges', async () => {
    expect((await install('-y', '--set', 'profile=minimal')).exitCode).toBe(0);
    const held = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'istio', namespace: 'istio-system'}};
    const hold = (finalizers: string[] | null) =>
      cluster.rest.send({
        method: 'PATCH',
        path: '/api/v1/namespaces/istio-system/configmaps/istio',
        query: {fieldManager: 'someone-else'},
        contentType: 'application/merge-patch+json',
        body: {metadata: {finalizers}},
      });
    await hold(['example.com/hold']);
    // Collections while it waits: the deadline must fire however little refers to it.
    const stalled = await underCollection(uninstall('--purge', '-y', '--timeout', '2s'));
    expect(stalled.exitCode).toBe(1);
    expect(stalled.stderr.split('\n').filter((line) => line.startsWith('Error:'))).toEqual([
      'Error: not deleted within 2s: ConfigMap/istio-system/istio still present (finalizers: example.com/hold)',
    ]);
    expect(await readObject(cluster, held)).toBeDefined();

    await hold(null);
    const rerun = await uninstall('--purge', '-y');
    expect(rerun.exitCode).toBe(0);
    expect(rerun.stdout.trimEnd().split('\n').at(-1)).toBe('✔ Uninstall complete');
    expect(await listOwned(cluster, MANAGED)).toEqual([]);
    expect(await readObject(cluster, held)).toBeUndefined();
  });
});
