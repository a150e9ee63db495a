import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {composeSpec, mergeSpecs, parseSets} from '../../../src/spec/compose.js';
import {listProfiles, loadProfile} from '../../../src/spec/profiles.js';
import {validateSpec} from '../../../src/spec/validate.js';

const dir = mkdtempSync(join(tmpdir(), 'mesh-compose-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('profiles', () => {
  it('lists the built-in profiles, sorted', () => {
    // Istio 1.31.0's own profiles/ directory, exported by the build.
    expect(listProfiles()).toEqual([
      'ambient',
      'default',
      'demo',
      'empty',
      'minimal',
      'openshift',
      'openshift-ambient',
      'preview',
      'remote',
      'stable',
    ]);
  });

  it.each(listProfiles())('%s is a valid IstioOperator', (name) => {
    const profile = loadProfile(name);
    expect(profile.apiVersion).toBe('install.istio.io/v1alpha1');
    expect(profile.kind).toBe('IstioOperator');
    expect(validateSpec(profile.spec as never)).toEqual([]);
  });

  it('suggests the closest profile for a typo', () => {
    expect(() => loadProfile('demoo')).toThrow('unknown profile "demoo" (did you mean "demo"?)');
  });
});

describe('composeSpec precedence', () => {
  it('merges every profile over default, with the release hub and tag', async () => {
    const {operator} = await composeSpec({sets: ['profile=demo']});
    expect(operator.spec.components?.base?.enabled).toBe(true); // from default
    expect(operator.spec.components?.ingressGateways?.[0]).toMatchObject({
      name: 'istio-ingressgateway',
      enabled: true,
    }); // from default
    // Istio 1.31's demo profile enables the egress gateway and sets values.profile (its
    // resources and access log come from the charts' demo values, not from the spec).
    expect(operator.spec.components?.egressGateways).toEqual([{name: 'istio-egressgateway', enabled: true}]);
    expect((operator.spec.values as {profile?: string}).profile).toBe('demo');
    expect(operator.spec.profile).toBe('demo');
    // The profiles' test hub is never what a release installs.
    expect([operator.spec.hub, operator.spec.tag]).toEqual(['docker.io/istio', '1.31.0']);
    expect(operator.metadata.namespace).toBe('istio-system');
  });

  it('minimal has base and pilot only; empty has nothing', async () => {
    const minimal = (await composeSpec({sets: ['profile=minimal']})).operator.spec.components!;
    expect([minimal.base?.enabled, minimal.pilot?.enabled, minimal.ingressGateways?.[0]?.enabled]).toEqual([
      true,
      true,
      false,
    ]);
    const empty = (await composeSpec({sets: ['profile=empty']})).operator.spec.components!;
    expect([empty.base?.enabled, empty.pilot?.enabled, empty.ingressGateways?.[0]?.enabled]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('default < profile < -f files in order < --set in order', async () => {
    const a = file(
      'a.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  profile: demo\n  meshConfig:\n    accessLogFile: /a\n    trustDomain: a.local\n',
    );
    const b = file(
      'b.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  meshConfig:\n    accessLogFile: /b\n',
    );
    const {profile, operator} = await composeSpec({
      files: [a, b],
      sets: ['meshConfig.trustDomain=x.local', 'meshConfig.trustDomain=y.local'],
    });
    expect(profile).toBe('demo');
    expect(operator.spec.meshConfig).toMatchObject({accessLogFile: '/b', trustDomain: 'y.local'});
  });

  it('gateway lists merge by name; other lists replace', async () => {
    const overlay = file(
      'gw.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  components:\n    ingressGateways:\n      - name: extra\n        namespace: edge\n  meshConfig:\n    defaultProviders:\n      metrics: [otel]\n',
    );
    const {operator} = await composeSpec({
      files: [overlay],
      sets: ['components.ingressGateways[name:istio-ingressgateway].enabled=false'],
    });
    expect(operator.spec.components?.ingressGateways).toEqual([
      {name: 'istio-ingressgateway', enabled: false},
      {name: 'extra', namespace: 'edge'},
    ]);
    expect(operator.spec.meshConfig?.defaultProviders).toEqual({metrics: ['otel']});
  });

  it('reads -f - from standard input', async () => {
    const {operator} = await composeSpec({
      files: ['-'],
      readStdin: async () =>
        'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  hub: example.test/istio\n',
    });
    expect(operator.spec.hub).toBe('example.test/istio');
  });

  it('-r sets the revision, except "default"', async () => {
    expect((await composeSpec({revision: 'canary'})).operator.spec.revision).toBe('canary');
    expect((await composeSpec({revision: 'default'})).operator.spec.revision).toBeUndefined();
    await expect(composeSpec({revision: 'Canary_1'})).rejects.toThrow('invalid revision "Canary_1"');
  });

  it('spec fields that istioctl retypes into values are validated as the spec fields they are', async () => {
    // `-r 123` is a valid revision; the translation writes values.revision: 123 (a number).
    const numeric = (await composeSpec({revision: '123', sets: ['hub=0']})).operator.spec;
    expect(numeric.revision).toBe('123');
    expect(numeric.hub).toBe('0');
    expect((numeric.values as {revision?: unknown}).revision).toBe(123);
    // A number the user writes into values is still refused.
    const own = file(
      'values-hub.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  values:\n    global:\n      hub: 1\n',
    );
    await expect(composeSpec({files: [own]})).rejects.toThrow(
      'spec.values.global.hub: expected a string, got 1',
    );
  });

  it('merges maps deeply and lists wholesale', () => {
    expect(mergeSpecs({a: {b: 1, c: [1, 2]}}, {a: {c: [3]}})).toEqual({a: {b: 1, c: [3]}});
  });
});

describe('composeSpec bad input', () => {
  it.each([
    [['missing.yaml'], '-f missing.yaml: cannot read: no such file'],
    [[file('bad.yaml', 'spec:\n  a: [\n')], 'invalid YAML at line'],
    [
      [file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\n')],
      'expected kind IstioOperator (install.istio.io/v1alpha1), found kind ConfigMap',
    ],
    [
      [
        file(
          'typo.yaml',
          'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  components:\n    pilot:\n      k8s:\n        replicaCont: 2\n',
        ),
      ],
      'spec.components.pilot.k8s.replicaCont: unknown field "replicaCont" (did you mean "replicaCount"?)',
    ],
    [
      [
        file(
          'type.yaml',
          'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  components:\n    pilot:\n      enabled: "yes"\n',
        ),
      ],
      'spec.components.pilot.enabled: expected true or false, got "yes"',
    ],
  ])('%s', async (files, message) => {
    await expect(composeSpec({files})).rejects.toThrow(message);
  });

  it('names the file in validation errors', async () => {
    const path = file(
      'named.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  hubb: x\n',
    );
    await expect(composeSpec({files: [path]})).rejects.toThrow(
      `-f ${path}: spec.hubb: unknown field "hubb" (did you mean "hub"?)`,
    );
  });

  it('a --set that does not apply is reported once, with the merged spec’s problems, and the rest still apply', async () => {
    const error = await composeSpec({
      sets: [
        'values.gateways.istio-ingressgateway.ports[name:nope].port=1', // a values path: applied twice by the merge
        'meshConfig.extensionProviders[0].zipkin.service=z', // applies, but the provider has no name
      ],
    }).then(
      () => expect.fail('composeSpec did not fail'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toBe(
      [
        '2 problems:',
        '  --set values.gateways.istio-ingressgateway.ports[name:nope].port=1: element [name:nope] not found in values.gateways.istio-ingressgateway.ports',
        '  the merged spec: spec.meshConfig.extensionProviders[0]: missing required field "name"',
      ].join('\n'),
    );
  });

  it('lists the problems of every file and every --set in one error', async () => {
    const one = file(
      'one.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  hubb: x\n',
    );
    const two = file(
      'two.yaml',
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  tagg: x\n',
    );
    await expect(
      composeSpec({files: [one, two, 'missing.yaml'], sets: ['foo=1'], setStrings: ['quux=2']}),
    ).rejects.toThrow(
      [
        '5 problems:',
        '  --set foo=1: unknown field "foo" in spec',
        '  --set-string quux=2: unknown field "quux" in spec',
        `  -f ${one}: spec.hubb: unknown field "hubb" (did you mean "hub"?)`,
        `  -f ${two}: spec.tagg: unknown field "tagg" (did you mean "tag"?)`,
        '  -f missing.yaml: cannot read: no such file',
      ].join('\n'),
    );
  });

  it('parseSets reports every bad --set, not the first', () => {
    expect(() => parseSets({sets: ['a=1', 'components.pilot.enabled=yes'], revision: 'Canary'})).toThrow(
      /^3 problems:\n {2}--set a=1: .*\n {2}--set components\.pilot\.enabled=yes: .*\n {2}-r Canary: invalid revision "Canary"/,
    );
  });

  it('rejects an unknown profile', async () => {
    await expect(composeSpec({sets: ['profile=minimall']})).rejects.toThrow(
      'unknown profile "minimall" (did you mean "minimal"?)',
    );
  });
});
