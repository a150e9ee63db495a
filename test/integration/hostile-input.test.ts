import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import {RestError} from '../../src/cluster/rest.js';
import {kubeconfig, ownedVersions, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

let cluster: TestCluster;
const dir = mkdtempSync(join(tmpdir(), 'mesh-hostile-int-'));

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
});
afterAll(async () => {
  await purgeMesh(cluster);
});

describe('hostile input against the real apiserver', () => {
  it('an overlay patching __proto__ is refused before anything is written', async () => {
    const file = join(dir, 'proto.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: install.istio.io/v1alpha1',
        'kind: IstioOperator',
        'spec:',
        '  components:',
        '    pilot:',
        '      k8s:',
        '        overlays:',
        '        - kind: Deployment',
        '          name: istiod',
        '          patches:',
        '          - path: metadata.__proto__.hub',
        '            value: evil.example.com',
      ].join('\n'),
    );
    const before = await ownedVersions(cluster);
    // A namespace of its own: istio-system may be left from earlier files (mesh never deletes namespaces).
    const namespace = `mesh-hostile-${Date.now().toString(36)}`;
    const result = await runCommand(Install, [
      '-f',
      file,
      '-y',
      '--set',
      `namespace=${namespace}`,
      '--kubeconfig',
      kubeconfig(),
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'patch path "metadata.__proto__.hub": "__proto__" is not allowed as a key',
    );
    expect(({} as {hub?: unknown}).hub).toBeUndefined();
    expect(await ownedVersions(cluster)).toEqual(before);
    // Not even the namespace was created.
    const found = await cluster.rest.send({method: 'GET', path: `/api/v1/namespaces/${namespace}`}).then(
      () => 'exists',
      (error: unknown) => (error instanceof RestError && error.code === 404 ? 'absent' : String(error)),
    );
    expect(found).toBe('absent');
  });
});
