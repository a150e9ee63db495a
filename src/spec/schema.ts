/**
 * The IstioOperator spec schema, as data. It types --set values (a string field keeps
 * `true` as a string), and validation walks it to reject unknown fields and wrong types.
 * `open` objects accept fields not listed (Kubernetes structs we pass through untouched).
 */
export type Schema =
  | {type: 'string'; enum?: readonly string[]}
  | {type: 'integer'; minimum?: number; maximum?: number}
  | {type: 'number'; minimum?: number; maximum?: number}
  | {type: 'boolean'}
  | {type: 'intOrString'}
  | {type: 'any'}
  | {type: 'object'; properties: {[field: string]: Schema}; open?: boolean}
  | {type: 'map'; values: Schema}
  | {type: 'list'; items: Schema};

const str: Schema = {type: 'string'};
const int: Schema = {type: 'integer'};
const bool: Schema = {type: 'boolean'};
const any: Schema = {type: 'any'};
const anyObject: Schema = {type: 'object', properties: {}, open: true};
const stringMap: Schema = {type: 'map', values: str};
const strings: Schema = {type: 'list', items: str};
const object = (properties: {[field: string]: Schema}, open = false): Schema => ({type: 'object', properties, open});
const list = (items: Schema): Schema => ({type: 'list', items});

const resourceList: Schema = {type: 'map', values: {type: 'intOrString'}};
const resources = object({requests: resourceList, limits: resourceList, claims: list(anyObject)});

const servicePort = object(
  {name: str, port: int, targetPort: {type: 'intOrString'}, protocol: str, nodePort: int, appProtocol: str},
  true,
);

const k8s = object({
  affinity: anyObject,
  env: list(object({name: str, value: str, valueFrom: anyObject})),
  hpaSpec: object({minReplicas: int, maxReplicas: int, metrics: list(anyObject), behavior: anyObject, scaleTargetRef: anyObject}),
  imagePullPolicy: {type: 'string', enum: ['Always', 'IfNotPresent', 'Never']},
  nodeSelector: stringMap,
  podDisruptionBudget: object({minAvailable: {type: 'intOrString'}, maxUnavailable: {type: 'intOrString'}, selector: anyObject}),
  podAnnotations: stringMap,
  priorityClassName: str,
  readinessProbe: anyObject,
  replicaCount: {type: 'integer', minimum: 0},
  resources,
  service: object({type: {type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']}, ports: list(servicePort)}, true),
  strategy: anyObject,
  tolerations: list(anyObject),
  serviceAnnotations: stringMap,
  securityContext: anyObject,
  volumes: list(anyObject),
  volumeMounts: list(anyObject),
  overlays: list(object({kind: str, name: str, apiVersion: str, patches: list(object({path: str, value: any}))})),
});

const component = object({enabled: bool, namespace: str, hub: str, tag: str, k8s});
const gateway = object({name: str, enabled: bool, namespace: str, hub: str, tag: str, label: stringMap, k8s});

const extensionProvider = object({name: str}, true);

const meshConfig = object({
  accessLogFile: str,
  accessLogFormat: str,
  accessLogEncoding: {type: 'string', enum: ['TEXT', 'JSON']},
  enableTracing: bool,
  enableEnvoyAccessLogService: bool,
  enableAutoMtls: bool,
  enablePrometheusMerge: bool,
  rootNamespace: str,
  trustDomain: str,
  trustDomainAliases: strings,
  ingressClass: str,
  ingressService: str,
  ingressSelector: str,
  ingressControllerMode: {type: 'string', enum: ['UNSPECIFIED', 'OFF', 'DEFAULT', 'STRICT']},
  outboundTrafficPolicy: object({mode: {type: 'string', enum: ['REGISTRY_ONLY', 'ALLOW_ANY']}}),
  inboundTrafficPolicy: object({mode: {type: 'string', enum: ['PASSTHROUGH', 'LOCALHOST']}}),
  connectTimeout: str,
  protocolDetectionTimeout: str,
  dnsRefreshRate: str,
  localityLbSetting: anyObject,
  meshMTLS: anyObject,
  tlsDefaults: anyObject,
  discoverySelectors: list(anyObject),
  defaultServiceExportTo: strings,
  defaultVirtualServiceExportTo: strings,
  defaultDestinationRuleExportTo: strings,
  serviceSettings: list(anyObject),
  caCertificates: list(anyObject),
  certificates: list(anyObject),
  configSources: list(anyObject),
  defaultHttpRetryPolicy: anyObject,
  outboundClusterStatName: str,
  inboundClusterStatName: str,
  pathNormalization: anyObject,
  verifyCertificateAtClient: bool,
  extensionProviders: list(extensionProvider),
  defaultProviders: object({tracing: strings, metrics: strings, accessLogging: strings}),
  defaultConfig: object(
    {
      discoveryAddress: str,
      proxyMetadata: stringMap,
      holdApplicationUntilProxyStarts: bool,
      concurrency: int,
      tracing: anyObject,
      proxyStatsMatcher: anyObject,
      meshId: str,
      image: anyObject,
    },
    true,
  ),
});

const gatewayValues = object(
  {autoscaleEnabled: bool, autoscaleMin: int, autoscaleMax: int, cpu: object({targetAverageUtilization: int}), env: stringMap},
  true,
);

const values = object({
  profile: str,
  revision: str,
  defaultRevision: str,
  global: object(
    {
      hub: str,
      tag: str,
      istioNamespace: str,
      configValidation: bool,
      imagePullPolicy: {type: 'string', enum: ['Always', 'IfNotPresent', 'Never']},
      imagePullSecrets: strings,
      logging: object({level: str}),
      meshID: str,
      network: str,
      multiCluster: object({clusterName: str, enabled: bool}),
      proxy: object({resources, logLevel: str, componentLogLevel: str, privileged: bool}, true),
      proxy_init: anyObject,
      priorityClassName: str,
    },
    false,
  ),
  pilot: object({
    enabled: bool,
    autoscaleEnabled: bool,
    autoscaleMin: int,
    autoscaleMax: int,
    replicaCount: int,
    traceSampling: {type: 'number', minimum: 0, maximum: 100},
    cpu: object({targetAverageUtilization: int}),
    env: {type: 'map', values: str},
    resources,
    nodeSelector: stringMap,
    podAnnotations: stringMap,
  }),
  gateways: object({'istio-ingressgateway': gatewayValues, 'istio-egressgateway': gatewayValues}),
  sidecarInjectorWebhook: object(
    {enableNamespacesByDefault: bool, rewriteAppHTTPProbe: bool, injectedAnnotations: stringMap, defaultTemplates: strings},
    true,
  ),
  meshConfig: anyObject,
  base: object({enableCRDTemplates: bool, validationURL: str}, true),
  telemetry: object({enabled: bool}, true),
});

export const SPEC_SCHEMA: Schema = object({
  profile: str,
  installPackagePath: str,
  hub: str,
  tag: str,
  namespace: str,
  revision: str,
  compatibilityVersion: str,
  meshConfig,
  components: object({
    base: component,
    pilot: component,
    cni: component,
    ztunnel: component,
    istiodRemote: component,
    ingressGateways: list(gateway),
    egressGateways: list(gateway),
  }),
  values,
  unvalidatedValues: anyObject,
});

/** A human phrase for what a schema node expects, used in error messages. */
export function describeSchema(schema: Schema): string {
  switch (schema.type) {
    case 'string':
      return schema.enum ? `one of ${schema.enum.join(', ')}` : 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'intOrString':
      return 'an integer or a string';
    case 'any':
      return 'any value';
    case 'object':
      return 'an object';
    case 'map':
      return `a map of ${describeSchema(schema.values)}`;
    case 'list':
      return 'a list';
  }
}
