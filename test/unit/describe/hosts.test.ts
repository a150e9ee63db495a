import {describe, expect, it} from 'vitest';
import {byAge, exportedTo, hostMatch, parsePodRef, resolveHost} from '../../../src/describe/match.js';
import {describePod, destinationRuleFor, virtualServiceFor} from '../../../src/describe/pod.js';
import {destinationRule, pod, service, snapshot, virtualService} from './fixtures.js';

const FQDN = 'ratings.bookinfo.svc.cluster.local';
const ratings = pod('ratings-v1-abc', {app: 'ratings', version: 'v1'});

describe('host resolution', () => {
  it.each([
    ['ratings', 'bookinfo', 'ratings.bookinfo.svc.cluster.local'],
    ['ratings', 'other', 'ratings.other.svc.cluster.local'],
    ['ratings.bookinfo', 'other', 'ratings.bookinfo.svc.cluster.local'],
    ['ratings.bookinfo.svc.cluster.local', 'other', 'ratings.bookinfo.svc.cluster.local'],
    ['*.bookinfo.svc.cluster.local', 'other', '*.bookinfo.svc.cluster.local'],
    ['*', 'other', '*'],
    ['api.example.com', 'bookinfo', 'api.example.com'],
  ])('%s in namespace %s → %s', (host, ns, fqdn) => {
    expect(resolveHost(host, ns)).toBe(fqdn);
  });

  it.each([
    ['ratings.bookinfo.svc.cluster.local', 2],
    ['*.bookinfo.svc.cluster.local', 1],
    ['*.svc.cluster.local', 1],
    ['*', 1],
    ['*.other.svc.cluster.local', 0],
    ['reviews.bookinfo.svc.cluster.local', 0],
  ] as const)('pattern %s covers ratings: %i', (pattern, score) => {
    expect(hostMatch(pattern, FQDN)).toBe(score);
  });

  it.each([
    [undefined, 'istio-system', 'bookinfo', true],
    [['*'], 'istio-system', 'bookinfo', true],
    [['.'], 'istio-system', 'bookinfo', false],
    [['.'], 'bookinfo', 'bookinfo', true],
    [['bookinfo'], 'istio-system', 'bookinfo', true],
    [['other'], 'istio-system', 'bookinfo', false],
  ])('exportTo %j from %s to %s: %s', (exportTo, own, podNs, visible) => {
    expect(exportedTo(exportTo, own, podNs)).toBe(visible);
  });

  it.each([
    ['ratings-v1-abc', {name: 'ratings-v1-abc', namespace: 'dflt'}],
    ['ratings-v1-abc.bookinfo', {name: 'ratings-v1-abc', namespace: 'bookinfo'}],
    ['a.b.bookinfo', {name: 'a.b', namespace: 'bookinfo'}],
  ])('pod reference %s', (arg, expected) => {
    expect(parsePodRef(arg, 'dflt')).toEqual(expected);
  });

  it('orders by creationTimestamp, then namespace/name', () => {
    const a = destinationRule('b', {}, 'ns', '2024-01-01T00:00:00Z');
    const b = destinationRule('a', {}, 'ns', '2024-01-02T00:00:00Z');
    const c = destinationRule('a', {}, 'ns', '2024-01-01T00:00:00Z');
    expect([a, b, c].sort(byAge).map((o) => o.metadata?.name)).toEqual(['a', 'b', 'a']);
  });
});

describe('which DestinationRule applies', () => {
  it.each([
    ['short name in the pod namespace', [destinationRule('dr', {host: 'ratings'})], 'dr'],
    [
      'short name in another namespace does not apply',
      [destinationRule('dr', {host: 'ratings'}, 'other')],
      undefined,
    ],
    ['FQDN', [destinationRule('dr', {host: FQDN})], 'dr'],
    ['wildcard', [destinationRule('dr', {host: '*.bookinfo.svc.cluster.local'})], 'dr'],
    [
      'exact beats wildcard',
      [
        destinationRule('wild', {host: '*.bookinfo.svc.cluster.local'}, 'bookinfo', '2020-01-01T00:00:00Z'),
        destinationRule('exact', {host: 'ratings'}),
      ],
      'exact',
    ],
    [
      'oldest of two with the same host',
      [
        destinationRule('young', {host: 'ratings'}, 'bookinfo', '2024-02-01T00:00:00Z'),
        destinationRule('old', {host: 'ratings'}, 'bookinfo', '2024-01-01T00:00:00Z'),
      ],
      'old',
    ],
    [
      'root namespace FQDN when the pod namespace has none',
      [destinationRule('root', {host: FQDN}, 'istio-system')],
      'root',
    ],
    [
      'pod namespace before root namespace',
      [
        destinationRule('root', {host: FQDN}, 'istio-system'),
        destinationRule('local', {host: '*.svc.cluster.local'}),
      ],
      'local',
    ],
    [
      'root namespace rule exported only to itself',
      [destinationRule('root', {host: FQDN, exportTo: ['.']}, 'istio-system')],
      undefined,
    ],
    ['third namespace is not consulted', [destinationRule('far', {host: FQDN}, 'far')], undefined],
    [
      'workloadSelector not matching the pod',
      [destinationRule('dr', {host: 'ratings', workloadSelector: {matchLabels: {app: 'x'}}})],
      undefined,
    ],
  ])('%s', (_what, drs, expected) => {
    expect(destinationRuleFor(snapshot(ratings, {destinationRules: drs}), FQDN)?.metadata?.name).toBe(
      expected,
    );
  });
});

describe('which VirtualService applies', () => {
  const route = [{route: [{destination: {host: 'ratings'}}]}];
  it.each([
    ['short host in the pod namespace', [virtualService('vs', {hosts: ['ratings'], http: route})], 'vs'],
    [
      'short host in another namespace',
      [virtualService('vs', {hosts: ['ratings'], http: route}, 'other')],
      undefined,
    ],
    ['FQDN host in another namespace', [virtualService('vs', {hosts: [FQDN], http: route}, 'other')], 'vs'],
    ['wildcard host', [virtualService('vs', {hosts: ['*.bookinfo.svc.cluster.local'], http: route})], 'vs'],
    [
      'bound to a gateway only',
      [virtualService('vs', {hosts: ['ratings'], gateways: ['bookinfo-gateway'], http: route})],
      undefined,
    ],
    [
      'gateway and mesh',
      [virtualService('vs', {hosts: ['ratings'], gateways: ['bookinfo-gateway', 'mesh'], http: route})],
      'vs',
    ],
    [
      'exact beats wildcard, then oldest',
      [
        virtualService(
          'wild',
          {hosts: ['*.svc.cluster.local'], http: route},
          'bookinfo',
          '2020-01-01T00:00:00Z',
        ),
        virtualService('young', {hosts: ['ratings'], http: route}, 'bookinfo', '2024-02-01T00:00:00Z'),
        virtualService('old', {hosts: ['ratings'], http: route}, 'bookinfo', '2024-01-01T00:00:00Z'),
      ],
      'old',
    ],
  ])('%s', (_what, vss, expected) => {
    expect(virtualServiceFor(snapshot(ratings, {virtualServices: vss}), FQDN)?.metadata?.name).toBe(expected);
  });

  it('resolves a short destination host in the VirtualService namespace', () => {
    const vs = virtualService(
      'ratings-vs',
      {hosts: [FQDN], http: [{route: [{destination: {host: 'ratings'}, weight: 100}]}]},
      'other',
    );
    const out = describePod(snapshot(ratings, {services: [service('ratings')], virtualServices: [vs]}));
    // `ratings` in namespace other is ratings.other…, not this service: the route does not reach the pod.
    expect(out).toContain('   WARNING: No destinations match pod subsets (checked 1 HTTP routes)');
    expect(out).toContain('      Route to host "ratings" with weight 100%');
  });
});
