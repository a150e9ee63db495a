/**
 * Pilot (istiod): identity and RBAC, the mesh and injector ConfigMaps, the Deployment with its
 * Service, autoscaler and disruption budget, and the two admission webhooks. Every name takes
 * the revision suffix; cluster-scoped names also take the install namespace so that several
 * installations never collide.
 */
import type {RenderContext} from '../context.js';
import {imageOf, istiodAddress} from '../context.js';
import {
  applyDeploymentSettings,
  applyHpaSettings,
  applyPdbSettings,
  applyServiceSettings,
  mergeEnv,
} from '../k8s-settings.js';
import {MESH_NETWORKS_YAML, meshConfigYaml, trustDomain} from '../mesh-config.js';
import type {K8sObject, Obj} from '../types.js';
import {dig, digObj, envFromMap, merge} from '../util.js';
import {injectorConfigMap} from './injector.js';
import {
  clusterRole,
  clusterRoleBinding,
  ISTIO_CONFIG_GROUPS,
  READ,
  role,
  roleBinding,
  serviceAccount,
  WRITE,
  type PolicyRule,
} from './rbac.js';
import {
  autoscaleFromValues,
  fieldEnv,
  globalPodSettings,
  globalPullPolicy,
  horizontalPodAutoscaler,
  podDisruptionBudget,
  restrictedContainerSecurity,
  stringMap,
} from './workload.js';

/** istiod's own requests when neither values.pilot.resources nor k8s.resources say otherwise. */
export const DEFAULT_PILOT_RESOURCES = {requests: {cpu: '500m', memory: '2048Mi'}};

const ISTIOD_CLUSTER_RULES: PolicyRule[] = [
  {apiGroups: ISTIO_CONFIG_GROUPS, resources: ['*'], verbs: READ},
  {apiGroups: ['networking.istio.io'], resources: ['workloadentries'], verbs: WRITE},
  {
    apiGroups: ['networking.istio.io'],
    resources: ['workloadentries/status', 'serviceentries/status'],
    verbs: READ.concat('update', 'patch'),
  },
  {
    apiGroups: ['security.istio.io'],
    resources: ['authorizationpolicies/status'],
    verbs: READ.concat('update', 'patch'),
  },
  {apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ},
  {apiGroups: [''], resources: ['pods', 'nodes', 'services', 'namespaces', 'endpoints'], verbs: READ},
  {apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ},
  {apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create']},
  {apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create']},
  {
    apiGroups: ['certificates.k8s.io'],
    resources: [
      'certificatesigningrequests',
      'certificatesigningrequests/approval',
      'certificatesigningrequests/status',
    ],
    verbs: ['update', 'create', 'get', 'delete', 'watch'],
  },
  {
    apiGroups: ['admissionregistration.k8s.io'],
    resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
    verbs: ['get', 'list', 'watch', 'update', 'patch'],
  },
  {apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'get', 'list', 'watch', 'update']},
];

const GATEWAY_CONTROLLER_RULES: PolicyRule[] = [
  {apiGroups: ['apps'], resources: ['deployments'], verbs: WRITE},
  {apiGroups: [''], resources: ['services', 'serviceaccounts'], verbs: WRITE},
  {apiGroups: ['gateway.networking.k8s.io'], resources: ['*'], verbs: WRITE},
];

const ISTIOD_NAMESPACE_RULES: PolicyRule[] = [
  {apiGroups: [''], resources: ['secrets'], verbs: ['create', 'get', 'watch', 'list', 'update', 'delete']},
  {apiGroups: [''], resources: ['configmaps'], verbs: ['delete']},
  {apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: WRITE},
];

export function renderPilot(context: RenderContext): K8sObject[] {
  const {namespace, suffix} = context;
  const name = `istiod${suffix}`;
  const labels = {app: 'istiod', 'istio.io/rev': context.revLabel};
  const selector = {app: 'istiod', 'istio.io/rev': context.revLabel};
  const k8s = context.operator.spec.components?.pilot?.k8s;
  const pilotValues = digObj(context.values, 'pilot') ?? {};
  const autoscale =
    pilotValues.autoscaleEnabled !== false && (k8s?.replicaCount === undefined || k8s.hpaSpec !== undefined);

  const account = serviceAccount(name, namespace, labels);
  const clusterRoleName = `istiod-clusterrole${suffix}-${namespace}`;
  const gatewayRoleName = `istiod-gateway-controller${suffix}-${namespace}`;
  const objects: K8sObject[] = [
    account,
    role(name, namespace, labels, ISTIOD_NAMESPACE_RULES),
    roleBinding(name, namespace, labels, name),
    clusterRole(clusterRoleName, labels, ISTIOD_CLUSTER_RULES),
    clusterRoleBinding(clusterRoleName, labels, {name, namespace}),
    clusterRole(gatewayRoleName, labels, GATEWAY_CONTROLLER_RULES),
    clusterRoleBinding(gatewayRoleName, labels, {name, namespace}),
    meshConfigMap(context),
    injectorConfigMap(context),
    istiodDeployment(context, name, labels, selector, autoscale),
    istiodService(context, name, labels, selector),
    podDisruptionBudget(name, namespace, labels, selector),
    injectionWebhook(context, name),
    validationWebhook(context, name),
  ];
  if (autoscale)
    objects.push(horizontalPodAutoscaler(name, namespace, labels, autoscaleFromValues(pilotValues)));

  for (const object of objects) {
    if (object.kind === 'Deployment')
      applyDeploymentSettings(object, k8s, {container: 'discovery', autoscaled: autoscale});
    if (object.kind === 'Service') applyServiceSettings(object, k8s);
    if (object.kind === 'HorizontalPodAutoscaler') applyHpaSettings(object, k8s);
    if (object.kind === 'PodDisruptionBudget') applyPdbSettings(object, k8s);
  }
  return objects;
}

function meshConfigMap(context: RenderContext): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `istio${context.suffix}`,
      namespace: context.namespace,
      labels: {'istio.io/rev': context.revLabel},
    },
    data: {mesh: meshConfigYaml(context), meshNetworks: MESH_NETWORKS_YAML},
  };
}

function istiodDeployment(
  context: RenderContext,
  name: string,
  labels: {[key: string]: string},
  selector: {[key: string]: string},
  autoscaled: boolean,
): K8sObject {
  const pilotValues = digObj(context.values, 'pilot') ?? {};
  const traceSampling = dig(pilotValues, 'traceSampling');
  const env = mergeEnv(
    [
      {name: 'REVISION', value: context.revLabel},
      {name: 'PILOT_CERT_PROVIDER', value: 'istiod'},
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
      {name: 'KUBECONFIG', value: '/var/run/secrets/remote/config'},
      {name: 'PILOT_TRACE_SAMPLING', value: String(typeof traceSampling === 'number' ? traceSampling : 1)},
      {name: 'PILOT_ENABLE_ANALYSIS', value: 'false'},
      {
        name: 'CLUSTER_ID',
        value: String(dig(context.values, 'global', 'multiCluster', 'clusterName') ?? 'Kubernetes'),
      },
      {name: 'ISTIOD_CUSTOM_HOST', value: istiodAddress(context).replace(/:\d+$/, '')},
      {name: 'TRUST_DOMAIN', value: trustDomain(context)},
    ],
    envFromMap(pilotValues.env),
  );
  const container: Obj = {
    name: 'discovery',
    image: imageOf(context, 'pilot', context.operator.spec.components?.pilot),
    args: [
      'discovery',
      '--monitoringAddr=:15014',
      '--log_output_level=default:info',
      '--domain',
      'cluster.local',
      '--keepaliveMaxServerConnectionAge',
      '30m',
    ],
    ports: [
      {containerPort: 8080, name: 'http-debug', protocol: 'TCP'},
      {containerPort: 15010, name: 'grpc-xds', protocol: 'TCP'},
      {containerPort: 15012, name: 'tls-xds', protocol: 'TCP'},
      {containerPort: 15017, name: 'https-webhooks', protocol: 'TCP'},
      {containerPort: 15014, name: 'http-monitoring', protocol: 'TCP'},
    ],
    readinessProbe: {
      httpGet: {path: '/ready', port: 8080},
      initialDelaySeconds: 1,
      periodSeconds: 3,
      timeoutSeconds: 5,
    },
    env,
    resources: merge(DEFAULT_PILOT_RESOURCES, digObj(pilotValues, 'resources')),
    securityContext: restrictedContainerSecurity(),
    volumeMounts: [
      {name: 'istio-token', mountPath: '/var/run/secrets/tokens', readOnly: true},
      {name: 'local-certs', mountPath: '/var/run/secrets/istio-dns'},
      {name: 'cacerts', mountPath: '/etc/cacerts', readOnly: true},
      {name: 'istio-kubeconfig', mountPath: '/var/run/secrets/remote', readOnly: true},
    ],
  };
  const pullPolicy = globalPullPolicy(context);
  if (pullPolicy) container.imagePullPolicy = pullPolicy;

  const replicas = dig(pilotValues, 'replicaCount');
  const spec: Obj = {};
  // With an HPA the autoscaler owns the replica count (as in Istio's chart); writing it would undo its scaling on every install.
  if (typeof replicas === 'number' && !autoscaled) spec.replicas = replicas;
  Object.assign(spec, {
    strategy: {rollingUpdate: {maxSurge: '100%', maxUnavailable: '25%'}},
    selector: {matchLabels: {...selector}},
    template: {
      metadata: {
        labels: {...labels, istio: 'pilot', 'sidecar.istio.io/inject': 'false'},
        annotations: {
          'prometheus.io/port': '15014',
          'prometheus.io/scrape': 'true',
          ...stringMap(pilotValues.podAnnotations),
        },
      },
      spec: {
        serviceAccountName: name,
        ...globalPodSettings(context),
        ...(Object.keys(stringMap(pilotValues.nodeSelector)).length
          ? {nodeSelector: stringMap(pilotValues.nodeSelector)}
          : {}),
        securityContext: {fsGroup: 1337},
        containers: [container],
        volumes: [
          {name: 'local-certs', emptyDir: {medium: 'Memory'}},
          {
            name: 'istio-token',
            projected: {
              sources: [
                {serviceAccountToken: {audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token'}},
              ],
            },
          },
          {name: 'cacerts', secret: {secretName: 'cacerts', optional: true}},
          {name: 'istio-kubeconfig', secret: {secretName: 'istio-kubeconfig', optional: true}},
        ],
      },
    },
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name, namespace: context.namespace, labels: {...labels, istio: 'pilot'}},
    spec,
  };
}

function istiodService(
  context: RenderContext,
  name: string,
  labels: {[key: string]: string},
  selector: {[key: string]: string},
): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name, namespace: context.namespace, labels: {...labels, istio: 'pilot'}},
    spec: {
      type: 'ClusterIP',
      ports: [
        {name: 'grpc-xds', port: 15010, protocol: 'TCP', targetPort: 15010},
        {name: 'https-dns', port: 15012, protocol: 'TCP', targetPort: 15012},
        {name: 'https-webhook', port: 443, protocol: 'TCP', targetPort: 15017},
        {name: 'http-monitoring', port: 15014, protocol: 'TCP', targetPort: 15014},
      ],
      selector: {...selector},
    },
  };
}

/** A label selector requirement. */
function requirement(
  key: string,
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist',
  values?: string[],
): Obj {
  return values ? {key, operator, values} : {key, operator};
}

/**
 * Sidecar injection. Every revision answers namespaces and pods labelled `istio.io/rev=<rev>`;
 * the default revision also answers the legacy `istio-injection=enabled` namespace label and
 * `sidecar.istio.io/inject=true` pods, as istiod does.
 */
function injectionWebhook(context: RenderContext, serviceName: string): K8sObject {
  const rev = context.revLabel;
  const optOut = requirement('sidecar.istio.io/inject', 'NotIn', ['false']);
  const webhook = (name: string, namespaceSelector: Obj[], objectSelector: Obj[]): Obj => ({
    name,
    admissionReviewVersions: ['v1'],
    clientConfig: {service: {name: serviceName, namespace: context.namespace, path: '/inject', port: 443}},
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    namespaceSelector: {matchExpressions: namespaceSelector},
    objectSelector: {matchExpressions: objectSelector},
    reinvocationPolicy: 'Never',
    rules: [{apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'], scope: '*'}],
    sideEffects: 'None',
    timeoutSeconds: 10,
  });
  const webhooks = [
    webhook(
      'rev.namespace.sidecar-injector.istio.io',
      [requirement('istio.io/rev', 'In', [rev]), requirement('istio-injection', 'DoesNotExist')],
      [optOut],
    ),
    webhook(
      'rev.object.sidecar-injector.istio.io',
      [requirement('istio.io/rev', 'DoesNotExist'), requirement('istio-injection', 'DoesNotExist')],
      [optOut, requirement('istio.io/rev', 'In', [rev])],
    ),
  ];
  if (!context.revision) {
    webhooks.push(
      webhook(
        'namespace.sidecar-injector.istio.io',
        [requirement('istio-injection', 'In', ['enabled'])],
        [optOut],
      ),
      webhook(
        'object.sidecar-injector.istio.io',
        [requirement('istio-injection', 'DoesNotExist'), requirement('istio.io/rev', 'DoesNotExist')],
        [requirement('sidecar.istio.io/inject', 'In', ['true']), requirement('istio.io/rev', 'DoesNotExist')],
      ),
    );
  }
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: {
      name: `istio-sidecar-injector${context.suffix}`,
      labels: {app: 'sidecar-injector', 'istio.io/rev': rev},
    },
    webhooks,
  };
}

/**
 * Config validation for this revision's resources. It starts with failurePolicy Ignore: istiod
 * switches it to Fail once it serves the webhook, so a fresh install never blocks config writes.
 */
function validationWebhook(context: RenderContext, serviceName: string): K8sObject {
  const objectSelector = context.revision
    ? {matchExpressions: [requirement('istio.io/rev', 'In', [context.revision])]}
    : {matchExpressions: [requirement('istio.io/rev', 'DoesNotExist')]};
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: {
      name: `istio-validator${context.suffix}-${context.namespace}`,
      labels: {app: 'istiod', istio: 'istiod', 'istio.io/rev': context.revLabel},
    },
    webhooks: [
      {
        name: 'rev.validation.istio.io',
        admissionReviewVersions: ['v1'],
        clientConfig: {
          service: {name: serviceName, namespace: context.namespace, path: '/validate', port: 443},
        },
        failurePolicy: 'Ignore',
        matchPolicy: 'Equivalent',
        objectSelector,
        rules: [
          {
            apiGroups: [
              'security.istio.io',
              'networking.istio.io',
              'telemetry.istio.io',
              'extensions.istio.io',
            ],
            apiVersions: ['*'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['*'],
            scope: '*',
          },
        ],
        sideEffects: 'None',
        timeoutSeconds: 10,
      },
    ],
  };
}
