import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, it, expect} from 'vitest';
import yaml from 'js-yaml';

const crdDir = fileURLToPath(new URL('../../../manifests/crds/', import.meta.url));

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  enum?: unknown[];
  required?: string[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  [key: string]: unknown;
};

type Version = {
  name: string;
  served: boolean;
  storage: boolean;
  subresources?: {status?: object};
  schema?: {openAPIV3Schema?: Schema};
};

type Crd = {
  apiVersion: string;
  kind: string;
  metadata: {name: string; annotations?: object};
  spec: {
    group: string;
    scope: string;
    names: {
      kind: string;
      listKind: string;
      plural: string;
      singular: string;
      shortNames?: string[];
      categories?: string[];
    };
    versions: Version[];
  };
};

const EXPECTED: Record<string, {kind: string; shortNames?: string[]; versions: string[]; storage: string}> = {
  'destinationrules.networking.istio.io': {
    kind: 'DestinationRule',
    shortNames: ['dr'],
    versions: ['v1alpha3', 'v1beta1', 'v1'],
    storage: 'v1',
  },
  'envoyfilters.networking.istio.io': {kind: 'EnvoyFilter', versions: ['v1alpha3'], storage: 'v1alpha3'},
  'gateways.networking.istio.io': {
    kind: 'Gateway',
    shortNames: ['gw'],
    versions: ['v1alpha3', 'v1beta1', 'v1'],
    storage: 'v1',
  },
  'proxyconfigs.networking.istio.io': {kind: 'ProxyConfig', versions: ['v1beta1'], storage: 'v1beta1'},
  'serviceentries.networking.istio.io': {
    kind: 'ServiceEntry',
    shortNames: ['se'],
    versions: ['v1alpha3', 'v1beta1', 'v1'],
    storage: 'v1',
  },
  'sidecars.networking.istio.io': {kind: 'Sidecar', versions: ['v1alpha3', 'v1beta1', 'v1'], storage: 'v1'},
  'virtualservices.networking.istio.io': {
    kind: 'VirtualService',
    shortNames: ['vs'],
    versions: ['v1alpha3', 'v1beta1', 'v1'],
    storage: 'v1',
  },
  'workloadentries.networking.istio.io': {
    kind: 'WorkloadEntry',
    shortNames: ['we'],
    versions: ['v1alpha3', 'v1beta1', 'v1'],
    storage: 'v1',
  },
  'workloadgroups.networking.istio.io': {
    kind: 'WorkloadGroup',
    shortNames: ['wg'],
    versions: ['v1alpha3', 'v1beta1', 'v1'],
    storage: 'v1',
  },
  'authorizationpolicies.security.istio.io': {
    kind: 'AuthorizationPolicy',
    shortNames: ['ap'],
    versions: ['v1beta1', 'v1'],
    storage: 'v1',
  },
  'peerauthentications.security.istio.io': {
    kind: 'PeerAuthentication',
    shortNames: ['pa'],
    versions: ['v1beta1', 'v1'],
    storage: 'v1',
  },
  'requestauthentications.security.istio.io': {
    kind: 'RequestAuthentication',
    shortNames: ['ra'],
    versions: ['v1beta1', 'v1'],
    storage: 'v1',
  },
  'telemetries.telemetry.istio.io': {
    kind: 'Telemetry',
    shortNames: ['telemetry'],
    versions: ['v1alpha1', 'v1'],
    storage: 'v1',
  },
  'wasmplugins.extensions.istio.io': {kind: 'WasmPlugin', versions: ['v1alpha1'], storage: 'v1alpha1'},
  'istiooperators.install.istio.io': {
    kind: 'IstioOperator',
    shortNames: ['iop', 'io'],
    versions: ['v1alpha1'],
    storage: 'v1alpha1',
  },
};

const files = fs
  .readdirSync(crdDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const crds = new Map<string, Crd>();
for (const file of files) {
  const docs = yaml.loadAll(fs.readFileSync(path.join(crdDir, file), 'utf8')).filter((d) => d != null);
  if (docs.length !== 1) throw new Error(`${file}: expected one YAML document, found ${docs.length}`);
  crds.set(file.replace(/\.yaml$/, ''), docs[0] as Crd);
}

/** Returns one message per node that breaks the structural-schema rules this test checks. */
function structuralProblems(node: Schema, at: string, isRoot = true): string[] {
  const problems: string[] = [];
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  if (!node.type && !preserve && !intOrString) problems.push(`${at}: no type`);
  if (node.properties && node.additionalProperties !== undefined) {
    problems.push(`${at}: both properties and additionalProperties`);
  }
  if (node.type === 'array' && !node.items) problems.push(`${at}: array without items`);
  if (node.items && node.type !== 'array') problems.push(`${at}: items on a non-array`);
  if (node.properties && node.type !== 'object') problems.push(`${at}: properties on a non-object`);
  if (node.additionalProperties !== undefined && node.type !== 'object') {
    problems.push(`${at}: additionalProperties on a non-object`);
  }
  if (node.additionalProperties === false) problems.push(`${at}: additionalProperties: false`);
  if (node.enum && node.type) {
    for (const v of node.enum) {
      const t =
        typeof v === 'number' ? (Number.isInteger(v) ? ['integer', 'number'] : ['number']) : [typeof v];
      if (!t.includes(node.type)) problems.push(`${at}: enum value ${String(v)} is not a ${node.type}`);
    }
  }
  for (const r of node.required ?? []) {
    if (!node.properties?.[r] && !preserve) problems.push(`${at}: required ${r} is not a property`);
  }
  // Logic junctors may not set types, and $ref is not allowed at all.
  for (const banned of ['$ref', 'allOf', 'anyOf', 'oneOf', 'not']) {
    if (banned in node) problems.push(`${at}: uses ${banned}`);
  }
  if (isRoot && node.properties?.metadata) problems.push(`${at}: root schema constrains metadata`);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    problems.push(...structuralProblems(child, `${at}.${name}`, false));
  }
  if (node.items) problems.push(...structuralProblems(node.items, `${at}[]`, false));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    problems.push(...structuralProblems(node.additionalProperties, `${at}{*}`, false));
  }
  return problems;
}

/** Specs that keep unknown fields while still validating their top-level fields. */
const LOOSE_SPECS = new Set([
  'envoyfilters.networking.istio.io',
  'proxyconfigs.networking.istio.io',
  'serviceentries.networking.istio.io',
  'sidecars.networking.istio.io',
  'workloadentries.networking.istio.io',
  'workloadgroups.networking.istio.io',
  'authorizationpolicies.security.istio.io',
  'requestauthentications.security.istio.io',
  'wasmplugins.extensions.istio.io',
]);

/** Paths of nodes that set x-kubernetes-preserve-unknown-fields and also declare properties. */
function preserveWithProperties(node: Schema, at: string): string[] {
  const found = node['x-kubernetes-preserve-unknown-fields'] === true && node.properties ? [at] : [];
  for (const [name, child] of Object.entries(node.properties ?? {}))
    found.push(...preserveWithProperties(child, `${at}.${name}`));
  if (node.items) found.push(...preserveWithProperties(node.items, `${at}[]`));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    found.push(...preserveWithProperties(node.additionalProperties, `${at}{*}`));
  }
  return found;
}

/** Follows a dotted path through properties; `[]` steps into items, `{}` into additionalProperties. */
function at(schema: Schema, dotted: string): Schema {
  let node = schema;
  for (const step of dotted.split('.')) {
    let next: Schema | undefined;
    if (step === '[]') next = node.items;
    else if (step === '{}')
      next = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
    else next = node.properties?.[step];
    if (!next) throw new Error(`no schema at ${dotted} (stuck at ${step})`);
    node = next;
  }
  return node;
}

function storageSchema(name: string): Schema {
  const crd = crds.get(name);
  const version = crd?.spec.versions.find((v) => v.storage);
  const schema = version?.schema?.openAPIV3Schema;
  if (!schema) throw new Error(`${name}: no storage schema`);
  return schema;
}

describe('manifests/crds', () => {
  it('holds exactly the 15 Istio CRDs, one file each', () => {
    expect([...crds.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each([...crds.entries()])('%s', (name, crd) => {
    const expected = EXPECTED[name]!;

    it('is a v1 CustomResourceDefinition named plural.group', () => {
      expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
      expect(crd.kind).toBe('CustomResourceDefinition');
      expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.${crd.spec.group}`);
      expect(crd.metadata.annotations).toBeUndefined();
    });

    it('has the Istio names, scope and categories', () => {
      const {names} = crd.spec;
      expect(names.kind).toBe(expected.kind);
      expect(names.listKind).toBe(`${expected.kind}List`);
      expect(names.singular).toBe(expected.kind.toLowerCase());
      expect(names.shortNames).toEqual(expected.shortNames);
      expect(crd.spec.scope).toBe('Namespaced');
      expect(names.categories).toEqual(['istio-io', `${crd.spec.group.split('.')[0]}-istio-io`]);
    });

    it('serves the Istio versions with exactly one storage version', () => {
      const versions = crd.spec.versions;
      expect(versions.map((v) => v.name).sort()).toEqual([...expected.versions].sort());
      expect(versions.every((v) => v.served)).toBe(true);
      expect(versions.filter((v) => v.storage).map((v) => v.name)).toEqual([expected.storage]);
    });

    it('gives every version the same schema and a status subresource', () => {
      const first = crd.spec.versions[0]!.schema?.openAPIV3Schema;
      for (const v of crd.spec.versions) {
        expect(v.schema?.openAPIV3Schema, v.name).toBeDefined();
        expect(v.schema?.openAPIV3Schema).toEqual(first);
        expect(v.subresources).toEqual({status: {}});
      }
    });

    it('has a structural schema', () => {
      for (const v of crd.spec.versions) {
        const schema = v.schema!.openAPIV3Schema!;
        expect(structuralProblems(schema, v.name)).toEqual([]);
        // Keeping unknown fields next to declared properties is deliberate only for the loosely modelled specs.
        const mixed = preserveWithProperties(schema, 'root');
        expect(mixed).toEqual(LOOSE_SPECS.has(name) ? ['root.spec'] : []);
        expect(schema.type).toBe('object');
        expect(at(schema, 'spec').type).toBe('object');
        expect(at(schema, 'status')).toEqual({type: 'object', 'x-kubernetes-preserve-unknown-fields': true});
      }
    });
  });

  it('catches non-structural schemas', () => {
    expect(structuralProblems({type: 'object', properties: {a: {}}}, 'x')).toEqual(['x.a: no type']);
    expect(
      structuralProblems(
        {type: 'object', properties: {a: {type: 'string'}}, additionalProperties: {type: 'string'}},
        'x',
      ),
    ).toEqual(['x: both properties and additionalProperties']);
    expect(
      structuralProblems({type: 'object', properties: {a: {'x-kubernetes-int-or-string': true}}}, 'x'),
    ).toEqual([]);
  });

  it('IstioOperator keeps spec and status as free-form objects', () => {
    const schema = storageSchema('istiooperators.install.istio.io');
    expect(at(schema, 'spec')['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(at(schema, 'spec').properties).toBeUndefined();
  });

  it('DestinationRule validates host, subsets and the TLS mode', () => {
    const schema = storageSchema('destinationrules.networking.istio.io');
    expect(at(schema, 'spec').required).toEqual(['host']);
    expect(at(schema, 'spec.host').type).toBe('string');
    expect(at(schema, 'spec.subsets.[]').required).toEqual(['name']);
    expect(at(schema, 'spec.subsets.[].labels.{}').type).toBe('string');
    expect(at(schema, 'spec.trafficPolicy.tls.mode').enum).toEqual([
      'DISABLE',
      'SIMPLE',
      'MUTUAL',
      'ISTIO_MUTUAL',
    ]);
    expect(at(schema, 'spec.subsets.[].trafficPolicy.tls.mode').enum).toEqual([
      'DISABLE',
      'SIMPLE',
      'MUTUAL',
      'ISTIO_MUTUAL',
    ]);
    expect(at(schema, 'spec.exportTo.[]').type).toBe('string');
  });

  it('VirtualService validates routes and matches', () => {
    const schema = storageSchema('virtualservices.networking.istio.io');
    expect(at(schema, 'spec.hosts.[]').type).toBe('string');
    expect(at(schema, 'spec.http.[].route.[].weight').type).toBe('integer');
    expect(at(schema, 'spec.http.[].route.[].destination').required).toEqual(['host']);
    expect(at(schema, 'spec.http.[].route.[].destination.port.number').type).toBe('integer');
    expect(at(schema, 'spec.http.[].match.[].uri.prefix').type).toBe('string');
    expect(at(schema, 'spec.http.[].match.[].headers.{}.exact').type).toBe('string');
  });

  it('PeerAuthentication validates the mTLS mode, also per port', () => {
    const schema = storageSchema('peerauthentications.security.istio.io');
    const modes = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'];
    expect(at(schema, 'spec.mtls.mode').enum).toEqual(modes);
    expect(at(schema, 'spec.portLevelMtls.{}.mode').enum).toEqual(modes);
    expect(at(schema, 'spec.selector.matchLabels.{}').type).toBe('string');
  });

  it('Telemetry validates tracing, metrics and access logging', () => {
    const schema = storageSchema('telemetries.telemetry.istio.io');
    const sampling = at(schema, 'spec.tracing.[].randomSamplingPercentage');
    expect(sampling).toMatchObject({type: 'number', minimum: 0, maximum: 100});
    expect(at(schema, 'spec.tracing.[].disableSpanReporting').type).toBe('boolean');
    expect(at(schema, 'spec.tracing.[].providers.[].name').type).toBe('string');
    expect(at(schema, 'spec.tracing.[].customTags.{}.literal.value').type).toBe('string');
    expect(at(schema, 'spec.tracing.[].customTags.{}.header.defaultValue').type).toBe('string');
    expect(at(schema, 'spec.metrics.[].providers.[].name').type).toBe('string');
    expect(at(schema, 'spec.accessLogging.[].disabled').type).toBe('boolean');
    expect(at(schema, 'spec.accessLogging.[].filter.expression').type).toBe('string');
  });

  it('Gateway validates servers and ports', () => {
    const schema = storageSchema('gateways.networking.istio.io');
    expect(at(schema, 'spec.selector.{}').type).toBe('string');
    expect(at(schema, 'spec.servers.[].port.number').type).toBe('integer');
    expect(at(schema, 'spec.servers.[].hosts.[]').type).toBe('string');
  });
});
