import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import yaml from 'js-yaml';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import ManifestGenerate from '../../src/commands/manifest/generate.js';
import VerifyInstall from '../../src/commands/verify-install.js';
import {deleteObject, readObject} from '../../src/cluster/apply.js';
import {objectKey, type K8sObject} from '../../src/cluster/kinds.js';
import {waitForDeletion, waitForReady} from '../../src/cluster/readiness.js';
import {prepareInstall} from '../../src/install/prepare.js';
import {kubeconfig, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const dir = mkdtempSync(join(tmpdir(), 'mesh-verify-'));
const verify = (...argv: string[]) => runCommand(VerifyInstall, [...argv, '--kubeconfig', kubeconfig()]);
const install = (...argv: string[]) => runCommand(Install, [...argv, '--kubeconfig', kubeconfig()]);
const NOT_INSTALLED =
  'Error: no Istio installation found\n  hint: no installed state for revision "default"; install with `mesh install`, or pass -f\n';
const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const deployment = (name: string): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name, namespace: 'istio-system'},
});

/** A change by another field manager, as `kubectl patch` makes it (strategic merge: lists merge by name). */
async function patchAsKubectl(object: K8sObject, patch: unknown): Promise<void> {
  const path = await cluster.rest.pathOf(object);
  await cluster.rest.send({
    method: 'PATCH',
    path,
    query: {fieldManager: 'kubectl-patch'},
    body: patch,
    contentType: 'application/strategic-merge-patch+json',
  });
}

async function reinstall(...extra: string[]): Promise<void> {
  const result = await install('-y', ...extra);
  expect(result.exitCode, result.stderr).toBe(0);
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
});
afterAll(async () => {
  await purgeMesh(cluster);
});

describe('mesh verify-install', () => {
  it('without an installation says so once, as the error, and exits 1', async () => {
    const result = await verify();
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(NOT_INSTALLED);
    // -o json still prints its document, for scripts; the error is the same.
    const json = await verify('-o', 'json');
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      verified: false,
      installed: false,
      revision: 'default',
      results: [],
    });
    expect(json.stderr).toBe(NOT_INSTALLED);
  });

  it('-f together with -r is an error', async () => {
    const result = await verify('-f', join(dir, 'any.yaml'), '-r', 'canary');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Error: supply either a file or revision, but not both\n  hint: the revision of an IstioOperator file is its spec.revision\n',
    );
  });

  it('passes right after install: one ✔ line per object, then the counts', async () => {
    await reinstall();
    const result = await verify();
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const expected = new Set((await prepareInstall({})).objects.map(objectKey));
    // By default a healthy install is a short summary.
    expect(lines(result.stdout)).toEqual([
      `Checked ${expected.size} objects: ${expected.size} ok, 0 failed`,
      'Checked 16 custom resource definitions',
      'Checked 2 Istio Deployments',
      '✔ Istio is installed and verified successfully',
    ]);
    // -v and -o wide list every object.
    for (const flag of [['-v'], ['-o', 'wide']]) {
      const wide = await verify(...flag);
      expect(wide.exitCode).toBe(0);
      const out = lines(wide.stdout);
      expect(out).toContain('✔ Deployment/istio-system/istiod checked successfully');
      expect(out).toContain('✔ Deployment/istio-system/istio-ingressgateway checked successfully');
      expect(out).toContain(
        '✔ CustomResourceDefinition/virtualservices.networking.istio.io checked successfully',
      );
      const checked = out.slice(0, -4);
      expect(checked).toHaveLength(expected.size);
      expect(checked.filter((line) => !line.endsWith(' checked successfully'))).toEqual([]);
    }
  });

  it('-o yaml prints the same document as -o json', async () => {
    // One after the other: two in-process commands at once share one captured stdout.
    const json = await verify('-o', 'json');
    const yamlOut = await verify('-o', 'yaml');
    expect(yamlOut.exitCode).toBe(0);
    expect(yaml.load(yamlOut.stdout)).toEqual(JSON.parse(json.stdout));
  });

  it('-o json prints one document with per-object results', async () => {
    const result = await verify('-o', 'json');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as {
      verified: boolean;
      revision: string;
      counts: unknown;
      results: {kind: string; name: string; status: string}[];
    };
    expect(report).toMatchObject({
      verified: true,
      revision: 'default',
      counts: {customResourceDefinitions: 16, deployments: 2, daemonSets: 0},
    });
    expect(report.results).toContainEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'istiod',
      namespace: 'istio-system',
      status: 'ok',
    });
  });

  it('a deleted istiod Deployment fails naming it', async () => {
    const istiod = deployment('istiod');
    await deleteObject(cluster, istiod);
    try {
      expect(await waitForDeletion(cluster, [istiod], {timeoutMs: 60_000})).toEqual([]);
      const result = await verify();
      expect(result.exitCode).toBe(1);
      const out = lines(result.stdout);
      expect(out.filter((line) => line.startsWith('✘'))).toEqual([
        '✘ Deployment/istio-system/istiod: not found',
      ]);
      // The counts are of the objects checked, failed or not (istioctl's).
      expect(out.slice(-2)).toEqual([
        'Checked 16 custom resource definitions',
        'Checked 2 Istio Deployments',
      ]);
      expect(result.stdout).not.toContain('verified successfully');
      expect(result.stderr).toBe(
        'Error: Istio installation failed\n  hint: 1 object failed the checks above; `mesh install` re-applies what mesh renders\n',
      );
    } finally {
      await reinstall();
    }
  });

  it('a gateway patched to a nodeSelector no node has fails with the reason (unschedulable)', async () => {
    const gateway = deployment('istio-ingressgateway');
    await patchAsKubectl(gateway, {spec: {template: {spec: {nodeSelector: {'mesh.test/never': 'true'}}}}});
    try {
      // Re-check until the new pod exists and the scheduler has refused it.
      await until(async () => (await verify()).stdout.includes('unschedulable'));
      const result = await verify();
      expect(result.exitCode).toBe(1);
      const failed = lines(result.stdout).filter((line) => line.startsWith('✘'));
      expect(failed, result.stdout).toHaveLength(1);
      expect(failed[0]).toMatch(
        /^✘ Deployment\/istio-system\/istio-ingressgateway: .*pod istio-ingressgateway-[a-z0-9-]+ unschedulable: .*node/,
      );
    } finally {
      await patchAsKubectl(gateway, {spec: {template: {spec: {nodeSelector: null}}}});
      const live = (await readObject(cluster, gateway))!;
      expect(await waitForReady(cluster, [live], {timeoutMs: 60_000})).toEqual([]);
    }
    expect((await verify()).exitCode).toBe(0);
  });

  it('a mesh-owned field changed by another field manager is reported as drift: path, old and new value', async () => {
    const istiod = deployment('istiod');
    await patchAsKubectl(istiod, {
      spec: {
        template: {
          spec: {containers: [{name: 'discovery', env: [{name: 'PILOT_TRACE_SAMPLING', value: '50'}]}]},
        },
      },
    });
    const live = (await readObject(cluster, istiod))!;
    expect(live.metadata.managedFields?.map((f) => f.manager)).toContain('kubectl-patch');
    expect(await waitForReady(cluster, [live], {timeoutMs: 60_000})).toEqual([]);

    try {
      const result = await verify();
      expect(result.exitCode).toBe(1);
      const out = lines(result.stdout);
      const at = out.indexOf(
        '✘ Deployment/istio-system/istiod: 1 field differs from what mesh applies (expected → live)',
      );
      expect(at, result.stdout).toBeGreaterThanOrEqual(0);
      expect(out[at + 1]).toBe(
        '    spec.template.spec.containers[name:discovery].env[name:PILOT_TRACE_SAMPLING].value: "1" → "50"',
      );
      expect(out.filter((line) => line.startsWith('✘'))).toHaveLength(1);

      const json = JSON.parse((await verify('-o', 'json')).stdout) as {
        results: {name: string; status: string; drift?: unknown}[];
      };
      expect(json.results.find((r) => r.name === 'istiod' && r.status !== 'ok')).toMatchObject({
        status: 'drifted',
        drift: [
          {
            path: 'spec.template.spec.containers[name:discovery].env[name:PILOT_TRACE_SAMPLING].value',
            expected: '1',
            live: '50',
          },
        ],
      });
    } finally {
      // Another manager holds the field now: only --force takes it back (a plain install refuses).
      await reinstall('--force');
    }
    expect((await verify()).exitCode).toBe(0);
  });

  it('-f with the manifests of one component checks those objects only', async () => {
    const generated = await runCommand(ManifestGenerate, ['--component', 'Pilot']);
    expect(generated.exitCode).toBe(0);
    const file = join(dir, 'pilot.yaml');
    writeFileSync(file, generated.stdout);
    const result = await verify('-f', file);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const out = lines((await verify('-f', file, '-v')).stdout);
    expect(out).toContain('✔ Deployment/istio-system/istiod checked successfully');
    expect(out).not.toContain('✔ Deployment/istio-system/istio-ingressgateway checked successfully');
    expect(out.slice(-3)).toEqual([
      'Checked 0 custom resource definitions',
      'Checked 1 Istio Deployments',
      '✔ Istio is installed and verified successfully',
    ]);
  });

  it('-f with an IstioOperator composes and renders it: a setting the cluster does not have is drift', async () => {
    const file = join(dir, 'operator.yaml');
    writeFileSync(
      file,
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  meshConfig:\n    accessLogFile: /dev/stdout\n',
    );
    const result = await verify('-f', file);
    expect(result.exitCode).toBe(1);
    const failed = lines(result.stdout).filter(
      (line) => !line.startsWith('✔') && !line.startsWith('Checked'),
    );
    expect(failed[0]).toBe(
      '✘ ConfigMap/istio-system/istio: 1 field differs from what mesh applies (expected → live)',
    );
    // Istio's `values` ConfigMap records the same setting twice: as given and merged.
    expect(failed.slice(1)).toEqual([
      '    data.mesh: (- expected, + live)',
      '      - accessLogFile: /dev/stdout',
      '✘ ConfigMap/istio-system/values: 2 fields differ from what mesh applies (expected → live)',
      '    data.original-values: (- expected, + live)',
      '      -   "meshConfig": {',
      '      -     "accessLogFile": "/dev/stdout"',
      '      -   },',
      '    data.merged-values: (- expected, + live)',
      '      -     "accessLogFile": "/dev/stdout",',
    ]);
  });

  it('-f with plain manifests: namespace-less objects are looked for in istio-system; a missing one fails', async () => {
    const file = join(dir, 'plain.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-there\n  namespace: istio-system',
        '',
      ].join('\n---\n'),
    );
    const result = await verify('-f', file);
    expect(result.exitCode).toBe(1);
    expect(lines(result.stdout)).toEqual([
      '✘ ConfigMap/istio-system/not-there: not found',
      'Checked 2 objects: 1 ok, 1 failed',
      'Checked 0 custom resource definitions',
      'Checked 0 Istio Deployments',
    ]);
  });
});

/** Re-checks every 250 ms until true (a test helper: the product waits by watching). */
async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
