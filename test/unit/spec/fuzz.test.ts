/**
 * Fuzzing the input paths (fast-check, fixed seed, bounded runs): --set paths and values,
 * overlay files built from fragments of the schema's vocabulary (with null everywhere,
 * prototype keys and YAML aliases), and profile dump -p. Each run may fail only with a
 * MeshError, leaves Object.prototype as it was, and renders nothing the input did not name.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import ProfileDump from '../../../src/commands/profile/dump.js';
import {MeshError} from '../../../src/errors.js';
import {render} from '../../../src/render/index.js';
import {composeSpec} from '../../../src/spec/compose.js';
import {runCommand} from '../../support/run-command.js';

const SEED = 20261201;
const MARKER = 'evil.example.com';
const dir = mkdtempSync(join(tmpdir(), 'mesh-fuzz-'));
let count = 0;
const prototypeState = () => JSON.stringify(Object.getOwnPropertyNames(Object.prototype).sort());
const before = prototypeState();

/** Words the schema and Kubernetes use, prototype names, and odd ones. */
const word = fc.constantFrom(
  'components',
  'pilot',
  'k8s',
  'values',
  'global',
  'hub',
  'tag',
  'meshConfig',
  'env',
  'name',
  'value',
  'resources',
  'requests',
  'cpu',
  'ingressGateways',
  'egressGateways',
  'overlays',
  'patches',
  'path',
  'unvalidatedValues',
  'metadata',
  'spec',
  'revision',
  'namespace',
  'label',
  'enabled',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  'a.b',
  'x[0]',
  'k=v',
);
const segment = fc.oneof(
  {weight: 5, arbitrary: word},
  {weight: 1, arbitrary: fc.nat({max: 12}).map((n) => `[${n}]`)},
  {weight: 1, arbitrary: word.map((w) => `[name:${w}]`)},
);
const setPath = fc
  .array(segment, {minLength: 1, maxLength: 8})
  .map((parts) => parts.join('.').replaceAll('.[', '['));
const setValue = fc.oneof(
  fc.constantFrom(MARKER, 'true', '1', '1.5', '[]', '{}', 'null', '.inf', '"quoted"', ''),
  fc.string({maxLength: 8}),
);

/** An overlay tree: fragments of the schema's words with null, lists and prototype keys anywhere. */
const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    {depthSize: 'small', withCrossShrink: true},
    fc.constantFrom(null, MARKER, 1, true, 'x'),
    fc.array(tie('node'), {maxLength: 3}),
    fc.dictionary(word, tie('node'), {maxKeys: 3}),
  ),
})).node;

/** Places in a spec where a subtree is mostly accepted, so the fuzz gets past validation. */
const ROOTS: ((subtree: unknown) => unknown)[] = [
  (t) => t,
  (t) => ({values: t}),
  (t) => ({unvalidatedValues: t}),
  (t) => ({meshConfig: t}),
  (t) => ({components: {pilot: {enabled: true, k8s: t}}}),
  (t) => ({
    components: {
      ingressGateways: [{name: 'gw', k8s: {overlays: [{kind: 'Deployment', name: 'gw', patches: [t]}]}}],
    },
  }),
  (t) => ({components: {pilot: {k8s: {affinity: t, nodeSelector: t}}}}),
];

/** YAML text for a tree, optionally with an anchor reused as aliases. */
function yamlText(spec: unknown, alias: boolean): string {
  const body = JSON.stringify(spec);
  const head = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\n';
  if (!alias) return `${head}spec: ${body}\n`;
  return `${head}x-anchor: &a ${body}\nspec: {values: {a: *a, b: *a}, components: {pilot: {k8s: {affinity: *a}}}}\n`;
}

/** Runs one input through compose and render; only a MeshError may escape, and the marker only where asked. */
async function exercise(input: Parameters<typeof composeSpec>[0], named: boolean): Promise<void> {
  try {
    const {operator} = await composeSpec(input);
    const text = JSON.stringify(await render(operator));
    if (!named) expect(text).not.toContain(MARKER);
  } catch (error) {
    if (!(error instanceof MeshError)) throw error;
  } finally {
    expect(prototypeState()).toBe(before);
    expect(({} as {hub?: unknown}).hub).toBeUndefined();
  }
}

describe('fuzz', () => {
  it('--set paths and values: MeshError or a render, never a prototype change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(setPath, setValue), {minLength: 1, maxLength: 3}), async (sets) => {
        const lines = sets.map(([path, value]) => `${path}=${value}`);
        // The marker reaches the output only through a path that names a real place for it.
        const named = lines.some(
          (line) => line.includes(MARKER) && !/__proto__|constructor|prototype/.test(line),
        );
        await exercise({sets: lines}, named);
      }),
      {seed: SEED, numRuns: 300},
    );
  }, 120_000);

  it('overlay files with nulls, prototype keys and aliases', async () => {
    await fc.assert(
      fc.asyncProperty(tree, fc.boolean(), fc.constantFrom(...ROOTS), async (subtree, alias, root) => {
        const file = join(dir, `overlay-${count++}.yaml`);
        writeFileSync(file, yamlText(root(subtree), alias));
        await exercise({files: [file]}, true);
      }),
      {seed: SEED, numRuns: 300},
    );
  }, 120_000);

  it('a marker under a prototype key in a file never renders', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(word, {minLength: 0, maxLength: 4}),
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        async (prefix, key) => {
          let spec: unknown = {[key]: {hub: MARKER}};
          for (const w of prefix.reverse()) spec = {[w]: spec};
          const file = join(dir, `proto-${count++}.yaml`);
          writeFileSync(file, yamlText(spec, false));
          await exercise({files: [file]}, false);
        },
      ),
      {seed: SEED, numRuns: 150},
    );
  }, 120_000);

  it('profile dump -p: one error line or the subtree, never a JavaScript message', async () => {
    await fc.assert(
      fc.asyncProperty(setPath, async (path) => {
        const result = await runCommand(ProfileDump, ['-p', path]);
        if (result.error) {
          expect(result.stderr).toMatch(/^Error: /);
          expect(result.stderr).not.toMatch(/TypeError|Cannot read|undefined is not|\{\}/);
        }
        expect(prototypeState()).toBe(before);
      }),
      {seed: SEED, numRuns: 200},
    );
  }, 120_000);

  it.each(['__proto__', 'constructor', 'prototype'])('profile dump -p %s is an error', async (path) => {
    const result = await runCommand(ProfileDump, ['-p', path]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`"${path}" is not allowed as a key`);
  });
});
