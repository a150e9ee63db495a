import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {expectedFromFiles} from '../../../src/verify/expected.js';
import {MeshError} from '../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'mesh-expected-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('verify-install -f', () => {
  it('plain manifests: namespaced objects default to istio-system, cluster-scoped ones lose a namespace', async () => {
    const path = file(
      'plain.yaml',
      [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\n  namespace: ignored',
        '',
      ].join('\n---\n'),
    );
    const expected = await expectedFromFiles({files: [path]});
    expect(expected.source).toBe('files');
    expect(expected.revision).toBeUndefined();
    expect(expected.objects.map((o) => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ['ConfigMap', 'istio', 'istio-system'],
      ['ClusterRole', 'r', undefined],
    ]);
  });

  it('an IstioOperator is composed and rendered: its revision and objects', async () => {
    const path = file(
      'canary.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  profile: minimal\n  revision: canary\n',
    );
    const expected = await expectedFromFiles({files: [path]});
    expect(expected.revision).toBe('canary');
    expect(expected.namespace).toBe('istio-system');
    const deployments = expected.objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
    expect(deployments).toEqual(['istiod-canary']);
  });

  it('- reads standard input once', async () => {
    const expected = await expectedFromFiles({
      files: ['-'],
      readStdin: async () => 'apiVersion: v1\nkind: Service\nmetadata:\n  name: istiod\n  namespace: other\n',
    });
    expect(expected.objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Service/other/istiod',
    ]);
  });

  it('errors name the file: missing file, invalid YAML, a document that is no object', async () => {
    await expect(expectedFromFiles({files: [join(dir, 'nope.yaml')]})).rejects.toThrow(
      `-f ${join(dir, 'nope.yaml')}: cannot read: no such file`,
    );
    const bad = file('bad.yaml', 'kind: [\n');
    await expect(expectedFromFiles({files: [bad]})).rejects.toThrow(/invalid YAML at line/);
    const noName = file('noname.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n');
    const error = await expectedFromFiles({files: [noName]}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).message).toBe(
      `-f ${noName}: document 1 is not a Kubernetes object (it needs apiVersion, kind and metadata.name)`,
    );
  });
});
