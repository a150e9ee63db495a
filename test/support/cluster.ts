/** Helpers for integration tests: a client on the run's control plane, owned-object cleanup, state snapshots. */
import {writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import {inject} from 'vitest';
import {connect, type Cluster} from '../../src/cluster/client.js';
import {listOwned} from '../../src/cluster/inventory.js';
import {objectRef} from '../../src/cluster/kinds.js';
import {MANAGED_SELECTOR, orderForDeletion} from '../../src/uninstall/plan.js';
import {runUninstall} from '../../src/uninstall/run.js';
import {FIELD_MANAGER} from '../../src/version.js';

export function kubeconfig(): string {
  return inject('kubeconfig');
}

/**
 * mesh's cluster port plus the client library's typed APIs: tests arrange and inspect cluster
 * state with the library (an independent client), and drive mesh through its own port.
 */
export interface TestCluster extends Cluster {
  lib: typeof k8s;
  objects: k8s.KubernetesObjectApi;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
}

export async function testCluster(path = kubeconfig()): Promise<TestCluster> {
  const lib = await import('@kubernetes/client-node');
  const cluster = await connect({kubeconfig: path});
  const config = new lib.KubeConfig();
  config.loadFromFile(path);
  return {
    ...cluster,
    lib,
    config,
    objects: lib.KubernetesObjectApi.makeApiClient(config),
    core: config.makeApiClient(lib.CoreV1Api),
    apps: config.makeApiClient(lib.AppsV1Api),
  };
}

/**
 * Removes every object mesh owns (all revisions, CRDs included) through uninstall's own deletion
 * (kind by kind in its order, each kind waited for). Throws naming what is still there after a
 * minute, with its finalizers, instead of leaving it to the next test file.
 */
export async function purgeMesh(cluster: Cluster): Promise<void> {
  const owned = await listOwned(cluster, MANAGED_SELECTOR);
  const plan = {purge: true, installations: [], objects: orderForDeletion(owned)};
  await runUninstall(cluster, plan, {timeoutMs: 60_000}, () => {});
}

/**
 * `Kind/ns/name → mesh's field-manager entries` (the time and the fields of its last apply) of
 * every object mesh owns: equal snapshots mean mesh wrote nothing. Not the resourceVersion:
 * controllers write status (the HPA controller, which keeps no generation, right after an install).
 */
export async function ownedVersions(cluster: Cluster): Promise<Map<string, string>> {
  const owned = await listOwned(cluster, MANAGED_SELECTOR);
  return new Map(
    owned.map((o) => [
      objectRef(o),
      JSON.stringify((o.metadata.managedFields ?? []).filter((entry) => entry.manager === FIELD_MANAGER)),
    ]),
  );
}

/** A kubeconfig for the same server authenticating with a bearer token (never printed). */
export function tokenKubeconfig(cluster: Cluster, token: string, server = cluster.server): string {
  const current = cluster.config.getCurrentCluster();
  const ca = current?.caData
    ? `certificate-authority-data: ${current.caData}`
    : current?.caFile
      ? `certificate-authority: ${current.caFile}`
      : 'insecure-skip-tls-verify: true';
  const path = join(tmpdir(), `mesh-token-${process.pid}-${Date.now()}.kubeconfig`);
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: c\n  cluster:\n    server: ${server}\n    ${ca}`,
    'users:',
    `- name: u\n  user:\n    token: ${token}`,
    'contexts:',
    '- name: ctx\n  context:\n    cluster: c\n    user: u',
    'current-context: ctx',
    '',
  ].join('\n');
  writeFileSync(path, text, {mode: 0o600});
  return path;
}
