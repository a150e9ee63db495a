import {describe, expect, it} from 'vitest';
import {applySet} from '../../../src/spec/apply.js';
import {formatPath, parsePath} from '../../../src/spec/set-path.js';
import {inferValue, parseSet} from '../../../src/spec/set-value.js';
import type {JsonObject} from '../../../src/spec/types.js';

describe('parsePath', () => {
  it('rejects an index too large to hold', () => {
    expect(() => parsePath('a[99999999999999999999]')).toThrow(
      'list index [99999999999999999999] is too large',
    );
  });

  it.each([
    [
      'a.b.c',
      [
        {kind: 'key', key: 'a'},
        {kind: 'key', key: 'b'},
        {kind: 'key', key: 'c'},
      ],
    ],
    [
      'a\\.b.c',
      [
        {kind: 'key', key: 'a.b'},
        {kind: 'key', key: 'c'},
      ],
    ],
    [
      'list[2].x',
      [
        {kind: 'key', key: 'list'},
        {kind: 'index', index: 2},
        {kind: 'key', key: 'x'},
      ],
    ],
    [
      'list.[0]',
      [
        {kind: 'key', key: 'list'},
        {kind: 'index', index: 0},
      ],
    ],
    [
      'gw[name:istio-ingressgateway].enabled',
      [
        {kind: 'key', key: 'gw'},
        {kind: 'select', field: 'name', value: 'istio-ingressgateway'},
        {kind: 'key', key: 'enabled'},
      ],
    ],
  ])('%s', (text, tokens) => {
    expect(parsePath(text)).toEqual(tokens);
  });

  it.each([
    ['a..b', 'empty segment'],
    ['a[x', 'never closed'],
    ['a[x]', 'neither an index'],
    ['.a', 'starts with'],
  ])('rejects %s', (text, why) => {
    expect(() => parsePath(text)).toThrow(why);
  });

  it('formats back, escaping dots', () => {
    expect(
      formatPath(parsePath('values.sidecarInjectorWebhook.injectedAnnotations.prometheus\\.io/scrape')),
    ).toBe('values.sidecarInjectorWebhook.injectedAnnotations.prometheus\\.io/scrape');
  });
});

describe('parseSet typing', () => {
  it.each([
    ['components.pilot.k8s.replicaCount=3', 3],
    ['meshConfig.accessLogFile=/dev/stdout', '/dev/stdout'],
    ['tag=1.29', '1.29'], // a string field keeps numbers as strings
    ['meshConfig.trustDomain=true', 'true'], // a string field keeps true as a string
    ['values.pilot.traceSampling=0.5', 0.5],
    ['components.pilot.enabled=false', false],
    ['meshConfig.defaultConfig.proxyMetadata.ISTIO_META_DNS_CAPTURE=true', 'true'], // map of strings
    ['components.pilot.k8s.resources.requests.cpu=500m', '500m'],
    ['components.pilot.k8s.resources.requests.memory=2', 2],
    ['components.pilot.k8s.affinity.someField=12', 12], // open (Kubernetes) object: inferred
    ['meshConfig.extensionProviders[0].zipkin.someNewField=12', 12], // a provider's own fields stay open
    ['meshConfig.accessLogFormat=a=b=c', 'a=b=c'], // only the first = splits
  ])('%s', (text, value) => {
    expect(parseSet(text).value).toEqual(value);
  });

  it('--set-string forces a string, and is still checked against the field', () => {
    expect(parseSet('components.pilot.k8s.affinity.x=2', {asString: true}).value).toBe('2');
    expect(() => parseSet('meshConfig.defaultConfig.concurrency=2', {asString: true})).toThrow(
      '--set-string meshConfig.defaultConfig.concurrency=2: expected an integer, got "2"',
    );
  });

  it('a quoted value is held to the field too', () => {
    expect(() => parseSet('meshConfig.outboundTrafficPolicy.mode="ALLOW"')).toThrow(
      'expected one of REGISTRY_ONLY, ALLOW_ANY, got "ALLOW"',
    );
  });

  it('an escaped = belongs to the key', () => {
    expect(parseSet('values.sidecarInjectorWebhook.injectedAnnotations.a\\=b=c')).toMatchObject({
      path: [{key: 'values'}, {key: 'sidecarInjectorWebhook'}, {key: 'injectedAnnotations'}, {key: 'a=b'}],
      value: 'c',
    });
  });

  it('rejects a wrong type, naming the path, value and expectation', () => {
    expect(() => parseSet('components.pilot.k8s.replicaCount=abc')).toThrow(
      '--set components.pilot.k8s.replicaCount=abc: expected an integer, got "abc"',
    );
    expect(() => parseSet('components.pilot.enabled=yes')).toThrow('expected true or false, got "yes"');
  });

  it('rejects an unknown path with a did-you-mean', () => {
    expect(() => parseSet('components.pilot.k8s.replicaCont=2')).toThrow(
      '--set components.pilot.k8s.replicaCont=2: unknown field "replicaCont" in components.pilot.k8s (did you mean "replicaCount"?)',
    );
    expect(() => parseSet('meshconfig.accessLogFile=x')).toThrow(
      'unknown field "meshconfig" in spec (did you mean "meshConfig"?)',
    );
  });

  it('rejects an enum value with a did-you-mean', () => {
    expect(() => parseSet('meshConfig.outboundTrafficPolicy.mode=REGISTRY_ONL')).toThrow(
      'expected one of REGISTRY_ONLY, ALLOW_ANY, got "REGISTRY_ONL" (did you mean "REGISTRY_ONLY"?)',
    );
  });

  it('requires path=value', () => {
    expect(() => parseSet('meshConfig.accessLogFile')).toThrow('expected path=value');
  });

  it('infers types where the schema does not know the field', () => {
    expect([
      inferValue('1'),
      inferValue('1.5'),
      inferValue('true'),
      inferValue('abc'),
      inferValue('1.2.3'),
    ]).toEqual([1, 1.5, true, 'abc', '1.2.3']);
  });
});

describe('applySet', () => {
  const spec = (): JsonObject => ({
    components: {
      ingressGateways: [
        {name: 'istio-ingressgateway', enabled: true},
        {name: 'other', enabled: true},
      ],
    },
  });

  it('selects a list element by field', () => {
    const tree = spec();
    applySet(tree, parseSet('components.ingressGateways[name:other].enabled=false'));
    expect(tree).toEqual({
      components: {
        ingressGateways: [
          {name: 'istio-ingressgateway', enabled: true},
          {name: 'other', enabled: false},
        ],
      },
    });
  });

  it('errors clearly when no element matches', () => {
    expect(() =>
      applySet(spec(), parseSet('components.ingressGateways[name:istio-ingresgateway].enabled=false')),
    ).toThrow(
      'element [name:istio-ingresgateway] not found in components.ingressGateways (did you mean "istio-ingressgateway"?)',
    );
  });

  it('the same past-the-end index names the element its first use appended', () => {
    const tree: JsonObject = {};
    const appended = new WeakMap();
    for (const text of [
      'env[5].name=A',
      'env[5].value=B',
      'env[9].name=C',
      'env[5].name=D',
      'env[1].value=E',
    ]) {
      applySet(tree, parseSet(`components.pilot.k8s.${text}`), appended);
    }
    expect(tree).toEqual({
      components: {
        pilot: {
          k8s: {
            env: [
              {name: 'D', value: 'B'},
              {name: 'C', value: 'E'},
            ],
          },
        },
      },
    });
  });

  it('a list replaced later starts afresh', () => {
    const tree: JsonObject = {};
    const appended = new WeakMap();
    for (const text of ['env[3].name=A', 'env=[]', 'env[3].name=B', 'env[3].value=C'])
      applySet(tree, parseSet(`components.pilot.k8s.${text}`), appended);
    expect(tree).toEqual({components: {pilot: {k8s: {env: [{name: 'B', value: 'C'}]}}}});
  });

  it('appends past the end and creates intermediate nodes', () => {
    const tree = spec();
    applySet(tree, parseSet('components.ingressGateways[5].name=third'));
    applySet(tree, parseSet('values.sidecarInjectorWebhook.injectedAnnotations.prometheus\\.io/scrape=true'));
    expect((tree.components as JsonObject).ingressGateways).toHaveLength(3);
    expect(tree.values).toEqual({
      sidecarInjectorWebhook: {injectedAnnotations: {'prometheus.io/scrape': 'true'}},
    });
  });
});
