import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import yaml from 'js-yaml';
import {describe, expect, it} from 'vitest';
import ProfileDump from '../../../src/commands/profile/dump.js';
import {MeshError} from '../../../src/errors.js';
import {applySet} from '../../../src/spec/apply.js';
import {listProfiles} from '../../../src/spec/profiles.js';
import {SPEC_SCHEMA, type Schema} from '../../../src/spec/schema.js';
import {parseSet} from '../../../src/spec/set-value.js';
import type {Json, JsonObject} from '../../../src/spec/types.js';
import {validateSpec} from '../../../src/spec/validate.js';
import {runCommand} from '../../support/run-command.js';

// Map keys with the characters the grammar escapes (`.`, `[`, `=`, `\`).
const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._/=[\\-]{0,12}$/);
const text = fc.string({maxLength: 12});
const scalar: fc.Arbitrary<Json> = fc.oneof(
  text,
  fc.integer(),
  fc.boolean(),
  fc.double({noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6}),
);
const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,12}[a-z0-9])?$/);

/** Values the schema accepts but a generic generator would not produce (names, cross-field rules). */
const OVERRIDES: {[path: string]: fc.Arbitrary<Json>} = {
  'spec.profile': fc.constantFrom(...listProfiles()),
  'spec.revision': fc.oneof(fc.constant(''), dnsLabel),
};

/** Arbitrary values that conform to a schema node; objects get at most 3 fields so deep paths stay cheap. */
function arbitraryFor(schema: Schema, path: string, depth: number): fc.Arbitrary<Json> {
  if (OVERRIDES[path]) return OVERRIDES[path];
  switch (schema.type) {
    case 'string':
      if (schema.format === 'a DNS-1123 label') return dnsLabel;
      return schema.enum ? fc.constantFrom(...schema.enum) : text;
    case 'integer':
      return fc.integer({min: schema.minimum ?? -1000, max: schema.maximum ?? 1000});
    case 'number':
      return fc.oneof(
        fc.integer({min: schema.minimum ?? -100, max: schema.maximum ?? 100}),
        fc.constantFrom(0.5, 12.25),
      );
    case 'boolean':
      return fc.boolean();
    case 'intOrString':
      return fc.oneof(fc.integer({min: 0, max: 65535}), fc.stringMatching(/^[0-9]{1,3}(m|Mi|Gi)$/));
    case 'any':
      return scalar;
    case 'map':
      return depth > 6
        ? fc.constant({})
        : fc.dictionary(
            schema.keyCheck ? fc.constantFrom('cpu', 'memory', 'ephemeral-storage', 'example.com/gpu') : key,
            arbitraryFor(schema.values, `${path}.*`, depth + 1),
            {maxKeys: 2},
          );
    case 'list':
      return depth > 6 ? fc.constant([]) : listOf(schema.items, path, depth);
    case 'object': {
      if (depth > 6) return fc.constant({});
      const choice = schema.exactlyOne ?? [];
      const fields = Object.keys(schema.properties).filter((name) => !choice.includes(name));
      const arb = (name: string) => arbitraryFor(schema.properties[name]!, `${path}.${name}`, depth + 1);
      const required = schema.required ?? [];
      const optional = fields.filter((f) => !required.includes(f));
      const picked = fc.subarray(optional, {maxLength: Math.min(3, optional.length)});
      const kind = choice.length ? fc.constantFrom(...choice).map((k) => [k]) : fc.constant([]);
      return fc
        .tuple(picked, kind)
        .chain(([names, kinds]) =>
          fc.record(Object.fromEntries([...required, ...names, ...kinds].map((n) => [n, arb(n)]))),
        );
    }
  }
}

/** Mostly short lists, sometimes 11 or 12 elements (indexes past 9 sort differently as text); gateways by unique name. */
function listOf(items: Schema, path: string, depth: number): fc.Arbitrary<Json> {
  const item = arbitraryFor(items, `${path}[]`, depth + 1);
  if (path.endsWith('Gateways')) {
    const gateway = fc.tuple(item, dnsLabel).map(([g, name]) => ({...(g as JsonObject), name}));
    return fc.uniqueArray(gateway, {maxLength: 2, selector: (g) => g.name});
  }
  return fc.oneof(
    {weight: 4, arbitrary: fc.array(item, {maxLength: 2})},
    {weight: 1, arbitrary: fc.array(item, {minLength: 11, maxLength: 12})},
  );
}

/** A fixed seed: the suite checks the same cases on every run (a failure is reproducible). */
const SEED = 20261202;

const dir = mkdtempSync(join(tmpdir(), 'mesh-flags-'));
let files = 0;

function specFile(spec: Json): string {
  const file = join(dir, `spec-${files++}.yaml`);
  writeFileSync(file, yaml.dump({apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec}));
  return file;
}

async function dump(argv: string[]): Promise<string> {
  const result = await runCommand(ProfileDump, argv);
  expect(result.stderr).toBe('');
  return result.stdout;
}

/** The flags fed back: `mesh profile dump --set <line>… -o json`, its spec. */
async function specFromFlags(flags: string): Promise<Json> {
  const lines = flags.split('\n').filter((line) => line !== '');
  return (JSON.parse(await dump([...lines.map((line) => `--set=${line}`), '-o', 'json'])) as {spec: Json})
    .spec;
}

describe('profile dump -o flags round trip', () => {
  it('the printed lines, fed back through --set, rebuild the same spec', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryFor(SPEC_SCHEMA, 'spec', 0), async (spec) => {
        const file = specFile(spec);
        const flags = await dump(['-f', file, '-o', 'flags']);
        expect(flags).not.toMatch(/^(apiVersion|kind|metadata|spec)[.=]/m);
        const expected = (JSON.parse(await dump(['-f', file, '-o', 'json'])) as {spec: Json}).spec;
        expect(await specFromFlags(flags)).toEqual(expected);
      }),
      {seed: SEED, numRuns: 150},
    );
  }, 60_000);

  it('with -p, the lines carry the config path and read back to the same subtree', async () => {
    const env = Array.from({length: 12}, (_, i) => ({name: `VAR_${i}`, value: `v${i}`}));
    const flags = await dump([
      '-f',
      specFile({components: {pilot: {k8s: {env}}}}),
      '-o',
      'flags',
      '-p',
      'components.pilot',
    ]);
    const lines = flags.trimEnd().split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'components.pilot.enabled=true',
      'components.pilot.k8s.env=[]',
      'components.pilot.k8s.env[0].name="VAR_0"',
      'components.pilot.k8s.env[0].value="v0"',
      'components.pilot.k8s.env[1].name="VAR_1"',
      'components.pilot.k8s.env[1].value="v1"',
    ]);
    expect(lines.indexOf('components.pilot.k8s.env[2].name="VAR_2"')).toBeLessThan(
      lines.indexOf('components.pilot.k8s.env[10].name="VAR_10"'),
    );
    const rebuilt = (await specFromFlags(flags)) as {components: {pilot: {k8s: {env: unknown}}}};
    expect(rebuilt.components.pilot.k8s.env).toEqual(env);
  });

  it("a list shorter than the profile's reads back whole, not over the profile's first elements", async () => {
    const providers = [{name: 'zipkin', zipkin: {service: 'zipkin.tracing', port: 9411}}];
    const flags = await dump([
      '-f',
      specFile({profile: 'demo', meshConfig: {extensionProviders: providers}}),
      '-o',
      'flags',
    ]);
    expect(flags).toContain(
      '\nmeshConfig.extensionProviders=[]\nmeshConfig.extensionProviders[0].name="zipkin"\n',
    );
    const rebuilt = (await specFromFlags(flags)) as {meshConfig: {extensionProviders: unknown}};
    expect(rebuilt.meshConfig.extensionProviders).toEqual(providers);
  });

  it('generated specs are valid, so the generator itself is honest', () => {
    fc.assert(
      fc.property(arbitraryFor(SPEC_SCHEMA, 'spec', 0), (spec) => {
        expect(validateSpec(spec)).toEqual([]);
      }),
      {seed: SEED, numRuns: 300},
    );
  });
});

describe('the --set parser never crashes', () => {
  it('any input either parses or fails with a MeshError', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 40}), (input) => {
        try {
          applySet({}, parseSet(input));
        } catch (error) {
          expect(error).toBeInstanceOf(MeshError);
        }
      }),
      {seed: SEED, numRuns: 2000},
    );
  });

  it('path-like inputs too', () => {
    const pathy = fc.stringMatching(/^[a-zA-Z.\\[\]:0-9=]{0,30}$/);
    fc.assert(
      fc.property(pathy, (input) => {
        try {
          applySet({}, parseSet(input));
        } catch (error) {
          expect(error).toBeInstanceOf(MeshError);
        }
      }),
      {seed: SEED, numRuns: 2000},
    );
  });
});
