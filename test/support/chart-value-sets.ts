import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import yaml from 'js-yaml';

/**
 * Values for the chart parity suite: each Istio profile's spec.values as istioctl builds them
 * (the default profile under the named one, hub/tag stamped as a release build does; each chart's
 * zzz_profile.yaml then merges its files/profile-*.yaml), plus value sets that walk the charts'
 * branches. Every set is rendered by every chart.
 */
export const CHARTS = [
  'base',
  'istio-control/istio-discovery',
  'gateways/istio-ingress',
  'gateways/istio-egress',
  'istio-cni',
  'ztunnel',
  'gateway',
] as const;

export interface ValueSet {
  name: string;
  namespace: string;
  values: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(base: Obj, over: Obj): Obj {
  const out: Obj = {...base};
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? merge(out[k], v) : v;
  return out;
}

function profileValues(dir: string, name: string): Obj {
  const doc = yaml.load(readFileSync(join(dir, `${name}.yaml`), 'utf8')) as Obj | null;
  const spec = isObj(doc?.spec) ? doc.spec : {};
  return isObj(spec.values) ? spec.values : {};
}

/**
 * The values a chart is given: a chart with a values.schema.json that forbids unknown top-level
 * keys (the gateway chart) gets only the keys its schema names, as a user of that chart would pass.
 */
export function valuesForChart(istioDir: string, chart: string, values: Obj): Obj {
  let schema: Obj;
  try {
    schema = JSON.parse(readFileSync(join(istioDir, 'charts', chart, 'values.schema.json'), 'utf8')) as Obj;
  } catch {
    return values;
  }
  const ref = typeof schema.$ref === 'string' ? schema.$ref.replace('#/$defs/', '') : undefined;
  const defs = isObj(schema.$defs) ? schema.$defs : {};
  const root = ref !== undefined && isObj(defs[ref]) ? defs[ref] : schema;
  if (root.additionalProperties !== false || !isObj(root.properties)) return values;
  const allowed = new Set(Object.keys(root.properties));
  return Object.fromEntries(Object.entries(values).filter(([k]) => allowed.has(k)));
}

const STAMP = {global: {hub: 'docker.io/istio', tag: '1.31.0'}};

export function profileSets(istioDir: string): ValueSet[] {
  const dir = join(istioDir, 'profiles');
  const base = profileValues(dir, 'default');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort()
    .map((name) => ({
      name: `profile ${name}`,
      namespace: 'istio-system',
      values: merge(merge(base, STAMP), name === 'default' ? {} : profileValues(dir, name)),
    }));
}

const v = (name: string, values: Obj, namespace = 'istio-system'): ValueSet => ({
  name,
  namespace,
  values: merge(STAMP, values),
});

export const BRANCH_SETS: ValueSet[] = [
  v('revision canary', {revision: 'canary'}),
  v('revision with tag and default', {revision: '1-31-0', defaultRevision: '1-31-0', revisionTags: ['prod']}),
  v('multi-cluster', {
    global: {meshID: 'mesh1', multiCluster: {clusterName: 'cluster1', enabled: true}, network: 'network1'},
  }),
  v('multi-cluster external istiod', {
    global: {externalIstiod: true, remotePilotAddress: '10.0.0.1', multiCluster: {clusterName: 'c2'}},
  }),
  v('ambient profile', {profile: 'ambient'}),
  v('ambient with dns capture off', {profile: 'ambient', cni: {ambient: {dnsCapture: false}}}),
  v('demo profile', {profile: 'demo'}),
  v('remote profile', {profile: 'remote'}),
  v('istiodRemote enabled', {
    istiodRemote: {enabled: true, injectionURL: 'https://x.example.com:15017/inject'},
    global: {remotePilotAddress: 'istiod.example.com'},
  }),
  v('istiodRemote with injection path', {
    istiodRemote: {enabled: true, injectionPath: '/inject/cluster/c1/net/n1'},
    global: {configCluster: true},
  }),
  v('gateway labels and ports', {
    gateways: {
      'istio-ingressgateway': {
        name: 'my-ingress',
        labels: {app: 'my-ingress', istio: 'my', team: 'edge'},
        ports: [
          {name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP'},
          {name: 'https', port: 443, targetPort: 8443, protocol: 'TCP', nodePort: 30443},
        ],
        type: 'NodePort',
      },
      'istio-egressgateway': {
        name: 'my-egress',
        labels: {app: 'my-egress', istio: 'egress2'},
        type: 'ClusterIP',
      },
    },
  }),
  v('gateway LoadBalancer with annotations and IP', {
    gateways: {
      'istio-ingressgateway': {
        serviceAnnotations: {'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb'},
        loadBalancerIP: '1.2.3.4',
        loadBalancerSourceRanges: ['10.0.0.0/8'],
        externalTrafficPolicy: 'Local',
      },
    },
  }),
  v('gateway autoscale off and replicas', {
    gateways: {
      'istio-ingressgateway': {autoscaleEnabled: false, replicaCount: 3},
      'istio-egressgateway': {autoscaleMin: 2, autoscaleMax: 7},
    },
  }),
  v('gateway env, nodeSelector, tolerations', {
    gateways: {
      'istio-ingressgateway': {
        env: {FOO: 'bar', ISTIO_META_X: '1'},
        nodeSelector: {disk: 'ssd'},
        tolerations: [{key: 'k', operator: 'Exists', effect: 'NoSchedule'}],
        podAnnotations: {a: 'b'},
      },
    },
  }),
  v('gateway chart values', {
    service: {type: 'ClusterIP', ports: [{name: 'http', port: 80, targetPort: 8080}]},
    labels: {team: 'edge'},
    annotations: {note: 'x'},
    replicaCount: 2,
    autoscaling: {enabled: false},
    resources: {requests: {cpu: '50m', memory: '64Mi'}},
    env: {A: 'b'},
    podDisruptionBudget: {minAvailable: 1},
  }),
  v('gateway chart networkGateway', {networkGateway: 'net1', service: {type: 'LoadBalancer'}}),
  v('resources pilot', {
    pilot: {resources: {requests: {cpu: '1', memory: '1Gi'}, limits: {cpu: '2', memory: '2Gi'}}},
  }),
  v('resources proxy', {
    global: {
      proxy: {resources: {requests: {cpu: '10m', memory: '40Mi'}, limits: {cpu: '500m', memory: '256Mi'}}},
    },
  }),
  v('pilot env', {
    pilot: {env: {PILOT_ENABLE_ALPHA_GATEWAY_API: 'true', EXTERNAL_ISTIOD: false, PILOT_TRACE_SAMPLING: 1}},
  }),
  v('pilot tolerations and affinity', {
    pilot: {
      tolerations: [{key: 'dedicated', operator: 'Equal', value: 'istio', effect: 'NoSchedule'}],
      nodeSelector: {role: 'infra'},
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{matchExpressions: [{key: 'a', operator: 'In', values: ['b']}]}],
          },
        },
      },
    },
  }),
  v('pilot autoscale and replicas', {
    pilot: {autoscaleEnabled: false, replicaCount: 2, rollingMaxSurge: '50%', rollingMaxUnavailable: 1},
  }),
  v('pilot cpu target and traceSampling', {
    pilot: {cpu: {targetAverageUtilization: 60}, traceSampling: 0.5, autoscaleMin: 2, autoscaleMax: 10},
  }),
  v('hub tag pull policy', {
    global: {
      hub: 'my.registry.example.com/istio',
      tag: '1.31.0-distroless',
      imagePullPolicy: 'Always',
      imagePullSecrets: ['regcred'],
    },
  }),
  v('pilot image override', {pilot: {image: 'my.registry/pilot:x', hub: 'other', tag: 'y'}}),
  v('variant distroless', {global: {variant: 'distroless'}}),
  v('meshConfig extension providers', {
    meshConfig: {
      extensionProviders: [
        {name: 'otel', opentelemetry: {service: 'otel.observability.svc.cluster.local', port: 4317}},
        {
          name: 'ext-authz',
          envoyExtAuthzHttp: {
            service: 'authz.foo.svc.cluster.local',
            port: 8000,
            includeRequestHeadersInCheck: ['x-ext-authz'],
          },
        },
      ],
      defaultProviders: {tracing: ['otel']},
      accessLogFile: '/dev/stdout',
      enableTracing: true,
      outboundTrafficPolicy: {mode: 'REGISTRY_ONLY'},
    },
  }),
  v('meshConfig defaultConfig', {
    meshConfig: {
      defaultConfig: {holdApplicationUntilProxyStarts: true, proxyMetadata: {ISTIO_META_DNS_CAPTURE: 'true'}},
      trustDomain: 'example.org',
    },
  }),
  v('sidecarInjectorWebhook settings', {
    sidecarInjectorWebhook: {
      enableNamespacesByDefault: true,
      rewriteAppHTTPProbe: false,
      neverInjectSelector: [{matchExpressions: [{key: 'openshift.io/build.name', operator: 'Exists'}]}],
      alwaysInjectSelector: [{matchLabels: {inject: 'yes'}}],
      injectedAnnotations: {'x/y': 'z'},
      templates: {custom: 'metadata:\n  labels:\n    custom: "true"\n'},
      defaultTemplates: ['sidecar', 'custom'],
    },
  }),
  v('sidecarInjectorWebhook reinvocation and objectSelector', {
    sidecarInjectorWebhook: {
      reinvocationPolicy: 'IfNeeded',
      objectSelector: {enabled: true, autoInject: false},
    },
  }),
  v('logging level', {global: {logging: {level: 'default:debug'}, logAsJson: true}}),
  v('proxy settings', {
    global: {
      proxy: {
        logLevel: 'debug',
        componentLogLevel: 'misc:info',
        privileged: true,
        holdApplicationUntilProxyStarts: true,
        clusterDomain: 'corp.local',
      },
    },
  }),
  v('proxy init and tracer', {
    global: {proxy_init: {resources: {limits: {cpu: '100m'}}}, proxy: {tracer: 'zipkin'}},
  }),
  v('istio-cni settings', {
    cni: {
      logLevel: 'debug',
      cniBinDir: '/opt/cni/bin2',
      excludeNamespaces: ['kube-system', 'foo'],
      repair: {enabled: false},
      resources: {requests: {cpu: '1m'}},
    },
  }),
  v('cni ambient and privileged', {
    profile: 'ambient',
    cni: {privileged: true, ambient: {enabled: true, ipv6: false}, podAnnotations: {a: 'b'}},
  }),
  v('ztunnel settings', {
    profile: 'ambient',
    ztunnel: {
      logLevel: 'debug',
      resources: {requests: {cpu: '300m'}},
      env: {X: 'y'},
      tolerations: [{operator: 'Exists'}],
    },
  }),
  v('ztunnel multi-network', {
    profile: 'ambient',
    global: {network: 'net2', multiCluster: {clusterName: 'c3'}},
  }),
  v('base validation off', {
    base: {enableIstioConfigCRDs: false, validationURL: 'https://v.example.com'},
    global: {configValidation: false},
  }),
  v('base excluded CRDs', {
    base: {excludedCRDs: ['wasmplugins.extensions.istio.io'], validationCABundle: 'Q0E='},
  }),
  v('istio namespace custom', {global: {istioNamespace: 'mesh-system'}}, 'mesh-system'),
  v('telemetry off', {telemetry: {enabled: false}, pilot: {enableProtocolSniffingForOutbound: false}}),
  v('priority class and security context', {
    global: {priorityClassName: 'system-cluster-critical'},
    pilot: {seccompProfile: {type: 'RuntimeDefault'}},
  }),
  v('compatibility version 1.28', {compatibilityVersion: '1.28'}),
  v('platform gke', {global: {platform: 'gke'}}),
  v('platform openshift ambient', {profile: 'ambient', global: {platform: 'openshift'}}),
  v('pilot podLabels and annotations', {
    pilot: {
      podLabels: {team: 'mesh'},
      podAnnotations: {'prometheus.io/scrape': 'false'},
      deploymentLabels: {d: 'x'},
    },
  }),
  v('pilot jwks and keepalive', {
    pilot: {jwksResolverExtraRootCA: 'abc', keepaliveMaxServerConnectionAge: '10m'},
  }),
  v('global pilotCertProvider and caAddress', {
    global: {
      pilotCertProvider: 'kubernetes',
      caAddress: 'ca.example.com:15012',
      jwtPolicy: 'first-party-jwt',
    },
  }),
  v('numbers that print as exponents', {
    pilot: {replicaCount: 1000000, autoscaleMax: 12345678901234},
    gateways: {'istio-ingressgateway': {cpu: {targetAverageUtilization: 1.5}}},
  }),
  v('null deletes a default', {
    pilot: {resources: null, nodeSelector: null},
    gateways: {'istio-ingressgateway': {ports: null}},
  }),
  v('gateway injection off and custom service account', {
    gateways: {
      'istio-ingressgateway': {
        injectionTemplate: 'gateway',
        runAsRoot: true,
        serviceAccount: {name: 'sa', annotations: {a: 'b'}},
      },
    },
  }),
];
