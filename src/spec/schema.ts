/**
 * The IstioOperator spec schema, as data. It types --set values (a string field keeps
 * `true` as a string), and validation walks it to reject unknown fields and wrong types.
 * `open` objects accept fields not listed (Kubernetes structs we pass through untouched).
 */
import {REVISION_FORMAT, revisionProblem} from './revision.js';
import {didYouMean} from './suggest.js';
import {meshConfig} from './schema-mesh.js';
import {valuesSchema} from './schema-values.js';
import {
  any,
  anyObject,
  bool,
  int,
  intOrString,
  list,
  object,
  oneOf,
  port,
  str,
  stringMap,
  strings,
  type Schema,
} from './schema-types.js';

export {describeSchema, type Schema} from './schema-types.js';

/** Resource names as Kubernetes accepts them on a container: the standard ones or domain-qualified. */
const STANDARD_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const QUALIFIED_RESOURCE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
function resourceNameProblem(name: string): string | undefined {
  if (STANDARD_RESOURCES.includes(name) || /^hugepages-[0-9]+[A-Za-z]*$/.test(name)) return undefined;
  if (QUALIFIED_RESOURCE.test(name) && !name.startsWith('kubernetes.io/')) return undefined;
  return `unknown resource "${name}"${didYouMean(name, STANDARD_RESOURCES)}; expected cpu, memory, ephemeral-storage, hugepages-<size> or a domain-qualified name such as example.com/gpu`;
}
const resourceList: Schema = {type: 'map', values: intOrString, keyCheck: resourceNameProblem};
/** A namespace name: a DNS-1123 label, as the apiserver checks it (caught here, before any cluster call). */
const namespaceName: Schema = {
  type: 'string',
  check: (value) =>
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) && value.length <= 63
      ? undefined
      : `invalid namespace "${value}": must be a DNS-1123 label (lower case letters, digits and "-", at most 63 characters)`,
  format: 'a DNS-1123 label',
};
const resources = object({requests: resourceList, limits: resourceList, claims: list(anyObject)});
const pullPolicy = oneOf('Always', 'IfNotPresent', 'Never');

const servicePort = object({
  name: str,
  port,
  targetPort: intOrString,
  protocol: oneOf('TCP', 'UDP', 'SCTP'),
  nodePort: int,
  appProtocol: str,
});

/** The Service spec fields a gateway's k8s.service may set; annotations go in k8s.serviceAnnotations. */
const service = object({
  type: oneOf('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'),
  ports: list(servicePort),
  loadBalancerIP: str,
  loadBalancerClass: str,
  loadBalancerSourceRanges: strings,
  externalTrafficPolicy: oneOf('Cluster', 'Local'),
  internalTrafficPolicy: oneOf('Cluster', 'Local'),
  sessionAffinity: oneOf('ClientIP', 'None'),
  sessionAffinityConfig: anyObject,
  clusterIP: str,
  clusterIPs: strings,
  externalIPs: strings,
  externalName: str,
  ipFamilies: strings,
  ipFamilyPolicy: oneOf('SingleStack', 'PreferDualStack', 'RequireDualStack'),
  allocateLoadBalancerNodePorts: bool,
  healthCheckNodePort: int,
  publishNotReadyAddresses: bool,
  trafficDistribution: str,
});

const k8s = object({
  affinity: anyObject,
  env: list(object({name: str, value: str, valueFrom: anyObject})),
  hpaSpec: object({
    minReplicas: int,
    maxReplicas: int,
    metrics: list(anyObject),
    behavior: anyObject,
    scaleTargetRef: anyObject,
  }),
  imagePullPolicy: pullPolicy,
  nodeSelector: stringMap,
  podDisruptionBudget: object({minAvailable: intOrString, maxUnavailable: intOrString, selector: anyObject}),
  podAnnotations: stringMap,
  priorityClassName: str,
  readinessProbe: anyObject,
  replicaCount: {type: 'integer', minimum: 0},
  resources,
  service,
  strategy: anyObject,
  tolerations: list(anyObject),
  serviceAnnotations: stringMap,
  securityContext: anyObject,
  volumes: list(anyObject),
  volumeMounts: list(anyObject),
  overlays: list(
    object({kind: str, name: str, apiVersion: str, patches: list(object({path: str, value: any}))}),
  ),
});

const component = object({enabled: bool, namespace: namespaceName, hub: str, tag: str, k8s});
const gateway = object({
  name: str,
  enabled: bool,
  namespace: namespaceName,
  hub: str,
  tag: str,
  label: stringMap,
  k8s,
});

/** Istio's values API, with mesh's checks on the fields it knows better (see schema-values.ts). */
const values = valuesSchema({
  messages: {Resources: resources},
  fields: {
    'global.istioNamespace': namespaceName,
    'global.imagePullPolicy': pullPolicy,
    // istioctl never reads a tag from --set as a number (values/map.go alwaysString).
    'global.tag': intOrString,
    'pilot.traceSampling': {type: 'number', minimum: 0, maximum: 100},
    // Environment variables are text: `--set values.pilot.env.X=true` keeps "true" a string.
    'pilot.env': stringMap,
    'gateways.istio-ingressgateway.env': stringMap,
    'gateways.istio-egressgateway.env': stringMap,
    'sidecarInjectorWebhook.injectedAnnotations': stringMap,
  },
});

export const SPEC_SCHEMA: Schema = object({
  profile: str,
  installPackagePath: str,
  hub: str,
  tag: str,
  namespace: namespaceName,
  revision: {type: 'string', check: revisionProblem, format: REVISION_FORMAT},
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
