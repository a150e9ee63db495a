import {createServer} from 'node:net';
import {writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import yaml from 'js-yaml';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import {listOwned} from '../../src/cluster/inventory.js';
import {collectionPath, KINDS, objectRef, type K8sObject} from '../../src/cluster/kinds.js';
import {prepareInstall} from '../../src/install/prepare.js';
import {RestClient} from '../../src/cluster/rest.js';
import {waitForDeletion} from '../../src/cluster/readiness.js';
import {installationFor} from '../../src/render/installation.js';
import {
  kubeconfig,
  ownedVersions,
  purgeMesh,
  testCluster,
  tokenKubeconfig,
  type TestCluster,
} from '../support/cluster.js';
import {underCollection} from '../support/gc.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const install = (...argv: string[]) => runCommand(Install, [...argv, '--kubeconfig', kubeconfig()]);

async function readIop(
  name: string,
  namespace = 'istio-system',
): Promise<{spec: {meshConfig?: {accessLogFile?: string; trustDomain?: string}; profile?: string}}> {
  return (await cluster.objects.read({
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: {name, namespace},
  } as never)) as never;
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
});
afterAll(async () => {
  await purgeMesh(cluster);
});

describe('mesh install (default profile)', () => {
  it('installs, waits for readiness and records the installed state', async () => {
    const result = await install('-y', '--set', 'meshConfig.accessLogFile=/dev/stdout');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const marks = result.stdout.split('\n').filter((line) => line.startsWith('✔'));
    expect(marks).toEqual([
      '✔ Istio core installed',
      '✔ Istiod installed',
      '✔ Ingress gateways installed',
      '✔ Installation complete',
    ]);

    const plan = await prepareInstall({sets: ['meshConfig.accessLogFile=/dev/stdout']});
    for (const object of plan.objects) {
      const live = (await cluster.objects.read(object as never)) as K8sObject;
      if (object.kind !== 'Namespace') {
        expect(live.metadata.labels, objectRef(object)).toMatchObject({
          'install.operator.istio.io/owning-resource': 'installed-state',
          'install.operator.istio.io/owning-resource-namespace': 'istio-system',
          'operator.istio.io/managed': 'Reconcile',
          'istio.io/rev': 'default',
        });
      }
      if (object.kind === 'Deployment') {
        const status = live.status as {
          availableReplicas?: number;
          conditions?: {type: string; status: string}[];
        };
        expect(status.conditions?.find((c) => c.type === 'Available')?.status, objectRef(object)).toBe(
          'True',
        );
      }
    }
    const iop = await readIop('installed-state');
    expect(iop.spec.meshConfig?.accessLogFile).toBe('/dev/stdout');
    const configMap = await cluster.core.readNamespacedConfigMap({name: 'istio', namespace: 'istio-system'});
    expect((yaml.load(configMap.data!.mesh!) as {accessLogFile?: string}).accessLogFile).toBe('/dev/stdout');
  });

  it('is idempotent: --diff counts every object unchanged and a re-install changes nothing', async () => {
    const before = await ownedVersions(cluster);
    const result = await install('-y', '--diff', '--set', 'meshConfig.accessLogFile=/dev/stdout');
    expect(result.exitCode).toBe(0);
    // Unchanged objects are only counted, on the Plan line.
    const planLines = result.stdout
      .split('\n')
      .filter((l) => /^(create|update|unchanged|prune|Plan:) /.test(l));
    expect(planLines).toHaveLength(1);
    const unchanged = /^Plan: 0 to create, 0 to update, (\d+) unchanged, 0 to prune$/.exec(planLines[0]!);
    expect(Number(unchanged?.[1])).toBeGreaterThan(20);
    expect(await ownedVersions(cluster)).toEqual(before);

    const again = await install('-y', '--set', 'meshConfig.accessLogFile=/dev/stdout');
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toContain('Removed');
    expect(await ownedVersions(cluster)).toEqual(before);
  });

  it('--dry-run writes nothing', async () => {
    const before = await ownedVersions(cluster);
    const result = await install('--dry-run', '--set', 'meshConfig.accessLogFile=/var/log/other');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('✔ Dry run complete: nothing was written');
    expect(await ownedVersions(cluster)).toEqual(before);
    expect((await readIop('installed-state')).spec.meshConfig?.accessLogFile).toBe('/dev/stdout');
  });

  it('--dry-run into a namespace that does not exist yet says which objects the server could not check', async () => {
    const result = await install('--dry-run', '--set', 'namespace=mesh-dry-run');
    expect(result.exitCode).toBe(0);
    const marks = result.stdout.split('\n').filter((line) => line.startsWith('✔'));
    expect(marks[0]).toBe(
      '✔ Istio core checked (dry run); 1 objects not checked: their namespace does not exist yet',
    );
    expect(marks[1]).toMatch(
      /^✔ Istiod checked \(dry run\); \d+ objects not checked: their namespace does not exist yet$/,
    );
    expect(marks.at(-1)).toBe('✔ Dry run complete: nothing was written');
    await expect(cluster.core.readNamespace({name: 'mesh-dry-run'})).rejects.toMatchObject({code: 404});
  });

  it('without a terminal and without -y it refuses at once and writes nothing', async () => {
    const before = await ownedVersions(cluster);
    const result = await install('--set', 'meshConfig.accessLogFile=/x');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('standard input is not a terminal');
    expect(result.stderr).toContain('hint: pass -y');
    expect(await ownedVersions(cluster)).toEqual(before);
  });

  it('--reuse starts from the installed state: earlier settings survive a new --set', async () => {
    const result = await install('-y', '--reuse', '--set', 'meshConfig.trustDomain=example.local');
    expect(result.exitCode).toBe(0);
    const iop = (await readIop('installed-state')) as {
      spec: {meshConfig?: {accessLogFile?: string; trustDomain?: string}};
    };
    expect(iop.spec.meshConfig).toMatchObject({accessLogFile: '/dev/stdout', trustDomain: 'example.local'});
  });

  it('--reuse reads the installed state from the install namespace the flags name', async () => {
    const namespace = `mesh-reuse-${Date.now().toString(36)}`;
    const flags = ['-y', '-r', 'reuse', '--set', 'profile=minimal', '--set', `namespace=${namespace}`];
    try {
      expect((await install(...flags, '--set', 'meshConfig.accessLogFile=/dev/stdout')).exitCode).toBe(0);
      const again = await install(...flags, '--reuse', '--set', 'meshConfig.trustDomain=example.local');
      expect(again.exitCode, again.stderr).toBe(0);
      expect((await readIop('installed-state-reuse', namespace)).spec.meshConfig).toMatchObject({
        accessLogFile: '/dev/stdout',
        trustDomain: 'example.local',
      });
    } finally {
      for (const object of await listOwned(cluster, installationFor('reuse', namespace).ownerSelector))
        if (object.kind !== 'CustomResourceDefinition') await cluster.objects.delete(object as never);
      await cluster.core.deleteNamespace({name: namespace}).catch(() => undefined);
      // Gone before the next test snapshots what mesh owns (the namespace takes its installed state with it).
      const namespaceObject = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}};
      expect(await waitForDeletion(cluster, [namespaceObject], {timeoutMs: 60_000})).toEqual([]);
    }
  });
});

describe('mesh install: profiles, prune and revisions', () => {
  it('demo, then disabling the egress gateway prunes exactly its objects', async () => {
    expect((await install('-y', '--set', 'profile=demo')).exitCode).toBe(0);
    const egress = async () =>
      (await listOwned(cluster, 'operator.istio.io/component=EgressGateways,istio.io/rev=default'))
        .map(objectRef)
        .sort();
    const egressBefore = await egress();
    expect(egressBefore.length).toBeGreaterThanOrEqual(5);
    const ownedBefore = (await listOwned(cluster, 'operator.istio.io/managed=Reconcile')).map(objectRef);

    const result = await install(
      '-y',
      '--set',
      'profile=demo',
      '--set',
      'components.egressGateways[name:istio-egressgateway].enabled=false',
    );
    expect(result.exitCode).toBe(0);
    const pruned = result.stdout
      .split('\n')
      .filter((l) => l.startsWith('  Removed '))
      .map((l) => l.slice('  Removed '.length, -1))
      .sort();
    expect(pruned).toEqual(egressBefore);
    const ownedAfter = (await listOwned(cluster, 'operator.istio.io/managed=Reconcile')).map(objectRef);
    expect(ownedAfter.sort()).toEqual(ownedBefore.filter((ref) => !egressBefore.includes(ref)).sort());
  });

  it('a first install into a namespace that does not exist asks each question once', async () => {
    const namespace = `mesh-fresh-${Date.now().toString(36)}`;
    const argv = ['-y', '-r', 'fresh', '--set', 'profile=minimal', '--set', `namespace=${namespace}`];
    const plan = await prepareInstall({revision: 'fresh', sets: argv.slice(3).filter((a) => a !== '--set')});
    const journal: string[] = [];
    RestClient.journal = journal;
    try {
      expect((await install(...argv)).exitCode).toBe(0);
    } finally {
      RestClient.journal = undefined;
      // This installation's objects (not the shared CRDs), then its namespace, whatever the outcome.
      for (const object of await listOwned(cluster, installationFor('fresh', namespace).ownerSelector))
        if (object.kind !== 'CustomResourceDefinition') await cluster.objects.delete(object as never);
      await cluster.core.deleteNamespace({name: namespace}).catch(() => undefined);
      const namespaceObject = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}};
      expect(await waitForDeletion(cluster, [namespaceObject], {timeoutMs: 60_000})).toEqual([]);
    }
    // Answers the client retries (429 while a new CRD's storage starts, 503) are asked again; the rest once each.
    const answered = journal.filter((line) => !/ (429|503)$/.test(line));
    const pruneLists = KINDS.filter((k) => k.prunable && k.kind !== 'MutatingWebhookConfiguration').map(
      // The test cluster has no Multus: it does not serve NetworkAttachmentDefinitions.
      (k) =>
        `GET ${collectionPath(k.apiVersion, k.plural)} (by label) ${k.kind === 'NetworkAttachmentDefinition' ? 404 : 200}`,
    );
    // The install lock: the namespace is created for it, the Lease taken, renewed every 10 s while the install runs, deleted.
    const lease = `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases`;
    const renewals = answered.filter((line) => line.startsWith(`PUT ${lease}/mesh-install-fresh `));
    expect(renewals.filter((line) => !line.endsWith(' 200'))).toEqual([]);
    expect(answered.filter((line) => !line.startsWith('PATCH ') && !renewals.includes(line)).sort()).toEqual(
      [
        'GET /version 200',
        `GET /api/v1/namespaces/${namespace} 404`,
        'POST /apis/authorization.k8s.io/v1/selfsubjectrulesreviews 201',
        'GET /apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations 200',
        // istioctl's CNI incompatibility check: no Calico API group, no Cilium configuration.
        'GET /apis/projectcalico.org/v3 404',
        'GET /api/v1/namespaces/kube-system/configmaps/cilium-config 404',
        'POST /api/v1/namespaces 201',
        `POST ${lease} 201`,
        `DELETE ${lease}/mesh-install-fresh 200`,
        ...pruneLists,
      ].sort(),
    );
    // One server-side apply per object, plus the installed-state.
    const applies = answered.filter((line) => line.startsWith('PATCH '));
    expect(applies.filter((line) => !/ 20[01]$/.test(line))).toEqual([]);
    expect(new Set(applies).size).toBe(applies.length);
    expect(applies.length).toBe(plan.objects.length + 1);
  });

  it('installs a canary revision beside the default one', async () => {
    const result = await install('-y', '-r', 'canary', '--set', 'profile=minimal');
    expect(result.exitCode).toBe(0);
    const apps = cluster.apps;
    await expect(
      apps.readNamespacedDeployment({name: 'istiod-canary', namespace: 'istio-system'}),
    ).resolves.toBeTruthy();
    await expect(
      apps.readNamespacedDeployment({name: 'istiod', namespace: 'istio-system'}),
    ).resolves.toBeTruthy();
    expect((await readIop('installed-state-canary')).spec.profile).toBe('minimal');
  });
});

describe('mesh install: failures', () => {
  it('a gateway that can never be ready times out naming the Deployment and the reason; --atomic restores the cluster', async () => {
    const before = await ownedVersions(cluster);
    const meshBefore = (
      await cluster.core.readNamespacedConfigMap({name: 'istio', namespace: 'istio-system'})
    ).data;
    const istiodEnv = async () =>
      (
        await cluster.apps.readNamespacedDeployment({name: 'istiod', namespace: 'istio-system'})
      ).spec?.template.spec?.containers[0]?.env?.find((e) => e.name === 'PILOT_TRACE_SAMPLING')?.value;
    const samplingBefore = await istiodEnv();
    // Collections while it waits: the readiness deadline must fire however little refers to it.
    const result = await underCollection(
      install(
        '-y',
        '--atomic',
        '--readiness-timeout',
        '8s',
        '--set',
        'profile=demo',
        // Changes Pilot, which becomes ready before the gateway fails: --atomic must put these back too.
        '--set',
        'meshConfig.accessLogFile=/tmp/changed.log',
        '--set',
        'values.pilot.traceSampling=42',
        '--set',
        'components.egressGateways[name:istio-egressgateway].enabled=false',
        '--set',
        'components.ingressGateways[name:istio-ingressgateway].enabled=false',
        '--set',
        'components.ingressGateways[1].name=stuck-gateway',
        '--set',
        'components.ingressGateways[1].k8s.nodeSelector.mesh\\.test/never=true',
      ),
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('✘ Ingress gateways encountered an error: resources not ready after 8s');
    // The object's reason is shown once, under the component's line; the error only names the component.
    expect(
      result.stdout.match(/^ {2}Deployment\/istio-system\/stuck-gateway \(.*unschedulable.*\)$/gm),
    ).toHaveLength(1);
    expect(result.stderr).toBe(
      'Error: failed to install manifests: Ingress gateways: resources not ready after 8s\n' +
        '  hint: the objects this run created were removed; fix the cause and re-run\n',
    );
    expect(result.stdout).toContain('Rolled back Deployment/istio-system/stuck-gateway.');
    expect(result.stdout).toMatch(/ {2}Restored \d+ objects to the previous installed state\./);
    const after = await ownedVersions(cluster);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(
      (await cluster.core.readNamespacedConfigMap({name: 'istio', namespace: 'istio-system'})).data,
    ).toEqual(meshBefore);
    expect(samplingBefore).toBe('100');
    expect(await istiodEnv()).toBe(samplingBefore);
  });

  it('a restricted user gets the missing permissions listed and nothing is written', async () => {
    const ns = 'mesh-restricted';
    await cluster.core.createNamespace({body: {metadata: {name: ns}}});
    await cluster.core.createNamespacedServiceAccount({namespace: ns, body: {metadata: {name: 'installer'}}});
    const rbac = cluster.config.makeApiClient(cluster.lib.RbacAuthorizationV1Api);
    await rbac.createClusterRole({
      body: {
        metadata: {name: 'mesh-partial'},
        rules: [{apiGroups: ['', 'apps'], resources: ['*'], verbs: ['*']}],
      },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: {name: 'mesh-partial'},
        roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'mesh-partial'},
        subjects: [{kind: 'ServiceAccount', name: 'installer', namespace: ns}],
      },
    });
    const token = await cluster.core.createNamespacedServiceAccountToken({
      name: 'installer',
      namespace: ns,
      body: {spec: {audiences: []}},
    });
    const restricted = tokenKubeconfig(cluster, token.status!.token);
    const before = await ownedVersions(cluster);
    try {
      const result = await runCommand(Install, ['-y', '-r', 'restricted', '--kubeconfig', restricted]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        '✘ [permissions] cannot create customresourcedefinitions.apiextensions.k8s.io (cluster-wide)',
      );
      expect(result.stderr).toContain('cannot patch clusterroles.rbac.authorization.k8s.io (cluster-wide)');
      expect(result.stderr).toContain('Error: pre-flight checks failed; nothing was written');
      expect(result.stderr).not.toContain(token.status!.token);
      expect(await ownedVersions(cluster)).toEqual(before);
    } finally {
      await rbac.deleteClusterRoleBinding({name: 'mesh-partial'});
      await rbac.deleteClusterRole({name: 'mesh-partial'});
      await cluster.core.deleteNamespace({name: ns});
    }
  });

  it('an unreachable server is one clear line and exit 1', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address() as {port: number};
        server.close(() => resolve(address.port));
      });
    });
    const path = join(tmpdir(), `mesh-unreachable-${process.pid}.kubeconfig`);
    writeFileSync(
      path,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:${port}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user: {}\ncontexts:\n- name: closed\n  context: {cluster: c, user: u}\ncurrent-context: closed\n`,
    );
    const result = await runCommand(Install, ['-y', '--kubeconfig', path]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `✘ [cluster.reachable] cluster unreachable: connect ECONNREFUSED 127.0.0.1:${port} (server https://127.0.0.1:${port})\n`,
    );
  });

  it('bad input fails before the cluster is contacted', async () => {
    const before = await ownedVersions(cluster);
    const result = await install('-y', '--set', 'components.pilot.k8s.replicaCont=2');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'unknown field "replicaCont" in components.pilot.k8s (did you mean "replicaCount"?)',
    );
    expect(await ownedVersions(cluster)).toEqual(before);
  });
});
