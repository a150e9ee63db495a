import {describe, expect, it} from 'vitest';
import {
  effectivePeerAuthentication,
  peerAuthenticationLines,
} from '../../../src/describe/peer-authentication.js';
import type {PeerAuthentication} from '../../../src/describe/types.js';
import {peerAuthentication, pod, snapshot} from './fixtures.js';

const ratings = pod('ratings-v1-abc', {app: 'ratings', version: 'v1'});
const mesh = (mode: string) => peerAuthentication('default', 'istio-system', {mtls: {mode}});
const ns = (mode: string) => peerAuthentication('ns-wide', 'bookinfo', {mtls: {mode}});
const wl = (mode: string, app = 'ratings') =>
  peerAuthentication('ratings-mtls', 'bookinfo', {selector: {matchLabels: {app}}, mtls: {mode}});

function effective(pas: PeerAuthentication[], rootNamespace?: string) {
  const e = effectivePeerAuthentication(
    snapshot(ratings, {peerAuthentications: pas, meshConfig: rootNamespace ? {rootNamespace} : {}}),
  );
  return `${e.mode} from ${e.source ?? 'default'}`;
}

describe('effective PeerAuthentication', () => {
  it.each([
    ['nothing: PERMISSIVE by default', [], 'PERMISSIVE from default'],
    ['mesh-wide', [mesh('STRICT')], 'STRICT from istio-system/default'],
    ['namespace over mesh', [mesh('STRICT'), ns('PERMISSIVE')], 'PERMISSIVE from bookinfo/ns-wide'],
    [
      'workload over namespace over mesh',
      [mesh('PERMISSIVE'), ns('DISABLE'), wl('STRICT')],
      'STRICT from bookinfo/ratings-mtls',
    ],
    [
      'workload selector not matching the pod',
      [ns('DISABLE'), wl('STRICT', 'reviews')],
      'DISABLE from bookinfo/ns-wide',
    ],
    [
      'UNSET inherits from the level above',
      [mesh('STRICT'), ns('UNSET'), wl('UNSET')],
      'STRICT from istio-system/default',
    ],
    [
      'no mtls at all inherits',
      [mesh('STRICT'), peerAuthentication('empty', 'bookinfo', {})],
      'STRICT from istio-system/default',
    ],
    [
      'selector-less PA in another namespace is ignored',
      [peerAuthentication('x', 'other', {mtls: {mode: 'STRICT'}})],
      'PERMISSIVE from default',
    ],
  ])('%s', (_what, pas, expected) => {
    expect(effective(pas)).toBe(expected);
  });

  it('takes the root namespace from meshConfig.rootNamespace', () => {
    const pa = peerAuthentication('default', 'mesh-root', {mtls: {mode: 'STRICT'}});
    expect(effective([pa])).toBe('PERMISSIVE from default');
    expect(effective([pa], 'mesh-root')).toBe('STRICT from mesh-root/default');
  });

  it('prints istioctl lines, where the mode came from, port-level modes and the applied resources', () => {
    const workload = peerAuthentication('ratings-mtls', 'bookinfo', {
      selector: {matchLabels: {app: 'ratings'}},
      mtls: {mode: 'STRICT'},
      portLevelMtls: {'9080': {mode: 'PERMISSIVE'}, '8080': {mode: 'UNSET'}},
    });
    const e = effectivePeerAuthentication(
      snapshot(ratings, {peerAuthentications: [mesh('PERMISSIVE'), workload]}),
    );
    expect(peerAuthenticationLines(e)).toEqual([
      'Effective PeerAuthentication:',
      '   Workload mTLS mode: STRICT',
      '      (from bookinfo/ratings-mtls)',
      '   Port Level mTLS mode:',
      '      8080: STRICT',
      '      9080: PERMISSIVE',
      'Applied PeerAuthentication:',
      '   default.istio-system, ratings-mtls.bookinfo',
    ]);
  });

  it('warns when two namespace-wide resources compete; the oldest wins', () => {
    const older = peerAuthentication('b-old', 'bookinfo', {mtls: {mode: 'STRICT'}}, '2024-01-01T00:00:00Z');
    const newer = peerAuthentication('a-new', 'bookinfo', {mtls: {mode: 'DISABLE'}}, '2024-06-01T00:00:00Z');
    const e = effectivePeerAuthentication(snapshot(ratings, {peerAuthentications: [newer, older]}));
    expect(e.mode).toBe('STRICT');
    expect(e.warnings).toEqual([
      '2 namespace-wide (namespace bookinfo, no selector) PeerAuthentications (bookinfo/b-old, bookinfo/a-new); only the oldest, bookinfo/b-old, applies',
    ]);
  });
});
