// Issue 7's Telemetry scenario, with exactly its three resources: a mesh default in istio-system,
// a namespace override in myapp and a workload override for app: frontend in myapp.
import {describe, expect, it} from 'vitest';
import {effectiveTelemetry, telemetryLines} from '../../../src/describe/telemetry.js';
import type {MeshConfig} from '../../../src/describe/types.js';
import {pod, snapshot, telemetry} from './fixtures.js';

const meshDefault = telemetry('mesh-default', 'istio-system', {
  tracing: [
    {
      providers: [{name: 'localtrace'}],
      customTags: {foo: {literal: {value: 'bar'}}},
      randomSamplingPercentage: 100,
    },
  ],
});
const namespaceOverride = telemetry('namespace-override', 'myapp', {
  tracing: [{customTags: {userId: {header: {name: 'user-id', defaultValue: 'unknown'}}}}],
});
const workloadOverride = telemetry('workload-override', 'myapp', {
  selector: {matchLabels: {app: 'frontend'}},
  tracing: [{disableSpanReporting: true}],
});
const all = [meshDefault, namespaceOverride, workloadOverride];

const meshConfig: MeshConfig = {
  extensionProviders: [
    {name: 'localtrace', zipkin: {service: 'zipkin.istio-system.svc.cluster.local', port: 9411}},
  ],
};

const backend = pod('backend-5d8f7c9b4-x2x7q', {app: 'backend', version: 'v1'}, {ns: 'myapp'});
const frontend = pod('frontend-7c6d9f8b5-k9zpl', {app: 'frontend', version: 'v1'}, {ns: 'myapp'});
const elsewhere = pod('web-6f9c7d5b8-q4w2e', {app: 'web', version: 'v1'}, {ns: 'shop'});

const run = (p: typeof backend, mc: MeshConfig = meshConfig) =>
  effectiveTelemetry(snapshot(p, {telemetries: all, meshConfig: mc}));

const userIdOnly = {
  value: {userId: {header: {name: 'user-id', defaultValue: 'unknown'}}},
  from: 'myapp/namespace-override',
};

describe('issue 7: Telemetry hierarchy mesh-default → namespace-override → workload-override', () => {
  it('a pod in myapp: localtrace at 100% with only the userId tag (the namespace tags replace foo)', () => {
    expect(run(backend)).toEqual({
      pod: 'backend-5d8f7c9b4-x2x7q',
      namespace: 'myapp',
      rootNamespace: 'istio-system',
      applied: ['istio-system/mesh-default', 'myapp/namespace-override'],
      tracing: {
        providers: {value: ['localtrace'], from: 'istio-system/mesh-default'},
        randomSamplingPercentage: {value: 100, from: 'istio-system/mesh-default'},
        customTags: userIdOnly,
      },
      metrics: {},
      accessLogging: {},
      warnings: [],
    });
    expect(telemetryLines(run(backend))).toEqual([
      '   Applied Telemetry: istio-system/mesh-default, myapp/namespace-override',
      '   Tracing providers: localtrace (from istio-system/mesh-default)',
      '   Sampling: 100% (from istio-system/mesh-default)',
      '   Custom tags: userId (from myapp/namespace-override)',
      '      userId: header user-id (default "unknown")',
      '   Span reporting: enabled',
      '   Metrics providers: none',
      '   Access logging providers: none',
    ]);
  });

  it('the frontend pod: the same, with spans not reported', () => {
    const e = run(frontend);
    expect(e.applied).toEqual([
      'istio-system/mesh-default',
      'myapp/namespace-override',
      'myapp/workload-override',
    ]);
    expect(e.tracing).toEqual({
      providers: {value: ['localtrace'], from: 'istio-system/mesh-default'},
      randomSamplingPercentage: {value: 100, from: 'istio-system/mesh-default'},
      customTags: userIdOnly,
      disableSpanReporting: {value: true, from: 'myapp/workload-override'},
    });
    expect(e.warnings).toEqual([]);
    expect(telemetryLines(e)).toEqual([
      '   Applied Telemetry: istio-system/mesh-default, myapp/namespace-override, myapp/workload-override',
      '   Tracing providers: localtrace (from istio-system/mesh-default)',
      '   Sampling: 100% (from istio-system/mesh-default)',
      '   Custom tags: userId (from myapp/namespace-override)',
      '      userId: header user-id (default "unknown")',
      '   Span reporting: disabled (from myapp/workload-override)',
      '   Metrics providers: none',
      '   Access logging providers: none',
    ]);
  });

  it('a pod in another namespace: the mesh default only, with foo: bar', () => {
    const e = run(elsewhere);
    expect(e.applied).toEqual(['istio-system/mesh-default']);
    expect(e.tracing).toEqual({
      providers: {value: ['localtrace'], from: 'istio-system/mesh-default'},
      randomSamplingPercentage: {value: 100, from: 'istio-system/mesh-default'},
      customTags: {value: {foo: {literal: {value: 'bar'}}}, from: 'istio-system/mesh-default'},
    });
    expect(telemetryLines(e)).toEqual([
      '   Applied Telemetry: istio-system/mesh-default',
      '   Tracing providers: localtrace (from istio-system/mesh-default)',
      '   Sampling: 100% (from istio-system/mesh-default)',
      '   Custom tags: foo (from istio-system/mesh-default)',
      '      foo: literal "bar"',
      '   Span reporting: enabled',
      '   Metrics providers: none',
      '   Access logging providers: none',
    ]);
  });

  it('a frontend pod in another namespace is not selected by myapp/workload-override', () => {
    const shopFrontend = pod('frontend-1', {app: 'frontend', version: 'v1'}, {ns: 'shop'});
    expect(run(shopFrontend).tracing.disableSpanReporting).toBeUndefined();
  });

  it('localtrace missing from meshConfig.extensionProviders is a warning, not an error', () => {
    expect(run(backend, {}).warnings).toEqual([
      'tracing provider "localtrace" (from istio-system/mesh-default) is not defined in meshConfig.extensionProviders',
    ]);
  });
});
