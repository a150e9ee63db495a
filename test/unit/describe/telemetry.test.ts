import {describe, expect, it} from 'vitest';
import {effectiveTelemetry, telemetryLines} from '../../../src/describe/telemetry.js';
import type {MeshConfig, Telemetry} from '../../../src/describe/types.js';
import {otelMesh, pod, snapshot, telemetry} from './fixtures.js';

const ratings = pod('ratings-v1-abc', {app: 'ratings', version: 'v1'});

const meshDefault = telemetry(
  'mesh-default',
  'istio-system',
  {
    tracing: [
      {
        providers: [{name: 'otel'}],
        randomSamplingPercentage: 10,
        customTags: {cluster: {literal: {value: 'prod'}}, mesh: {literal: {value: 'm1'}}},
      },
    ],
    metrics: [{providers: [{name: 'prometheus'}]}],
    accessLogging: [{providers: [{name: 'envoy'}]}],
  },
  '2024-01-01T00:00:00Z',
);
const nsTags = telemetry('ns-tags', 'bookinfo', {
  tracing: [
    {
      customTags: {
        team: {literal: {value: 'bookinfo'}},
        user: {header: {name: 'x-user', defaultValue: 'anonymous'}},
        zone: {environment: {name: 'ZONE'}},
      },
    },
  ],
});
const noSpans = telemetry('ratings-no-spans', 'bookinfo', {
  selector: {matchLabels: {app: 'ratings'}},
  tracing: [{disableSpanReporting: true}],
});

function run(telemetries: Telemetry[], meshConfig: MeshConfig = otelMesh) {
  return effectiveTelemetry(snapshot(ratings, {telemetries, meshConfig}));
}

describe('effective Telemetry hierarchy', () => {
  it('mesh-wide values, each annotated with its resource', () => {
    const e = run([meshDefault]);
    expect(e.applied).toEqual(['istio-system/mesh-default']);
    expect(e.tracing.providers).toEqual({value: ['otel'], from: 'istio-system/mesh-default'});
    expect(e.tracing.randomSamplingPercentage).toEqual({value: 10, from: 'istio-system/mesh-default'});
    expect(e.metrics.providers).toEqual({value: ['prometheus'], from: 'istio-system/mesh-default'});
    expect(e.accessLogging.providers).toEqual({value: ['envoy'], from: 'istio-system/mesh-default'});
    expect(e.warnings).toEqual([]);
  });

  it('namespace customTags replace the mesh tags entirely; providers and sampling are inherited', () => {
    const e = run([meshDefault, nsTags]);
    expect(e.tracing.customTags?.from).toBe('bookinfo/ns-tags');
    expect(Object.keys(e.tracing.customTags?.value ?? {}).sort()).toEqual(['team', 'user', 'zone']);
    expect(e.tracing.providers?.from).toBe('istio-system/mesh-default');
    expect(e.tracing.randomSamplingPercentage.from).toBe('istio-system/mesh-default');
  });

  it('workload disableSpanReporting keeps the inherited providers, sampling and tags', () => {
    const e = run([meshDefault, nsTags, noSpans]);
    expect(e.applied).toEqual(['istio-system/mesh-default', 'bookinfo/ns-tags', 'bookinfo/ratings-no-spans']);
    expect(e.tracing.disableSpanReporting).toEqual({value: true, from: 'bookinfo/ratings-no-spans'});
    expect(e.tracing.providers).toEqual({value: ['otel'], from: 'istio-system/mesh-default'});
    expect(e.tracing.randomSamplingPercentage).toEqual({value: 10, from: 'istio-system/mesh-default'});
    expect(e.tracing.customTags?.from).toBe('bookinfo/ns-tags');
  });

  it('a workload selector that does not match the pod is ignored', () => {
    const other = telemetry('reviews-only', 'bookinfo', {
      selector: {matchLabels: {app: 'reviews'}},
      tracing: [{randomSamplingPercentage: 100}],
    });
    expect(run([meshDefault, other]).tracing.randomSamplingPercentage.value).toBe(10);
  });

  it('metrics and access-logging provider lists are replaced as a whole', () => {
    const ns = telemetry('ns-logs', 'bookinfo', {accessLogging: [{providers: [{name: 'otel-als'}]}]});
    const e = run([meshDefault, ns], {extensionProviders: [{name: 'otel'}, {name: 'otel-als'}]});
    expect(e.accessLogging.providers).toEqual({value: ['otel-als'], from: 'bookinfo/ns-logs'});
    expect(e.metrics.providers).toEqual({value: ['prometheus'], from: 'istio-system/mesh-default'});
  });

  it('warns about a provider meshConfig.extensionProviders does not define', () => {
    const ns = telemetry('ns-zipkin', 'bookinfo', {tracing: [{providers: [{name: 'zipkin-x'}]}]});
    const e = run([meshDefault, ns]);
    expect(e.tracing.providers).toEqual({value: ['zipkin-x'], from: 'bookinfo/ns-zipkin'});
    expect(e.warnings).toEqual([
      'tracing provider "zipkin-x" (from bookinfo/ns-zipkin) is not defined in meshConfig.extensionProviders',
    ]);
  });

  it('two selector-less Telemetry resources in one namespace: a warning naming both, the oldest wins', () => {
    const newer = telemetry(
      'a-newer',
      'bookinfo',
      {tracing: [{randomSamplingPercentage: 50}]},
      '2024-06-01T00:00:00Z',
    );
    const older = telemetry(
      'b-older',
      'bookinfo',
      {tracing: [{randomSamplingPercentage: 25}]},
      '2024-03-01T00:00:00Z',
    );
    const e = run([meshDefault, newer, older]);
    expect(e.tracing.randomSamplingPercentage).toEqual({value: 25, from: 'bookinfo/b-older'});
    expect(e.warnings).toEqual([
      '2 Telemetry resources without a selector in namespace bookinfo (bookinfo/b-older, bookinfo/a-newer); only the oldest, bookinfo/b-older, applies',
    ]);
  });

  it('same creationTimestamp: the name decides', () => {
    const t = '2024-03-01T00:00:00Z';
    const e = run([
      telemetry('zeta', 'bookinfo', {tracing: [{randomSamplingPercentage: 1}]}, t),
      telemetry('alpha', 'bookinfo', {tracing: [{randomSamplingPercentage: 2}]}, t),
    ]);
    expect(e.tracing.randomSamplingPercentage.from).toBe('bookinfo/alpha');
  });

  it('the root namespace comes from meshConfig.rootNamespace', () => {
    const inCustomRoot = telemetry('mesh-default', 'mesh-root', {tracing: [{providers: [{name: 'otel'}]}]});
    expect(
      run([meshDefault, inCustomRoot], {...otelMesh, rootNamespace: 'mesh-root'}).tracing.providers?.from,
    ).toBe('mesh-root/mesh-default');
    expect(run([meshDefault, inCustomRoot]).tracing.providers?.from).toBe('istio-system/mesh-default');
  });

  it('falls back to meshConfig.defaultProviders when no Telemetry names a provider', () => {
    const e = run([], {...otelMesh, defaultProviders: {tracing: ['otel'], metrics: ['prometheus']}});
    expect(e.tracing.providers).toEqual({value: ['otel'], from: 'meshConfig.defaultProviders.tracing'});
    expect(e.metrics.providers).toEqual({value: ['prometheus'], from: 'meshConfig.defaultProviders.metrics'});
    expect(e.accessLogging.providers).toBeUndefined();
    expect(e.tracing.randomSamplingPercentage).toEqual({value: 1, from: 'default'});
  });

  it('ignores Telemetry with a targetRef (gateways and waypoints, not sidecars)', () => {
    const gw = telemetry('gw', 'bookinfo', {
      targetRefs: [{kind: 'Gateway', name: 'gw'}],
      tracing: [{randomSamplingPercentage: 99}],
    });
    expect(run([meshDefault, gw]).applied).toEqual(['istio-system/mesh-default']);
  });

  it('prints 3-space lines with the source of each value', () => {
    expect(telemetryLines(run([meshDefault, nsTags, noSpans]))).toEqual([
      '   Applied Telemetry: istio-system/mesh-default, bookinfo/ns-tags, bookinfo/ratings-no-spans',
      '   Tracing providers: otel (from istio-system/mesh-default)',
      '   Sampling: 10% (from istio-system/mesh-default)',
      '   Custom tags: team, user, zone (from bookinfo/ns-tags)',
      '      team: literal "bookinfo"',
      '      user: header x-user (default "anonymous")',
      '      zone: environment ZONE',
      '   Span reporting: disabled (from bookinfo/ratings-no-spans)',
      '   Metrics providers: prometheus (from istio-system/mesh-default)',
      '   Access logging providers: envoy (from istio-system/mesh-default)',
    ]);
  });

  it('prints defaults when nothing is configured', () => {
    expect(telemetryLines(run([], {}))).toEqual([
      '   Applied Telemetry: none',
      '   Tracing providers: none',
      '   Sampling: 1% (default)',
      '   Custom tags: none',
      '   Span reporting: enabled',
      '   Metrics providers: none',
      '   Access logging providers: none',
    ]);
  });
});

describe('effective Telemetry of a pod without a sidecar', () => {
  it('says so first, then the values it would get', () => {
    const p = pod('ratings-v1-nosidecar', {app: 'ratings', version: 'v1'}, {meshed: false});
    const e = effectiveTelemetry(snapshot(p, {telemetries: [meshDefault], meshConfig: otelMesh}));
    expect(e.warnings).toEqual([
      'ratings-v1-nosidecar is not part of mesh; no Istio sidecar (these values apply once one is injected)',
    ]);
    expect(e.tracing.providers).toEqual({value: ['otel'], from: 'istio-system/mesh-default'});
  });
});
