/**
 * The documented canary upgrade, step by step, asking the apiserver at each step which injector
 * (webhook entry and istiod Service) a new pod in each namespace gets.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import TagSet from '../../src/commands/tag/set.js';
import Uninstall from '../../src/commands/uninstall.js';
import VerifyInstall from '../../src/commands/verify-install.js';
import {readObject} from '../../src/cluster/apply.js';
import type {K8sObject} from '../../src/cluster/kinds.js';
import {kubeconfig, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {injectorFor} from '../support/injection.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const withConfig = (argv: string[]) => [...argv, '--kubeconfig', kubeconfig()];
const install = (...argv: string[]) => runCommand(Install, withConfig(argv));
const tagSet = (...argv: string[]) => runCommand(TagSet, withConfig(argv));
const uninstall = (...argv: string[]) => runCommand(Uninstall, withConfig(argv));
const verify = (...argv: string[]) => runCommand(VerifyInstall, withConfig(argv));

/** Namespaces labelled as the docs label them: the legacy label, the canary revision, none. */
const NAMESPACES: [string, {[key: string]: string}][] = [
  ['canary-legacy', {'istio-injection': 'enabled'}],
  ['canary-rev', {'istio.io/rev': 'canary'}],
  ['canary-plain', {}],
];

async function injectors(): Promise<{[ns: string]: string}> {
  const out: {[ns: string]: string} = {};
  for (const [name] of NAMESPACES) {
    const {webhook, service} = await injectorFor(cluster, name);
    out[name] = webhook ? `${webhook} → ${service}` : 'none';
  }
  return out;
}

const deployment = (name: string): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name, namespace: 'istio-system'},
});

async function cleanTags(): Promise<void> {
  await cluster.rest
    .send({
      method: 'DELETE',
      path: '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/istio-revision-tag-default',
    })
    .catch(() => undefined);
  await cluster.rest
    .send({
      method: 'DELETE',
      path: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/istiod-default-validator',
    })
    .catch(() => undefined);
  await cluster.rest
    .send({method: 'DELETE', path: '/api/v1/namespaces/istio-system/services/istiod-revision-tag-default'})
    .catch(() => undefined);
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
  await cleanTags();
  for (const [name, labels] of NAMESPACES)
    await cluster.core.createNamespace({body: {metadata: {name, labels}}});
});
afterAll(async () => {
  for (const [name] of NAMESPACES) await cluster.core.deleteNamespace({name}).catch(() => undefined);
  await cleanTags();
  await purgeMesh(cluster);
});

describe('canary upgrade as documented', () => {
  it('1. mesh install: the default revision injects istio-injection=enabled namespaces', async () => {
    expect((await install('-y')).exitCode).toBe(0);
    expect(await injectors()).toEqual({
      'canary-legacy': 'namespace.sidecar-injector.istio.io → istiod',
      'canary-rev': 'none',
      'canary-plain': 'none',
    });
  });

  it('2. install --set revision=canary: istiod-canary beside istiod; the gateway moves with one warning', async () => {
    const diff = await install('--set', 'revision=canary', '--diff', '--dry-run');
    expect(diff.exitCode).toBe(0);
    expect(diff.stderr).toBe(
      '! [install.revision] istio-ingressgateway moves from revision default to canary\n',
    );

    const result = await install('-y', '--set', 'revision=canary');
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe(
      '! [install.revision] istio-ingressgateway moves from revision default to canary\n',
    );
    expect(await readObject(cluster, deployment('istiod'))).toBeDefined();
    expect(await readObject(cluster, deployment('istiod-canary'))).toBeDefined();
    const gateway = await readObject(cluster, deployment('istio-ingressgateway'));
    expect(gateway?.metadata.labels?.['istio.io/rev']).toBe('canary');
    expect(await injectors()).toEqual({
      'canary-legacy': 'namespace.sidecar-injector.istio.io → istiod',
      'canary-rev': 'rev.namespace.sidecar-injector.istio.io → istiod-canary',
      'canary-plain': 'none',
    });
  });

  it('3. tag set default --revision canary --overwrite: default injection moves to canary', async () => {
    const result = await tagSet('default', '--revision', 'canary', '--overwrite');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      'Revision tag "default" created, referencing control plane revision "canary". To enable injection using this\n' +
        "revision tag, use 'kubectl label namespace <NAMESPACE> istio.io/rev=default'\n",
    );
    expect(await injectors()).toEqual({
      'canary-legacy': 'namespace.sidecar-injector.istio.io → istiod-canary',
      'canary-rev': 'rev.namespace.sidecar-injector.istio.io → istiod-canary',
      'canary-plain': 'none',
    });
  });

  it('3b. the tag keeps default injection: verify-install is clean and a re-install does not take it back', async () => {
    const verified = await verify();
    expect(verified.exitCode).toBe(0);
    expect(verified.stdout.trimEnd().split('\n').at(-1)).toBe(
      '✔ Istio is installed and verified successfully',
    );
    // (minimal: a default-profile re-install would move the gateway back to the default revision)
    expect((await install('-y', '--set', 'profile=minimal')).exitCode).toBe(0);
    expect(await injectors()).toEqual({
      'canary-legacy': 'namespace.sidecar-injector.istio.io → istiod-canary',
      'canary-rev': 'rev.namespace.sidecar-injector.istio.io → istiod-canary',
      'canary-plain': 'none',
    });
  });

  it('4. uninstall -r default removes only what the default revision still owns', async () => {
    const result = await uninstall('-r', 'default', '-y');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('  Removed Deployment/istio-system/istiod.\n');
    expect(result.stdout).not.toContain('istio-ingressgateway');
    expect(await readObject(cluster, deployment('istiod'))).toBeUndefined();
    expect(await readObject(cluster, deployment('istiod-canary'))).toBeDefined();
    expect(await readObject(cluster, deployment('istio-ingressgateway'))).toBeDefined();
    expect(await injectors()).toEqual({
      'canary-legacy': 'namespace.sidecar-injector.istio.io → istiod-canary',
      'canary-rev': 'rev.namespace.sidecar-injector.istio.io → istiod-canary',
      'canary-plain': 'none',
    });
  });
});
