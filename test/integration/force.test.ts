/**
 * --force means what it says: a field another field manager took (server-side apply with
 * --force-conflicts, as `kubectl apply --server-side --field-manager=someone` does) stops the
 * install before anything is written, names each field, and --force takes it back.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import {readObject} from '../../src/cluster/apply.js';
import type {K8sObject} from '../../src/cluster/kinds.js';
import {waitForReady} from '../../src/cluster/readiness.js';
import {kubeconfig, ownedVersions, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const install = (...argv: string[]) =>
  runCommand(Install, [...argv, '--set', 'profile=minimal', '--kubeconfig', kubeconfig()]);

const istiod = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name: 'istiod', namespace: 'istio-system'},
};
const meshConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {name: 'istio', namespace: 'istio-system'},
};

/** `kubectl apply --server-side --field-manager=someone --force-conflicts` of a partial object. */
async function applyAsSomeone(object: K8sObject): Promise<void> {
  await cluster.rest.send({
    method: 'PATCH',
    path: await cluster.rest.pathOf(object),
    query: {fieldManager: 'someone', force: 'true'},
    body: object,
    contentType: 'application/apply-patch+yaml',
  });
}

type Live = K8sObject & {
  spec?: {template: {spec: {containers: {name: string; image: string}[]}}};
  data?: {[key: string]: string};
};
const read = async (object: K8sObject) => (await readObject(cluster, object)) as Live;
const image = async () => (await read(istiod)).spec!.template.spec.containers[0]!.image;
const meshNetworks = async () => (await read(meshConfigMap)).data!.meshNetworks;
/** Who manages a field, by the top-level key of managedFields' fieldsV1 that leads to it. */
const managersOf = async (object: K8sObject, has: (fields: string) => boolean) =>
  ((await read(object)).metadata.managedFields ?? [])
    .filter((entry) => has(JSON.stringify(entry.fieldsV1)))
    .map((entry) => entry.manager)
    .sort();

/**
 * ownedVersions once the controllers are done with the other manager's change (the rollout).
 * HorizontalPodAutoscalers are left out: the HPA controller rewrites their status on its own
 * schedule (no metrics on the test cluster), which says nothing about what mesh wrote.
 */
async function settledVersions(): Promise<Map<string, string>> {
  await waitForReady(cluster, [istiod as K8sObject], {timeoutMs: 60_000});
  const versions = async () =>
    new Map(
      [...(await ownedVersions(cluster))].filter(([ref]) => !ref.startsWith('HorizontalPodAutoscaler/')),
    );
  let last = await versions();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const now = await versions();
    if (JSON.stringify([...now]) === JSON.stringify([...last])) return now;
    last = now;
  }
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
});
afterAll(async () => {
  await purgeMesh(cluster);
});

describe('install --force', () => {
  it('a re-install with changed values conflicts with nobody: mesh is the only manager of its fields', async () => {
    expect((await install('-y', '--set', 'meshConfig.accessLogFile=/dev/stdout')).exitCode).toBe(0);
    const changed = await install('-y');
    expect(changed.stderr).toBe('');
    expect(changed.exitCode).toBe(0);
  });

  it('without --force, fields another manager took stop the install before any write', async () => {
    await applyAsSomeone({
      ...istiod,
      spec: {template: {spec: {containers: [{name: 'discovery', image: 'example.com/pilot:someone'}]}}},
    } as K8sObject);
    await applyAsSomeone({...meshConfigMap, data: {meshNetworks: 'networks: {someone: {}}'}} as K8sObject);
    const before = await settledVersions();

    const result = await install('-y');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      [
        'Error: 2 fields are owned by another field manager; nothing was written:',
        '  ConfigMap/istio-system/istio .data.meshNetworks: owned by "someone" (mesh would set "networks: {}")',
        '  Deployment/istio-system/istiod .spec.template.spec.containers[name="discovery"].image: owned by "someone" (mesh would set "docker.io/istio/pilot:1.31.0")',
        '  hint: re-run with --force to take them over',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toBe('');
    expect(await settledVersions()).toEqual(before);
    expect(await image()).toBe('example.com/pilot:someone');
    expect(await meshNetworks()).toBe('networks: {someone: {}}');
  });

  it('--diff lists them as conflicts, then stops the same way', async () => {
    const before = await settledVersions();
    const result = await install('-y', '--diff');
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('conflict  ConfigMap/istio-system/istio');
    expect(lines).toContain(
      '            .data.meshNetworks: owned by "someone" (mesh would set "networks: {}")',
    );
    expect(lines).toContain('            data.meshNetworks: "networks: {someone: {}}" → "networks: {}"');
    expect(lines).toContain('conflict  Deployment/istio-system/istiod');
    expect(lines.at(-2)).toMatch(
      /^Plan: 0 to create, 0 to update, \d+ unchanged, 0 to prune, 2 in conflict$/,
    );
    expect(result.stderr).toMatch(
      /^Error: 2 fields are owned by another field manager; nothing was written:\n/,
    );
    expect(await settledVersions()).toEqual(before);
  });

  it("--force takes them back: mesh's values, mesh their manager", async () => {
    const result = await install('-y', '--force');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(await image()).toBe('docker.io/istio/pilot:1.31.0');
    expect(await meshNetworks()).toBe('networks: {}');
    expect(await managersOf(meshConfigMap, (fields) => fields.includes('"f:meshNetworks"'))).toEqual([
      'mesh',
    ]);
    expect(await managersOf(istiod, (fields) => fields.includes('"f:image"'))).toEqual(['mesh']);
    // Converged: nobody else holds a field mesh sets, so the next install needs no --force.
    expect((await install('-y')).exitCode).toBe(0);
  });
});
