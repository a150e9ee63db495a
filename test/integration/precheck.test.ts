// `mesh precheck` against the real local control plane: an empty cluster passes, a restricted
// user gets one line per missing permission (from real SelfSubjectAccessReviews), and a pod
// injected by a revision without an istiod is a warning.
import {setTimeout as sleep} from 'node:timers/promises';
import {rmSync} from 'node:fs';
import {beforeAll, describe, expect, it} from 'vitest';
import {apiFailure} from '../../src/cluster/client.js';
import Precheck from '../../src/commands/precheck.js';
import {NO_ISSUES_LINE} from '../../src/ui/findings.js';
import {kubeconfig, purgeMesh, testCluster, tokenKubeconfig, type TestCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const precheck = (...argv: string[]) => runCommand(Precheck, [...argv, '--kubeconfig', kubeconfig()]);

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(250);
  }
}

async function namespaceGone(name: string): Promise<boolean> {
  try {
    await cluster.core.readNamespace({name});
    return false;
  } catch (error) {
    if (apiFailure(error).code === 404) return true;
    throw error;
  }
}

async function deleteNamespaceAndWait(name: string): Promise<void> {
  await cluster.core.deleteNamespace({name}).catch(() => undefined);
  await waitFor(`namespace ${name} to be gone`, () => namespaceGone(name));
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
  // What earlier test files deleted (namespaces, their pods) must be gone for the cluster to be empty.
  await waitFor('no terminating namespaces', async () => {
    const list = await cluster.core.listNamespace();
    return list.items.every((ns) => ns.status?.phase !== 'Terminating');
  });
});

describe('mesh precheck', () => {
  it('passes on an empty cluster with the one success line and exit 0', async () => {
    const result = await precheck();
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${NO_ISSUES_LINE}\n`);

    const json = await precheck('-r', 'canary', '-o', 'json');
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it('lists each missing permission of a restricted user on its own line and exits 1', async () => {
    const ns = 'mesh-precheck-restricted';
    const createdIstioSystem = await namespaceGone('istio-system');
    await cluster.core.createNamespace({body: {metadata: {name: ns}}});
    if (createdIstioSystem) await cluster.core.createNamespace({body: {metadata: {name: 'istio-system'}}});
    let kubeconfigPath: string | undefined;
    try {
      await cluster.core.createNamespacedServiceAccount({namespace: ns, body: {metadata: {name: 'checker'}}});
      const rbac = cluster.config.makeApiClient(cluster.lib.RbacAuthorizationV1Api);
      // Only get and list on configmaps, only in istio-system.
      await rbac.createNamespacedRole({
        namespace: 'istio-system',
        body: {
          metadata: {name: 'mesh-precheck-configmap-reader'},
          rules: [{apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list']}],
        },
      });
      await rbac.createNamespacedRoleBinding({
        namespace: 'istio-system',
        body: {
          metadata: {name: 'mesh-precheck-configmap-reader'},
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Role',
            name: 'mesh-precheck-configmap-reader',
          },
          subjects: [{kind: 'ServiceAccount', name: 'checker', namespace: ns}],
        },
      });
      const token = await cluster.core.createNamespacedServiceAccountToken({
        name: 'checker',
        namespace: ns,
        body: {spec: {audiences: []}},
      });
      kubeconfigPath = tokenKubeconfig(cluster, token.status!.token);

      const result = await runCommand(Precheck, ['--kubeconfig', kubeconfigPath]);
      expect(result.exitCode).toBe(1);
      const lines = result.stdout.trimEnd().split('\n');
      const permissions = lines.filter((l) => l.startsWith('✘ [permissions] '));
      expect(permissions).toContain(
        '✘ [permissions] cannot create customresourcedefinitions.apiextensions.k8s.io (cluster-wide)',
      );
      expect(permissions).toContain(
        '✘ [permissions] cannot create deployments.apps in namespace istio-system',
      );
      expect(permissions).toContain(
        '✘ [permissions] cannot patch clusterroles.rbac.authorization.k8s.io (cluster-wide)',
      );
      expect(permissions).toContain('✘ [permissions] cannot create configmaps in namespace istio-system');
      // What the Role grants is not missing.
      expect(permissions).not.toContain('✘ [permissions] cannot get configmaps in namespace istio-system');
      expect(permissions).not.toContain('✘ [permissions] cannot list configmaps in namespace istio-system');
      // One permission per line, none twice, and the shared hint once after them.
      for (const line of permissions) {
        expect(line).toMatch(
          /^✘ \[permissions\] cannot [a-z]+ [a-z0-9.]+( in namespace [a-z0-9-]+| \(cluster-wide\))$/,
        );
      }
      expect(new Set(permissions).size).toBe(permissions.length);
      expect(permissions.length).toBeGreaterThan(20);
      const last = lines.lastIndexOf(permissions.at(-1)!);
      expect(lines[last + 1]).toBe(
        '  hint: ask a cluster admin for these permissions (see `kubectl auth can-i --list`)',
      );
      expect(lines.filter((l) => l.includes('ask a cluster admin'))).toHaveLength(1);
      // Checks the user may not read are warnings, not crashes.
      expect(lines).toContainEqual(
        expect.stringMatching(/^! \[webhook\.conflict\] could not check for conflicting webhooks: Forbidden/),
      );
      expect(result.stderr).toMatch(
        new RegExp(
          `^Error: ${permissions.length} errors and \\d+ warnings found when checking the cluster\\n`,
        ),
      );
      expect(result.stderr).toContain('hint: fix the errors above and re-run `mesh precheck`');
      expect(result.stdout + result.stderr).not.toContain(token.status!.token);
    } finally {
      if (kubeconfigPath) rmSync(kubeconfigPath, {force: true});
      if (createdIstioSystem) await deleteNamespaceAndWait('istio-system');
      else {
        const rbac = cluster.config.makeApiClient(cluster.lib.RbacAuthorizationV1Api);
        const name = 'mesh-precheck-configmap-reader';
        await rbac.deleteNamespacedRoleBinding({name, namespace: 'istio-system'}).catch(() => undefined);
        await rbac.deleteNamespacedRole({name, namespace: 'istio-system'}).catch(() => undefined);
      }
      await deleteNamespaceAndWait(ns);
    }
  });

  it('warns about a pod injected by a revision that is not installed, and exits 0', async () => {
    const ns = 'mesh-precheck-ghost';
    await cluster.core.createNamespace({body: {metadata: {name: ns}}});
    try {
      const injectedPod = (name: string, rev: string) => ({
        metadata: {name, labels: {app: name, 'istio.io/rev': rev}},
        spec: {
          containers: [
            {name: 'app', image: 'registry.k8s.io/pause:3.10'},
            {name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.31.0'},
          ],
        },
      });
      await cluster.core.createNamespacedPod({namespace: ns, body: injectedPod('ghost-app', 'ghost')});
      // A pod of revision "canary" with an istiod-canary Deployment (app=istiod) is fine.
      await cluster.core.createNamespacedPod({namespace: ns, body: injectedPod('canary-app', 'canary')});
      await cluster.apps.createNamespacedDeployment({
        namespace: ns,
        body: {
          metadata: {name: 'istiod-canary', labels: {app: 'istiod', 'istio.io/rev': 'canary'}},
          spec: {
            replicas: 0,
            selector: {matchLabels: {app: 'istiod', 'istio.io/rev': 'canary'}},
            template: {
              metadata: {labels: {app: 'istiod', 'istio.io/rev': 'canary'}},
              spec: {containers: [{name: 'discovery', image: 'docker.io/istio/pilot:1.31.0'}]},
            },
          },
        },
      });

      const result = await precheck();
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(result.stdout.split('\n')).toEqual([
        `! [workloads.revision] pod ${ns}/ghost-app is injected by revision "ghost", which is not installed`,
        '  hint: install revision "ghost" (mesh install -r ghost), or move the workload to an installed revision and restart it',
        '✔ No errors found when checking the cluster (1 warning above). Istio can be installed or upgraded.',
        '',
      ]);

      const json = await precheck('-o', 'json');
      expect(json.exitCode).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual([
        {
          id: 'workloads.revision',
          severity: 'warning',
          message: `pod ${ns}/ghost-app is injected by revision "ghost", which is not installed`,
          hint: 'install revision "ghost" (mesh install -r ghost), or move the workload to an installed revision and restart it',
        },
      ]);
    } finally {
      await deleteNamespaceAndWait(ns);
    }
  });
});
