import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {MeshError} from '../../../src/errors.js';
import {parseOverlayPath} from '../../../src/render/overlays.js';
import {composeSpec} from '../../../src/spec/compose.js';
import {checkDocument, invalidUtf8Offset} from '../../../src/spec/input-guard.js';
import {formatPath, parsePath} from '../../../src/spec/set-path.js';
import {formatPath as formatDriftPath} from '../../../src/verify/drift.js';

const dir = mkdtempSync(join(tmpdir(), 'mesh-hostile-'));
function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const cleanKeys = prototypeKeys();

async function composeError(input: Parameters<typeof composeSpec>[0]): Promise<MeshError> {
  try {
    await composeSpec(input);
  } catch (error) {
    expect(error).toBeInstanceOf(MeshError);
    return error as MeshError;
  }
  throw new Error('composeSpec succeeded');
}

afterEach(() => {
  // Nothing any case did may reach Object.prototype.
  expect(prototypeKeys()).toEqual(cleanKeys);
  expect(({} as {hub?: unknown}).hub).toBeUndefined();
});

describe('prototype keys in paths', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('--set refuses a %s segment', async (key) => {
    const error = await composeError({sets: [`unvalidatedValues.x.${key}.hub=evil.example.com`]});
    expect(error.message).toBe(
      `--set unvalidatedValues.x.${key}.hub=evil.example.com: "${key}" is not allowed as a key`,
    );
  });

  it('refuses a selector on a prototype key', () => {
    expect(() => parsePath('a[__proto__:x]')).toThrow('"__proto__" is not allowed as a key');
  });

  it('an overlay patch path with __proto__ is refused, naming the overlay', () => {
    expect(() =>
      parseOverlayPath('metadata.__proto__.hub', 'components.pilot.k8s.overlays[0].patches[0]'),
    ).toThrow(
      'components.pilot.k8s.overlays[0].patches[0]: patch path "metadata.__proto__.hub": "__proto__" is not allowed as a key',
    );
  });

  it('an overlay in a -f file patching __proto__ is refused before anything renders', async () => {
    const overlay = file(
      'proto-overlay.yaml',
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
    // The spec itself is fine; the path is refused when parsed (render), never applied.
    const {operator} = await composeSpec({files: [overlay]});
    const patch = (operator.spec.components?.pilot?.k8s?.overlays?.[0] as {patches: {path: string}[]})
      .patches[0]!;
    expect(() => parseOverlayPath(patch.path, 'components.pilot.k8s.overlays[0]')).toThrow(MeshError);
  });

  it('a __proto__ key in a -f file is refused with its path', async () => {
    const bad = file(
      'proto-key.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  values:\n    global:\n      __proto__:\n        hub: evil.example.com\n',
    );
    const error = await composeError({files: [bad]});
    expect(error.message).toBe(
      `-f ${bad}: "__proto__" is not allowed as a key (at spec.values.global.__proto__)`,
    );
  });

  it('inherited names never read as schema or data', async () => {
    const error = await composeError({sets: ['toString=1']});
    expect(error.message).toContain('unknown field "toString" in spec');
    const ok = await composeSpec({sets: ['unvalidatedValues.hasOwnProperty=1']});
    expect(Object.hasOwn(ok.operator.spec as object, 'unvalidatedValues')).toBe(true);
  });
});

describe('bounded work', () => {
  it('refuses paths beyond 100 segments, and a 20,000-segment path without quadratic work', () => {
    const path = (n: number) => Array.from({length: n}, (_, i) => `k${i}`).join('.');
    expect(parsePath(path(100))).toHaveLength(100);
    expect(() => parsePath(path(101))).toThrow('at most 100 are allowed');
    expect(() => parsePath(path(20_000))).toThrow('more than 100 segments');
  });

  it('refuses a YAML alias bomb with the file name', async () => {
    const lines = [
      'apiVersion: install.istio.io/v1alpha1',
      'kind: IstioOperator',
      'spec:',
      '  components:',
      '    pilot:',
      '      k8s:',
      '        affinity:',
    ];
    const bomb = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(',')}]`,
      );
    const bombFile = file('bomb.yaml', [...lines, ...bomb.map((l) => `          ${l}`)].join('\n'));
    expect(Buffer.byteLength(bomb.join('\n'))).toBeLessThan(600);
    const error = await composeError({files: [bombFile]});
    expect(error.message).toBe(`-f ${bombFile}: YAML aliases expand beyond 100,000 nodes or 10 MB`);
  });

  it('refuses nesting deeper than 100 levels', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 150; i++) deep = {a: deep};
    expect(() => checkDocument(deep, '-f x')).toThrow('is nested deeper than 100 levels');
  });
});

describe('input that is not what it claims', () => {
  it('names .inf and .nan', async () => {
    const inf = file(
      'inf.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  components:\n    pilot:\n      k8s:\n        replicaCount: .inf\n',
    );
    expect((await composeError({files: [inf]})).message).toBe(
      `-f ${inf}: spec.components.pilot.k8s.replicaCount is .inf; expected a finite number`,
    );
    const nan = file(
      'nan.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  values:\n    x: .nan\n',
    );
    expect((await composeError({files: [nan]})).message).toContain('spec.values.x is .nan');
  });

  it('refuses bytes that are not UTF-8, with the offset', async () => {
    const latin1 = file('latin1.yaml', Buffer.from('kind: IstioOperator\n# caf\xe9\n', 'latin1'));
    expect((await composeError({files: [latin1]})).message).toBe(
      `-f ${latin1}: not UTF-8: invalid byte 0xe9 at byte offset 25`,
    );
    expect(invalidUtf8Offset(Buffer.from('héllo ✔ 😀'))).toBe(-1);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a surrogate
    expect(invalidUtf8Offset(Buffer.from([0xc0, 0x80]))).toBe(0); // overlong
  });
});

describe('one path grammar', () => {
  it.each([
    [['a.b', 'c[d]', 'e=f'], 'a\\.b.c\\[d].e\\=f'],
    [['webhooks', 0, {name: 'x]y:z'}, 'v'], 'webhooks[0][name:x\\]y\\:z].v'],
  ] as const)('drift path %j is written as %s and reads back', (segments, text) => {
    const written = formatDriftPath(segments as never);
    expect(written).toBe(text);
    expect(formatPath(parsePath(written))).toBe(written);
  });
});

describe('every input error is a MeshError', () => {
  const header = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\n';
  it.each([
    [
      'egress-null',
      'spec:\n  components:\n    egressGateways: [null]\n',
      'spec.components.egressGateways[0]: expected an object, got null',
    ],
    [
      'env-null',
      'spec:\n  components:\n    pilot:\n      k8s:\n        env: [null]\n',
      'spec.components.pilot.k8s.env[0]: expected an object, got null',
    ],
    [
      'namespace',
      'spec:\n  namespace: Bad_NS\n',
      'spec.namespace: invalid namespace "Bad_NS": must be a DNS-1123 label',
    ],
    [
      'gateway-namespace',
      'spec:\n  components:\n    ingressGateways:\n    - name: gw\n      namespace: "-x"\n',
      'spec.components.ingressGateways[0].namespace: invalid namespace "-x"',
    ],
    [
      'resources',
      'spec:\n  components:\n    pilot:\n      k8s:\n        resources:\n          requests:\n            cpuu: 1\n',
      'spec.components.pilot.k8s.resources.requests.cpuu: unknown resource "cpuu" (did you mean "cpu"?)',
    ],
  ])('%s', async (name, body, message) => {
    const path = file(`${name}.yaml`, header + body);
    expect((await composeError({files: [path]})).message).toContain(`-f ${path}: ${message}`);
  });

  it('accepts the resource names Kubernetes accepts', async () => {
    const path = file(
      'resources-ok.yaml',
      header +
        'spec:\n  components:\n    pilot:\n      k8s:\n        resources:\n          limits: {cpu: 1, memory: 1Gi, ephemeral-storage: 1Gi, hugepages-2Mi: 1Gi, example.com/gpu: 1}\n',
    );
    await expect(composeSpec({files: [path]})).resolves.toBeDefined();
  });

  it('a null meshConfig is unset, not a crash', async () => {
    const path = file('mc-null.yaml', header + 'spec:\n  meshConfig: null\n');
    const {operator} = await composeSpec({files: [path]});
    expect(Object.hasOwn(operator.spec, 'meshConfig')).toBe(false);
  });

  it('refuses another apiVersion', async () => {
    const path = file('api.yaml', 'apiVersion: install.istio.io/v2\nkind: IstioOperator\nspec: {}\n');
    expect((await composeError({files: [path]})).message).toBe(
      `-f ${path}: apiVersion "install.istio.io/v2" is not supported; expected install.istio.io/v1alpha1`,
    );
  });
});
