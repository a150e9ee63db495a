import {describe, expect, it} from 'vitest';
import {describePod} from '../../../src/describe/pod.js';
import {
  destinationRule,
  NS,
  otelMesh,
  peerAuthentication,
  pod,
  section,
  service,
  snapshot,
  subsets,
  telemetry,
  virtualService,
} from './fixtures.js';

const ratingsV1 = pod('ratings-v1-6cf6bc7c85-5h7r9', {app: 'ratings', version: 'v1'});
const reviewsV1 = pod('reviews-v1-545db77b95-v44zz', {app: 'reviews', version: 'v1'});
const ratingsDr = (spec: object = {}) =>
  destinationRule('ratings', {
    host: 'ratings',
    subsets: subsets('v1', 'v2', 'v2-mysql', 'v2-mysql-vm'),
    ...spec,
  });
const reviewsDr = destinationRule('reviews', {host: 'reviews', subsets: subsets('v1', 'v2', 'v3')});

describe('describePod: pod and service header', () => {
  it('a pod without an istio-proxy container: its header and the warning, nothing else', () => {
    const p = pod('ratings-v1-nosidecar', {app: 'ratings', version: 'v1'}, {meshed: false});
    expect(
      describePod(
        snapshot(p, {
          services: [service('ratings')],
          destinationRules: [ratingsDr()],
          peerAuthentications: [peerAuthentication('default', 'istio-system', {mtls: {mode: 'STRICT'}})],
        }),
      ),
    ).toEqual([
      'Pod: ratings-v1-nosidecar',
      '   Pod Ports: 9080 (ratings)',
      'WARNING: ratings-v1-nosidecar is not part of mesh; no Istio sidecar',
    ]);
  });

  it('a sidecar in initContainers (native sidecar) counts as meshed', () => {
    const p = pod('ratings-v1-native', {app: 'ratings', version: 'v1'}, {meshed: false});
    p.spec!.initContainers = [{name: 'istio-proxy'}];
    expect(describePod(snapshot(p))).not.toContain(
      'WARNING: ratings-v1-native is not part of mesh; no Istio sidecar',
    );
  });

  it('a pod that is neither Running nor meshed gets both lines', () => {
    const p = pod('ratings-v1-nosidecar', {app: 'ratings', version: 'v1'}, {meshed: false});
    expect(describePod(snapshot({...p, status: {phase: 'Pending'}}))).toEqual([
      'Pod: ratings-v1-nosidecar',
      '   Pod Ports: 9080 (ratings)',
      '   Pod is not Running (Pending)',
      'WARNING: ratings-v1-nosidecar is not part of mesh; no Istio sidecar',
    ]);
  });

  it('reports containers that are not ready, then the label suggestions', () => {
    const p = pod('web-1', {});
    p.status!.containerStatuses![1]!.ready = false;
    expect(describePod(snapshot(p)).slice(0, 6)).toEqual([
      'Pod: web-1',
      '   Pod Revision: default',
      '   Pod Ports: 9080 (app), 15090 (istio-proxy)',
      'WARNING: Pod web-1 Container istio-proxy NOT READY',
      'Suggestion: add required service name label for Istio telemetry. See https://istio.io/latest/docs/ops/deployment/application-requirements/.',
      'Suggestion: add required service revision label for Istio telemetry. See https://istio.io/latest/docs/ops/deployment/application-requirements/.',
    ]);
  });

  it('prints pod, revision, ports, then the selecting service and its port', () => {
    const out = describePod(snapshot(ratingsV1, {services: [service('ratings'), service('reviews')]}));
    expect(out.slice(0, 6)).toEqual([
      'Pod: ratings-v1-6cf6bc7c85-5h7r9',
      '   Pod Revision: default',
      '   Pod Ports: 9080 (ratings), 15090 (istio-proxy)',
      '--------------------',
      'Service: ratings',
      '   Port: http 9080/HTTP targets pod port 9080',
    ]);
    expect(out).not.toContain('Service: reviews');
  });

  it.each([
    [
      'label istio.io/rev',
      {labels: {app: 'ratings', version: 'v1', 'istio.io/rev': 'canary'}, annotations: {}},
      '   Pod Revision: canary',
    ],
    ['annotation istio.io/rev', {annotations: {'istio.io/rev': '1-24'}}, '   Pod Revision: 1-24'],
    [
      'sidecar.istio.io/status',
      {annotations: {'sidecar.istio.io/status': '{"revision":"stable"}'}},
      '   Pod Revision: stable',
    ],
  ])('revision from %s', (_what, meta, line) => {
    const p = {...ratingsV1, metadata: {...ratingsV1.metadata, ...meta}};
    expect(describePod(snapshot(p)).slice(0, 2)).toEqual(['Pod: ratings-v1-6cf6bc7c85-5h7r9', line]);
  });

  it('skips the revision line when the revision is unknown', () => {
    const p = {...ratingsV1, metadata: {...ratingsV1.metadata, annotations: {}}};
    expect(describePod(snapshot(p)).slice(0, 2)).toEqual([
      'Pod: ratings-v1-6cf6bc7c85-5h7r9',
      '   Pod Ports: 9080 (ratings), 15090 (istio-proxy)',
    ]);
  });

  it.each([
    [
      'named targetPort',
      {name: 'http', port: 80, targetPort: 'http-web', protocol: 'TCP'},
      '   Port: http 80/HTTP targets pod port 9080',
    ],
    [
      'appProtocol wins over the name',
      {name: 'web', port: 9080, appProtocol: 'grpc'},
      '   Port: web 9080/GRPC targets pod port 9080',
    ],
    ['name prefix', {name: 'http2-api', port: 9080}, '   Port: http2-api 9080/HTTP2 targets pod port 9080'],
    [
      'unknown prefix',
      {name: 'web', port: 9080},
      '   Port: web 9080/UnsupportedProtocol targets pod port 9080',
    ],
    ['unnamed port', {port: 9080}, '   Port: 9080/auto-detect targets pod port 9080'],
    ['no targetPort', {name: 'tcp-db', port: 9080}, '   Port: tcp-db 9080/TCP targets pod port 9080'],
    [
      'unknown named port',
      {name: 'http', port: 80, targetPort: 'nope'},
      '   Port: http 80/HTTP targets pod port "nope", which no container declares',
    ],
  ])('service port: %s', (_what, port, line) => {
    const p = structuredClone(ratingsV1);
    p.spec!.containers![0]!.ports = [{name: 'http-web', containerPort: 9080, protocol: 'TCP'}];
    const out = describePod(snapshot(p, {services: [service('ratings', 9080, {ports: [port]})]}));
    expect(out[out.indexOf('Service: ratings') + 1]).toBe(line);
  });

  it('warns when no Service selects the pod', () => {
    expect(describePod(snapshot(ratingsV1))).toContain(
      'Warning: No Kubernetes Services select pod ratings-v1-6cf6bc7c85-5h7r9 (see https://istio.io/docs/setup/kubernetes/additional-setup/requirements/ )',
    );
  });

  it('reports a pod that is not Running and skips readiness checks', () => {
    const p = {...ratingsV1, status: {phase: 'Pending'}};
    expect(describePod(snapshot(p)).slice(0, 4)).toEqual([
      'Pod: ratings-v1-6cf6bc7c85-5h7r9',
      '   Pod Revision: default',
      '   Pod Ports: 9080 (ratings), 15090 (istio-proxy)',
      '   Pod is not Running (Pending)',
    ]);
  });
});

describe('describePod: DestinationRule', () => {
  it.each([
    [
      'one matching subset, TLS mode',
      ratingsDr({trafficPolicy: {tls: {mode: 'ISTIO_MUTUAL'}}}),
      [
        'DestinationRule: ratings for "ratings"',
        '   Matching subsets: v1',
        '      (Non-matching subsets v2,v2-mysql,v2-mysql-vm)',
        '   Traffic Policy TLS Mode: ISTIO_MUTUAL',
      ],
    ],
    [
      'no matching subset',
      destinationRule('ratings', {
        host: 'ratings',
        subsets: subsets('a', 'b'),
        trafficPolicy: {tls: {mode: 'ISTIO_MUTUAL'}},
      }),
      [
        'DestinationRule: ratings for "ratings"',
        '   WARNING POD DOES NOT MATCH ANY SUBSETS.  (Non matching subsets a,b)',
        // istioctl prints the (empty) list of matching subsets whenever the rule has subsets.
        '   Matching subsets: ',
        '      (Non-matching subsets a,b)',
        '   Traffic Policy TLS Mode: ISTIO_MUTUAL',
      ],
    ],
    [
      'no traffic policy',
      ratingsDr(),
      [
        'DestinationRule: ratings for "ratings"',
        '   Matching subsets: v1',
        '      (Non-matching subsets v2,v2-mysql,v2-mysql-vm)',
        '   No Traffic Policy',
      ],
    ],
    [
      'no subsets, other policies',
      destinationRule('ratings', {
        host: 'ratings',
        trafficPolicy: {loadBalancer: {simple: 'ROUND_ROBIN'}, outlierDetection: {}},
      }),
      ['DestinationRule: ratings for "ratings"', '   Policies: load balancer/outlier detection'],
    ],
  ])('%s', (_what, dr, lines) => {
    const out = describePod(snapshot(ratingsV1, {services: [service('ratings')], destinationRules: [dr]}));
    expect(section(out, 'DestinationRule: ratings for "ratings"')).toEqual(lines);
  });

  it('merges rules for the same host as istiod does: subsets appended, the first traffic policy, the oldest name', () => {
    const oldest = destinationRule(
      'ratings-a',
      {host: 'ratings', subsets: subsets('v1')},
      NS,
      '2026-01-01T00:00:00Z',
    );
    const newer = destinationRule(
      'ratings-b',
      {
        host: `ratings.${NS}.svc.cluster.local`,
        // v1 is already defined by the older rule: istiod keeps the first one.
        subsets: [{name: 'v1', labels: {version: 'other'}}, ...subsets('v2')],
        trafficPolicy: {tls: {mode: 'ISTIO_MUTUAL'}},
      },
      NS,
      '2026-02-01T00:00:00Z',
    );
    const newest = destinationRule(
      'ratings-c',
      {host: 'ratings', subsets: subsets('v3'), trafficPolicy: {tls: {mode: 'DISABLE'}}},
      NS,
      '2026-03-01T00:00:00Z',
    );
    const out = describePod(
      snapshot(ratingsV1, {services: [service('ratings')], destinationRules: [newest, newer, oldest]}),
    );
    expect(section(out, 'DestinationRule: ratings-a for "ratings"')).toEqual([
      'DestinationRule: ratings-a for "ratings"',
      '   Matching subsets: v1',
      '      (Non-matching subsets v2,v3)',
      '   Traffic Policy TLS Mode: ISTIO_MUTUAL',
    ]);
  });

  it('does not merge a rule with another workload selector', () => {
    const plain = destinationRule(
      'ratings-a',
      {host: 'ratings', subsets: subsets('v1')},
      NS,
      '2026-01-01T00:00:00Z',
    );
    const selected = destinationRule(
      'ratings-b',
      {host: 'ratings', subsets: subsets('v2'), workloadSelector: {matchLabels: {app: 'ratings'}}},
      NS,
      '2026-02-01T00:00:00Z',
    );
    const out = describePod(
      snapshot(ratingsV1, {services: [service('ratings')], destinationRules: [plain, selected]}),
    );
    expect(section(out, 'DestinationRule: ratings-a for "ratings"')).toEqual([
      'DestinationRule: ratings-a for "ratings"',
      '   Matching subsets: v1',
      '   No Traffic Policy',
    ]);
  });

  it('prefixes each port of a multi-port service and indents by 3 more', () => {
    const svc = service('ratings', 9080, {
      ports: [
        {name: 'http', port: 9080},
        {name: 'grpc', port: 9090, targetPort: 9080},
      ],
    });
    const out = describePod(snapshot(ratingsV1, {services: [svc], destinationRules: [ratingsDr()]}));
    const start = out.indexOf('Service: ratings');
    expect(out.slice(start, start + 13)).toEqual([
      'Service: ratings',
      '   Port: http 9080/HTTP targets pod port 9080',
      '   Port: grpc 9090/GRPC targets pod port 9080',
      '9080:',
      '   DestinationRule: ratings for "ratings"',
      '      Matching subsets: v1',
      '         (Non-matching subsets v2,v2-mysql,v2-mysql-vm)',
      '      No Traffic Policy',
      '9090:',
      '   DestinationRule: ratings for "ratings"',
      '      Matching subsets: v1',
      '         (Non-matching subsets v2,v2-mysql,v2-mysql-vm)',
      '      No Traffic Policy',
    ]);
  });
});

describe('describePod: VirtualService', () => {
  const weighted = virtualService('reviews', {
    hosts: ['reviews'],
    http: [
      {
        route: [
          {destination: {host: 'reviews', subset: 'v1'}, weight: 90},
          {destination: {host: 'reviews', subset: 'v2'}, weight: 10},
        ],
      },
    ],
  });
  const jason = virtualService('reviews', {
    hosts: ['reviews'],
    http: [
      {
        match: [{headers: {'end-user': {exact: 'jason'}}}],
        route: [{destination: {host: 'reviews', subset: 'v2'}}],
      },
      {route: [{destination: {host: 'reviews', subset: 'v3'}}]},
    ],
  });

  it.each([
    [
      '90/10 split, the pod gets 90%',
      reviewsV1,
      weighted,
      // One route, and it reaches the pod: istioctl counts routes, so no "additional destination(s)".
      [
        'VirtualService: reviews',
        '   Weight 90%',
        '      Route to host "reviews" subset "v1" with weight 90%',
      ],
    ],
    [
      '90/10 split, the v2 pod gets 10%',
      pod('reviews-v2-7bf8c9648f-kx5z2', {app: 'reviews', version: 'v2'}),
      weighted,
      [
        'VirtualService: reviews',
        '   Weight 10%',
        '      Route to host "reviews" subset "v2" with weight 10%',
      ],
    ],
    [
      '90/10 split, the v3 pod gets nothing',
      pod('reviews-v3-84779c7bbc-8xkvz', {app: 'reviews', version: 'v3'}),
      weighted,
      [
        'VirtualService: reviews',
        '   WARNING: No destinations match pod subsets (checked 1 HTTP routes)',
        '      Route to non-matching subset v1 for (everything)',
        '      Route to non-matching subset v2 for (everything)',
      ],
    ],
    [
      'header route to v2, the rest to v3, v1 pod',
      reviewsV1,
      jason,
      [
        'VirtualService: reviews',
        '   WARNING: No destinations match pod subsets (checked 2 HTTP routes)',
        '      Route to non-matching subset v2 for (when headers are end-user=jason)',
        '      Route to non-matching subset v3 for (everything)',
      ],
    ],
    [
      'header route to v2, v2 pod',
      pod('reviews-v2-7bf8c9648f-kx5z2', {app: 'reviews', version: 'v2'}),
      jason,
      [
        'VirtualService: reviews',
        '   Match: when headers are end-user=jason',
        '   1 additional destination(s) that will not reach this pod',
      ],
    ],
    [
      'single destination without weight',
      reviewsV1,
      virtualService('reviews', {hosts: ['reviews'], http: [{route: [{destination: {host: 'reviews'}}]}]}),
      ['VirtualService: reviews', '   1 HTTP route(s)'],
    ],
    [
      'subset no DestinationRule defines',
      reviewsV1,
      virtualService('reviews', {
        hosts: ['reviews'],
        http: [{route: [{destination: {host: 'reviews', subset: 'v9'}}]}],
      }),
      [
        'VirtualService: reviews',
        '   WARNING: No destinations match pod subsets (checked 1 HTTP routes)',
        '      Warning: Route to UNKNOWN subset v9; check DestinationRule reviews',
      ],
    ],
    [
      'uri prefix match and fault',
      reviewsV1,
      virtualService('reviews', {
        hosts: ['reviews'],
        http: [
          {
            match: [{uri: {prefix: '/api'}}],
            fault: {delay: {fixedDelay: '5s'}},
            route: [{destination: {host: 'reviews', subset: 'v1'}}],
          },
        ],
      }),
      ['VirtualService: reviews', '   Fault injection delay, Match: /api*'],
    ],
  ])('%s', (_what, p, vs, lines) => {
    const out = describePod(
      snapshot(p, {services: [service('reviews')], destinationRules: [reviewsDr], virtualServices: [vs]}),
    );
    expect(section(out, 'VirtualService: reviews')).toEqual(lines);
  });

  it('routes to a subset without any DestinationRule', () => {
    const vs = virtualService('reviews', {
      hosts: ['reviews'],
      http: [{route: [{destination: {host: 'reviews', subset: 'v1'}}]}],
    });
    const out = describePod(snapshot(reviewsV1, {services: [service('reviews')], virtualServices: [vs]}));
    expect(section(out, 'VirtualService: reviews')).toEqual([
      'VirtualService: reviews',
      '   WARNING: No destinations match pod subsets (checked 1 HTTP routes)',
      '      Warning: Route to subset v1 but NO DESTINATION RULE defining subsets!',
    ]);
  });
});

describe('describePod: the whole output', () => {
  it('pod, service, DestinationRule, VirtualService, PeerAuthentication and Telemetry sections in order', () => {
    const out = describePod(
      snapshot(reviewsV1, {
        services: [service('reviews')],
        destinationRules: [
          destinationRule('reviews', {
            host: 'reviews',
            subsets: subsets('v1', 'v2', 'v3'),
            trafficPolicy: {tls: {mode: 'ISTIO_MUTUAL'}},
          }),
        ],
        virtualServices: [
          virtualService('reviews', {
            hosts: ['reviews'],
            http: [
              {
                route: [
                  {destination: {host: 'reviews', subset: 'v1'}, weight: 90},
                  {destination: {host: 'reviews', subset: 'v2'}, weight: 10},
                ],
              },
            ],
          }),
        ],
        peerAuthentications: [peerAuthentication('default', 'istio-system', {mtls: {mode: 'STRICT'}})],
        telemetries: [
          telemetry('mesh-default', 'istio-system', {
            tracing: [{providers: [{name: 'otel'}], randomSamplingPercentage: 10}],
          }),
        ],
        meshConfig: otelMesh,
      }),
    );
    expect(out).toEqual([
      'Pod: reviews-v1-545db77b95-v44zz',
      '   Pod Revision: default',
      '   Pod Ports: 9080 (reviews), 15090 (istio-proxy)',
      '--------------------',
      'Service: reviews',
      '   Port: http 9080/HTTP targets pod port 9080',
      'DestinationRule: reviews for "reviews"',
      '   Matching subsets: v1',
      '      (Non-matching subsets v2,v3)',
      '   Traffic Policy TLS Mode: ISTIO_MUTUAL',
      'VirtualService: reviews',
      '   Weight 90%',
      '      Route to host "reviews" subset "v1" with weight 90%',
      '--------------------',
      'Effective PeerAuthentication:',
      '   Workload mTLS mode: STRICT',
      '      (from istio-system/default)',
      'Applied PeerAuthentication:',
      '   default.istio-system',
      '--------------------',
      'Effective Telemetry:',
      '   Applied Telemetry: istio-system/mesh-default',
      '   Tracing providers: otel (from istio-system/mesh-default)',
      '   Sampling: 10% (from istio-system/mesh-default)',
      '   Custom tags: none',
      '   Span reporting: enabled',
      '   Metrics providers: none',
      '   Access logging providers: none',
    ]);
  });
});

describe('describePod: resources outside the pod namespace are named <name>.<namespace>', () => {
  it('a root-namespace DestinationRule and a VirtualService from another namespace', () => {
    const fqdn = 'reviews.bookinfo.svc.cluster.local';
    const out = describePod(
      snapshot(reviewsV1, {
        services: [service('reviews')],
        destinationRules: [
          destinationRule('reviews', {host: fqdn, subsets: subsets('v1', 'v2')}, 'istio-system'),
        ],
        virtualServices: [
          virtualService(
            'reviews-canary',
            {hosts: [fqdn], http: [{route: [{destination: {host: fqdn, subset: 'v9'}}]}]},
            'ops',
          ),
        ],
      }),
    );
    expect(section(out, `DestinationRule: reviews.istio-system for "${fqdn}"`)).toEqual([
      `DestinationRule: reviews.istio-system for "${fqdn}"`,
      '   Matching subsets: v1',
      '      (Non-matching subsets v2)',
      '   No Traffic Policy',
    ]);
    expect(section(out, 'VirtualService: reviews-canary.ops')).toEqual([
      'VirtualService: reviews-canary.ops',
      '   WARNING: No destinations match pod subsets (checked 1 HTTP routes)',
      '      Warning: Route to UNKNOWN subset v9; check DestinationRule reviews.istio-system',
    ]);
  });
});
