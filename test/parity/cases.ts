/**
 * Parity cases: istioctl inputs (IstioOperator file texts and --set flags). mesh renders each
 * through its pipeline; the oracle renders it through istioctl's GenerateManifest.
 */
export interface ParityCase {
  name: string;
  /** IstioOperator documents, each written to a file and passed with -f. */
  files?: string[];
  set?: string[];
  /** How many warnings istioctl logs for it (none unless said). */
  warns?: number;
}

export const PROFILES = [
  'default',
  'demo',
  'minimal',
  'empty',
  'preview',
  'remote',
  'ambient',
  'stable',
  'openshift',
  'openshift-ambient',
];

/** A file listing one gateway by name: istioctl replaces the profile's list, mesh merges by name; both mean this gateway. */
const gateway = (list: string, name: string, body: string) =>
  iop(`  components:\n    ${list}:\n    - name: ${name}\n      ${body}\n`);

const iop = (spec: string) => `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n${spec}`;

export const CASES: ParityCase[] = [
  {name: 'hub and tag', set: ['hub=quay.io/example', 'tag=1.31.0-custom']},
  {name: 'global hub and tag values', set: ['values.global.hub=gcr.io/x', 'values.global.tag=9.9']},
  {name: 'logging level', set: ['values.global.logging.level=default:debug']},
  {name: 'pilot env', set: ['values.pilot.env.PILOT_ENABLE_STATUS=yes', 'values.pilot.env.EXTRA=abc']},
  {
    name: 'pilot replicas without HPA',
    set: ['values.pilot.autoscaleEnabled=false', 'components.pilot.k8s.replicaCount=3'],
  },
  {name: 'pilot replicas with HPA', set: ['components.pilot.k8s.replicaCount=2']},
  {
    name: 'pilot HPA bounds',
    set: ['components.pilot.k8s.hpaSpec.minReplicas=2', 'components.pilot.k8s.hpaSpec.maxReplicas=7'],
  },
  {
    name: 'pilot resources',
    set: [
      'components.pilot.k8s.resources.requests.cpu=1000m',
      'components.pilot.k8s.resources.requests.memory=1Gi',
      'components.pilot.k8s.resources.limits.cpu=2',
    ],
  },
  {name: 'pilot resources via values', set: ['values.pilot.resources.requests.cpu=250m']},
  {
    name: 'pilot tolerations, affinity, nodeSelector',
    files: [
      iop(`  components:
    pilot:
      k8s:
        nodeSelector: {disk: ssd}
        tolerations:
        - {key: dedicated, operator: Equal, value: istio, effect: NoSchedule}
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - {key: kubernetes.io/arch, operator: In, values: [amd64]}
`),
    ],
  },
  {
    name: 'pilot env via k8s',
    files: [
      iop(
        `  components:\n    pilot:\n      k8s:\n        env:\n        - {name: PILOT_TRACE_SAMPLING, value: "50"}\n        - {name: NEW_ONE, value: x}\n`,
      ),
    ],
  },
  {
    name: 'pilot podAnnotations, priorityClassName, imagePullPolicy',
    set: [
      'components.pilot.k8s.podAnnotations.example\\.com/a=b',
      'components.pilot.k8s.priorityClassName=system-cluster-critical',
      'components.pilot.k8s.imagePullPolicy=Always',
    ],
  },
  {
    name: 'pilot strategy, securityContext, readinessProbe',
    files: [
      iop(`  components:
    pilot:
      k8s:
        strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
        securityContext: {runAsNonRoot: true}
        readinessProbe: {initialDelaySeconds: 5, periodSeconds: 7}
`),
    ],
  },
  {name: 'pilot PDB', set: ['components.pilot.k8s.podDisruptionBudget.maxUnavailable=1']},
  {name: 'pilot serviceAnnotations', set: ['components.pilot.k8s.serviceAnnotations.a=b']},
  {
    name: 'pilot overlays',
    files: [
      iop(`  components:
    pilot:
      k8s:
        overlays:
        - kind: Deployment
          name: istiod
          patches:
          - path: spec.template.spec.containers.[name:discovery].args.[1]
            value: "--log_output_level=all:debug"
          - path: metadata.labels.extra
            value: yes-please
`),
    ],
  },
  {
    name: 'ingress overlays on the Service',
    files: [
      iop(`  components:
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
      k8s:
        overlays:
        - kind: Service
          name: istio-ingressgateway
          patches:
          - path: spec.externalTrafficPolicy
            value: Local
`),
    ],
  },
  {
    name: 'extra ingress gateway in another namespace',
    files: [
      iop(`  components:
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
    - name: edge-gateway
      namespace: edge
      enabled: true
      label:
        istio: edge
        team: web
      k8s:
        service:
          type: NodePort
          ports:
          - {name: http2, port: 80, targetPort: 8080}
          - {name: custom, port: 9443, targetPort: 9443, protocol: TCP}
`),
    ],
  },
  {name: 'egress on', files: [gateway('egressGateways', 'istio-egressgateway', 'enabled: true')]},
  {
    name: 'egress off in demo',
    set: ['profile=demo'],
    files: [gateway('egressGateways', 'istio-egressgateway', 'enabled: false')],
  },
  {name: 'ingress off', files: [gateway('ingressGateways', 'istio-ingressgateway', 'enabled: false')]},
  {
    name: 'ingress resources',
    files: [
      gateway(
        'ingressGateways',
        'istio-ingressgateway',
        'k8s: {resources: {requests: {cpu: 300m, memory: 64Mi}}}',
      ),
    ],
  },
  {
    name: 'ingress HPA',
    files: [gateway('ingressGateways', 'istio-ingressgateway', 'k8s: {hpaSpec: {maxReplicas: 9}}')],
  },
  {
    name: 'ingress serviceAnnotations and service type',
    files: [
      gateway(
        'ingressGateways',
        'istio-ingressgateway',
        'k8s: {serviceAnnotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}, service: {type: ClusterIP}}',
      ),
    ],
  },
  {
    name: 'ingress replicas without autoscaling',
    set: ['values.gateways.istio-ingressgateway.autoscaleEnabled=false'],
    files: [gateway('ingressGateways', 'istio-ingressgateway', 'k8s: {replicaCount: 2}')],
  },
  // istioctl warns (and renders all the same) when a fixed replica count meets an enabled autoscaler.
  {
    name: 'pilot replicas beside an enabled autoscaler (a warning)',
    set: ['values.pilot.autoscaleEnabled=true', 'components.pilot.k8s.replicaCount=2'],
    warns: 1,
  },
  {
    name: 'gateway replicas beside enabled autoscalers (warnings)',
    set: [
      'profile=demo',
      'values.gateways.istio-ingressgateway.autoscaleEnabled=true',
      'values.gateways.istio-egressgateway.autoscaleEnabled=true',
    ],
    files: [
      gateway('ingressGateways', 'istio-ingressgateway', 'k8s: {replicaCount: 3}'),
      gateway('egressGateways', 'istio-egressgateway', 'k8s: {replicaCount: 1}'),
    ],
    warns: 2,
  },
  {
    name: 'ingress via values switch',
    set: ['profile=minimal', 'values.gateways.istio-ingressgateway.enabled=true'],
  },
  {name: 'revision canary', set: ['revision=canary']},
  {
    name: 'revision canary with k8s settings',
    set: ['revision=canary', 'components.pilot.k8s.replicaCount=2', 'values.pilot.autoscaleEnabled=false'],
  },
  {name: 'revision with default tag', set: ['revision=canary', 'values.defaultRevision=canary']},
  {name: 'cni on', set: ['components.cni.enabled=true']},
  {name: 'cni in kube-system', set: ['components.cni.enabled=true', 'components.cni.namespace=kube-system']},
  {
    name: 'cni k8s settings',
    set: ['components.cni.enabled=true', 'components.cni.k8s.resources.requests.cpu=200m'],
  },
  {name: 'ambient profile with ztunnel settings', set: ['profile=ambient', 'values.ztunnel.logLevel=debug']},
  {name: 'ambient ztunnel k8s', set: ['profile=ambient', 'components.ztunnel.k8s.nodeSelector.role=mesh']},
  {
    name: 'ambient with ingress',
    set: ['profile=ambient'],
    files: [gateway('ingressGateways', 'istio-ingressgateway', 'enabled: true')],
  },
  {
    name: 'remote injection URL',
    set: ['profile=remote', 'values.istiodRemote.injectionURL=https://istiod.example.com:15017/inject'],
  },
  {
    name: 'remote with injectionPath',
    set: ['profile=remote', 'values.istiodRemote.injectionPath=/inject/cluster/c2/net/n2'],
  },
  {
    name: 'meshConfig extension providers and defaultConfig',
    files: [
      iop(`  meshConfig:
    accessLogFile: /dev/stdout
    defaultConfig:
      holdApplicationUntilProxyStarts: true
      proxyMetadata:
        ISTIO_META_DNS_CAPTURE: "true"
    extensionProviders:
    - name: otel
      opentelemetry: {service: otel.observability.svc.cluster.local, port: 4317}
    - name: authz
      envoyExtAuthzHttp: {service: authz.auth.svc.cluster.local, port: 8000}
`),
    ],
  },
  {
    name: 'meshConfig via set',
    set: ['meshConfig.enableTracing=true', 'meshConfig.defaultConfig.tracing.sampling=10'],
  },
  {name: 'proxy resources', set: ['values.global.proxy.resources.requests.cpu=50m']},
  {name: 'sidecar injector values', set: ['values.sidecarInjectorWebhook.rewriteAppHTTPProbe=false']},
  {name: 'istio namespace', set: ['values.global.istioNamespace=mesh-system']},
  {
    name: 'multicluster',
    set: ['values.global.meshID=m1', 'values.global.multiCluster.clusterName=c1', 'values.global.network=n1'],
  },
  {name: 'configValidation off', set: ['values.global.configValidation=false']},
  {name: 'base without CRDs', set: ['values.base.enableIstioConfigCRDs=false']},
  {name: 'telemetry off', set: ['values.telemetry.enabled=false']},
  {name: 'trace sampling', set: ['values.pilot.traceSampling=5.5']},
  {name: 'compatibility version', set: ['compatibilityVersion=1.29']},
  {
    name: 'unvalidated values',
    files: [iop('  unvalidatedValues:\n    pilot:\n      env:\n        FOO: bar\n')],
  },
  {
    name: 'component hub and tag',
    set: ['components.pilot.hub=quay.io/other', 'components.pilot.tag=1.31.0-x'],
  },
  {
    name: 'demo with pilot resources',
    set: ['profile=demo', 'components.pilot.k8s.resources.requests.memory=200Mi'],
  },
];
