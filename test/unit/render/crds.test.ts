/**
 * The CRDs mesh installs, all in Base: Istio's own from the base chart (rendered through the
 * pipeline, so mesh never re-types them) and mesh's IstioOperator CRD (manifests/crds/, the one
 * CRD mesh ships itself, for the installed-state record; Istio 1.31's charts no longer have it).
 */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, it, expect} from 'vitest';
import yaml from 'js-yaml';
import {render, type Component} from '../../../src/render/index.js';
import {OWNER_LABEL_KEYS} from '../../../src/render/labels.js';
import {composeSpec} from '../../../src/spec/compose.js';

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

/** Istio 1.31.0's CRD facts (its base chart), and the IstioOperator CRD's. */
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
  // Istio keeps v1alpha1 as Telemetry's storage version (mesh's old copy had v1).
  'telemetries.telemetry.istio.io': {
    kind: 'Telemetry',
    shortNames: ['telemetry'],
    versions: ['v1alpha1', 'v1'],
    storage: 'v1alpha1',
  },
  'wasmplugins.extensions.istio.io': {kind: 'WasmPlugin', versions: ['v1alpha1'], storage: 'v1alpha1'},
  // New in the base chart since mesh's copies.
  'trafficextensions.extensions.istio.io': {
    kind: 'TrafficExtension',
    versions: ['v1alpha1'],
    storage: 'v1alpha1',
  },
  'istiooperators.install.istio.io': {
    kind: 'IstioOperator',
    shortNames: ['iop', 'io'],
    versions: ['v1alpha1'],
    storage: 'v1alpha1',
  },
};
const ISTIO_OPERATOR = 'istiooperators.install.istio.io';

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

/** manifests/crds/*.yaml, parsed, by name without .yaml. */
function ownCrds(): Map<string, Crd> {
  const crds = new Map<string, Crd>();
  const files = fs
    .readdirSync(crdDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  for (const file of files) {
    const docs = yaml.loadAll(fs.readFileSync(path.join(crdDir, file), 'utf8')).filter((d) => d != null);
    if (docs.length !== 1) throw new Error(`${file}: expected one YAML document, found ${docs.length}`);
    crds.set(file.replace(/\.yaml$/, ''), docs[0] as Crd);
  }
  return crds;
}

function storageSchema(crd: Crd): Schema {
  const schema = crd.spec.versions.find((v) => v.storage)?.schema?.openAPIV3Schema;
  if (!schema) throw new Error(`${crd.metadata.name}: no storage schema`);
  return schema;
}

describe('manifests/crds: mesh’s own CRDs', () => {
  const crds = ownCrds();

  it('holds only the IstioOperator CRD (Istio’s come from its base chart)', () => {
    expect([...crds.keys()]).toEqual([ISTIO_OPERATOR]);
  });

  it('IstioOperator: a v1 CRD named plural.group, structural, spec and status free-form', () => {
    const crd = crds.get(ISTIO_OPERATOR)!;
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.kind).toBe('CustomResourceDefinition');
    expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.${crd.spec.group}`);
    const schema = storageSchema(crd);
    expect(structuralProblems(schema, 'root')).toEqual([]);
    expect(at(schema, 'spec')['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(at(schema, 'spec').properties).toBeUndefined();
    expect(at(schema, 'status')).toEqual({type: 'object', 'x-kubernetes-preserve-unknown-fields': true});
  });

  it('the structural check catches non-structural schemas', () => {
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
});

describe('the CRDs of a rendered installation', () => {
  let components: Component[];
  let crds: Map<string, Crd & {metadata: {labels?: {[key: string]: string}}}>;
  beforeAll(async () => {
    const {operator} = await composeSpec({});
    components = (await render(operator)).components;
    crds = new Map(
      components
        .flatMap((c) => c.objects)
        .filter((o) => o.kind === 'CustomResourceDefinition')
        .map((o) => [o.metadata.name, o as unknown as Crd & {metadata: {labels?: {[key: string]: string}}}]),
    );
  });

  it('are Istio’s 15 and the IstioOperator CRD, all in Base, none twice', () => {
    expect([...crds.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    const base = components.find((c) => c.name === 'Base')!;
    const inBase = base.objects.filter((o) => o.kind === 'CustomResourceDefinition');
    expect(inBase).toHaveLength(16);
  });

  it('Istio’s come from its base chart; the IstioOperator CRD is mesh’s file as it is, plus labels', () => {
    for (const [name, crd] of crds) {
      const chart = crd.metadata.labels?.['helm.sh/chart'];
      if (name === ISTIO_OPERATOR) {
        expect(chart, name).toBeUndefined();
        const own = ownCrds().get(ISTIO_OPERATOR)!;
        expect(crd.spec).toEqual(own.spec);
      } else expect(chart, name).toBe('base-1.0.0');
    }
  });

  it('carry mesh’s owner labels, component Base', () => {
    for (const [name, crd] of crds) {
      const labels = crd.metadata.labels ?? {};
      expect(Object.keys(labels), name).toEqual(expect.arrayContaining([...OWNER_LABEL_KEYS]));
      expect(labels, name).toMatchObject({
        'install.operator.istio.io/owning-resource': 'installed-state',
        'install.operator.istio.io/owning-resource-namespace': 'istio-system',
        'operator.istio.io/component': 'Base',
        'operator.istio.io/managed': 'Reconcile',
        'operator.istio.io/version': '1.31.0',
        'istio.io/rev': 'default',
      });
    }
  });

  it('have Istio’s names, scope, categories and versions, with one storage version and a status subresource', () => {
    for (const [name, crd] of crds) {
      const expected = EXPECTED[name]!;
      const {names} = crd.spec;
      expect(crd.apiVersion, name).toBe('apiextensions.k8s.io/v1');
      expect(name).toBe(`${names.plural}.${crd.spec.group}`);
      expect(names.kind, name).toBe(expected.kind);
      expect(names.listKind, name).toBe(`${expected.kind}List`);
      expect(names.singular, name).toBe(expected.kind.toLowerCase());
      expect(names.shortNames, name).toEqual(expected.shortNames);
      expect(crd.spec.scope, name).toBe('Namespaced');
      expect(names.categories, name).toEqual(['istio-io', `${crd.spec.group.split('.')[0]}-istio-io`]);
      const versions = crd.spec.versions;
      expect(versions.map((v) => v.name).sort(), name).toEqual([...expected.versions].sort());
      expect(
        versions.every((v) => v.served),
        name,
      ).toBe(true);
      expect(
        versions.filter((v) => v.storage).map((v) => v.name),
        name,
      ).toEqual([expected.storage]);
      for (const v of versions) {
        expect(v.schema?.openAPIV3Schema, `${name} ${v.name}`).toBeDefined();
        expect(v.subresources, `${name} ${v.name}`).toEqual({status: {}});
      }
    }
  });

  it('DestinationRule, VirtualService and PeerAuthentication validate what users write most', () => {
    const dr = storageSchema(crds.get('destinationrules.networking.istio.io')!);
    expect(at(dr, 'spec').required).toEqual(['host']);
    expect(at(dr, 'spec.trafficPolicy.tls.mode').enum).toEqual([
      'DISABLE',
      'SIMPLE',
      'MUTUAL',
      'ISTIO_MUTUAL',
    ]);
    const vs = storageSchema(crds.get('virtualservices.networking.istio.io')!);
    expect(at(vs, 'spec.http.[].route.[].destination').required).toEqual(['host']);
    const pa = storageSchema(crds.get('peerauthentications.security.istio.io')!);
    expect(at(pa, 'spec.mtls.mode').enum).toEqual(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']);
  });
});
