import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import TagGenerate from '../../src/commands/tag/generate.js';
import TagList from '../../src/commands/tag/list.js';
import TagRemove from '../../src/commands/tag/remove.js';
import TagSet from '../../src/commands/tag/set.js';
import {readObject} from '../../src/cluster/apply.js';
import type {K8sObject} from '../../src/cluster/kinds.js';
import {kubeconfig, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {injectorFor} from '../support/injection.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const withConfig = (argv: string[]) => [...argv, '--kubeconfig', kubeconfig()];
const install = (...argv: string[]) => runCommand(Install, withConfig(argv));
const set = (...argv: string[]) => runCommand(TagSet, withConfig(argv));
const generate = (...argv: string[]) => runCommand(TagGenerate, withConfig(argv));
const list = (...argv: string[]) => runCommand(TagList, withConfig(argv));
const remove = (...argv: string[]) => runCommand(TagRemove, withConfig(argv));

const NAMESPACES = ['tag-prod-a', 'tag-prod-b'];
const hook = (name: string): K8sObject => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'MutatingWebhookConfiguration',
  metadata: {name},
});
const service = (name: string): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {name, namespace: 'istio-system'},
});

async function deleteTagObjects(): Promise<void> {
  for (const tag of ['prod', 'default']) {
    await cluster.rest
      .send({
        method: 'DELETE',
        path: `/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/istio-revision-tag-${tag}`,
      })
      .catch(() => undefined);
    await cluster.rest
      .send({method: 'DELETE', path: `/api/v1/namespaces/istio-system/services/istiod-revision-tag-${tag}`})
      .catch(() => undefined);
  }
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
  await deleteTagObjects();
  expect((await install('-y', '-r', 'canary', '--set', 'profile=minimal')).exitCode).toBe(0);
  for (const name of NAMESPACES)
    await cluster.core.createNamespace({body: {metadata: {name, labels: {'istio.io/rev': 'prod'}}}});
});
afterAll(async () => {
  for (const name of NAMESPACES) await cluster.core.deleteNamespace({name}).catch(() => undefined);
  await deleteTagObjects();
  await purgeMesh(cluster);
});

describe('mesh tag', () => {
  it('generate prints the objects and applies nothing', async () => {
    const result = await generate('prod', '--revision', 'canary');
    expect(result.exitCode).toBe(0);
    const docs = result.stdout.trimEnd().split('\n---\n');
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatch(
      /^apiVersion: admissionregistration.k8s.io\/v1\nkind: MutatingWebhookConfiguration\n/,
    );
    expect(docs[0]).toContain('  name: istio-revision-tag-prod\n');
    expect(docs[1]).toContain('  name: istiod-revision-tag-prod\n');
    expect(await readObject(cluster, hook('istio-revision-tag-prod'))).toBeUndefined();
  });

  it('set refuses an unknown revision and a tag named like a revision', async () => {
    const unknown = await set('prod', '--revision', 'nope');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toBe(
      'Error: cannot modify tag: cannot find MutatingWebhookConfiguration or Service with revision "nope"\n' +
        '  hint: install the revision first (mesh install -r <revision>), or name an installed one (mesh tag list)\n',
    );
    const shadow = await set('canary', '--revision', 'canary');
    expect(shadow.exitCode).toBe(1);
    expect(shadow.stderr).toBe(
      'Error: cannot create revision tag "canary": found existing control plane revision with same name\n' +
        '  hint: choose another tag name; a tag cannot shadow a revision\n',
    );
  });

  it('set writes istio-revision-tag-prod, selecting istio.io/rev=prod namespaces for the canary istiod', async () => {
    expect(await injectorFor(cluster, 'tag-prod-a')).toEqual({});
    const result = await set('prod', '--revision', 'canary');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      'Revision tag "prod" created, referencing control plane revision "canary". To enable injection using this\n' +
        "revision tag, use 'kubectl label namespace <NAMESPACE> istio.io/rev=prod'\n",
    );
    const live = (await readObject(cluster, hook('istio-revision-tag-prod'))) as K8sObject & {
      webhooks: {name: string; namespaceSelector: unknown}[];
    };
    expect(live.metadata.labels).toMatchObject({'istio.io/tag': 'prod', 'istio.io/rev': 'canary'});
    // A user's tag: no installer labels, so no install prunes it and uninstall -r leaves it.
    expect(Object.keys(live.metadata.labels!).filter((k) => k.includes('operator.istio.io'))).toEqual([]);
    expect(live.webhooks.map((w) => w.name)).toEqual([
      'rev.namespace.sidecar-injector.istio.io',
      'rev.object.sidecar-injector.istio.io',
    ]);
    expect(live.webhooks[0]!.namespaceSelector).toEqual({
      matchExpressions: [
        {key: 'istio.io/rev', operator: 'In', values: ['prod']},
        {key: 'istio-injection', operator: 'DoesNotExist'},
      ],
    });
    expect(await readObject(cluster, service('istiod-revision-tag-prod'))).toBeDefined();
    expect(await injectorFor(cluster, 'tag-prod-a')).toEqual({
      webhook: 'rev.namespace.sidecar-injector.istio.io',
      service: 'istiod-canary',
    });

    const again = await set('prod', '--revision', 'canary');
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toBe(
      'Error: revision tag "prod" already exists, and --overwrite is false\n' +
        '  hint: pass --overwrite to point it at revision "canary"\n',
    );
    expect((await set('prod', '--revision', 'canary', '--overwrite')).exitCode).toBe(0);
  });

  it('list shows each tag, its revision and the namespaces using it', async () => {
    const table = await list();
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toBe('TAG  REVISION NAMESPACES\n' + 'prod canary   tag-prod-a,tag-prod-b\n');
    const json = await list('-o', 'json');
    expect(JSON.parse(json.stdout)).toEqual([
      {tag: 'prod', revision: 'canary', namespaces: ['tag-prod-a', 'tag-prod-b']},
    ]);
    expect(json.stdout).toContain('\n\t{\n\t\t"tag": "prod",');
  });

  it('remove refuses while namespaces use the tag, then -y removes it', async () => {
    const refused = await remove('prod');
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(
      'Error: cannot remove tag "prod": found 2 namespace(s) still injected by it: tag-prod-a tag-prod-b\n' +
        '  hint: point them elsewhere first (kubectl label namespace <NAMESPACE> istio.io/rev=<revision> --overwrite), or pass -y to remove it anyway\n',
    );
    expect(await readObject(cluster, hook('istio-revision-tag-prod'))).toBeDefined();

    const removed = await remove('prod', '-y');
    expect(removed.exitCode).toBe(0);
    expect(removed.stdout).toBe('Revision tag prod removed\n');
    expect(await readObject(cluster, hook('istio-revision-tag-prod'))).toBeUndefined();
    expect(await readObject(cluster, service('istiod-revision-tag-prod'))).toBeUndefined();
    expect(await injectorFor(cluster, 'tag-prod-a')).toEqual({});

    const gone = await remove('prod');
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toBe(
      'Error: cannot remove tag "prod": cannot find MutatingWebhookConfiguration or Service for tag\n' +
        '  hint: list the tags with: mesh tag list\n',
    );
    const table = await list();
    expect(table.stdout).toBe('TAG REVISION NAMESPACES\n    canary   \n');
  });
});
