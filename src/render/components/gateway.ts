/**
 * Ingress and egress gateways: one Envoy Deployment per enabled entry of
 * components.ingressGateways / egressGateways, with its identity, SDS Role, Service,
 * autoscaler and disruption budget. Ingress and egress differ only in the Service type,
 * the default ports and the `istio` label.
 */
import type {GatewaySpec} from '../../spec/types.js';
import type {RenderContext} from '../context.js';
import {imageOf, istiodAddress} from '../context.js';
import {
  applyDeploymentSettings,
  applyHpaSettings,
  applyPdbSettings,
  applyServiceSettings,
  mergeEnv,
  normalizeServicePorts,
} from '../k8s-settings.js';
import {trustDomain} from '../mesh-config.js';
import type {K8sObject, Obj} from '../types.js';
import {dig, digObj, envFromMap, isObj} from '../util.js';
import {DEFAULT_PROXY_RESOURCES} from './injector.js';
import {role, roleBinding, serviceAccount} from './rbac.js';
import {
  autoscaleFromValues,
  fieldEnv,
  globalPodSettings,
  globalPullPolicy,
  horizontalPodAutoscaler,
  podDisruptionBudget,
  restrictedContainerSecurity,
} from './workload.js';

export type GatewayKind = 'ingress' | 'egress';

const DEFAULT_PORTS: {[kind in GatewayKind]: Obj[]} = {
  ingress: [
    {name: 'status-port', port: 15021, targetPort: 15021},
    {name: 'http2', port: 80, targetPort: 8080},
    {name: 'https', port: 443, targetPort: 8443},
  ],
  egress: [
    {name: 'http2', port: 80, targetPort: 8080},
    {name: 'https', port: 443, targetPort: 8443},
  ],
};

/** The namespace a gateway lives in: its own, else the install namespace. */
export function gatewayNamespace(context: RenderContext, gateway: GatewaySpec): string {
  return gateway.namespace || context.namespace;
}

/** `istio: ingressgateway` for `istio-ingressgateway`: the label Gateway resources select on. */
function istioLabel(name: string): string {
  return name.startsWith('istio-') ? name.slice('istio-'.length) : name;
}

export function renderGateway(context: RenderContext, gateway: GatewaySpec, kind: GatewayKind): K8sObject[] {
  const {name} = gateway;
  const namespace = gatewayNamespace(context, gateway);
  const selector = {app: name, istio: istioLabel(name), ...(gateway.label ?? {})};
  const labels = {...selector, 'istio.io/rev': context.revLabel};
  const gatewayValues = digObj(context.values, 'gateways', name) ?? {};
  const k8s = gateway.k8s;
  const autoscale =
    gatewayValues.autoscaleEnabled !== false &&
    (k8s?.replicaCount === undefined || k8s.hpaSpec !== undefined);
  const accountName = `${name}-service-account`;
  const sdsName = `${name}-sds`;

  const service: K8sObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name, namespace, labels: {...labels}},
    spec: {
      type: kind === 'ingress' ? 'LoadBalancer' : 'ClusterIP',
      ports: normalizeServicePorts(DEFAULT_PORTS[kind]),
      selector: {...selector},
    },
  };
  applyServiceSettings(service, k8s);

  const deployment = gatewayDeployment(context, gateway, kind, {
    namespace,
    labels,
    selector,
    accountName,
    servicePorts: (service.spec as Obj).ports as Obj[],
  });
  applyDeploymentSettings(deployment, k8s, {container: 'istio-proxy', autoscaled: autoscale});

  const objects: K8sObject[] = [
    serviceAccount(accountName, namespace, labels),
    role(sdsName, namespace, labels, [
      {apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list']},
    ]),
    roleBinding(sdsName, namespace, labels, accountName),
    deployment,
    service,
    podDisruptionBudget(name, namespace, labels, selector),
  ];
  applyPdbSettings(objects[5]!, k8s);
  if (autoscale) {
    const hpa = horizontalPodAutoscaler(name, namespace, labels, autoscaleFromValues(gatewayValues));
    applyHpaSettings(hpa, k8s);
    objects.push(hpa);
  }
  return objects;
}

interface GatewayShape {
  namespace: string;
  labels: {[key: string]: string};
  selector: {[key: string]: string};
  accountName: string;
  servicePorts: Obj[];
}

function gatewayDeployment(
  context: RenderContext,
  gateway: GatewaySpec,
  kind: GatewayKind,
  shape: GatewayShape,
): K8sObject {
  const gatewayValues = digObj(context.values, 'gateways', gateway.name) ?? {};
  // Envoy listens on each Service port's target port, plus its own status and metrics ports.
  const ports: Obj[] = [];
  const seen = new Set<number>();
  const addPort = (containerPort: unknown, portName?: unknown) => {
    if (typeof containerPort !== 'number' || seen.has(containerPort)) return;
    seen.add(containerPort);
    ports.push({containerPort, ...(typeof portName === 'string' ? {name: portName} : {}), protocol: 'TCP'});
  };
  for (const port of shape.servicePorts) addPort(port.targetPort, undefined);
  addPort(15021, 'status-port');
  addPort(15090, 'http-envoy-prom');

  const env = mergeEnv(
    [
      {name: 'PILOT_CERT_PROVIDER', value: 'istiod'},
      {name: 'CA_ADDR', value: istiodAddress(context)},
      fieldEnv('NODE_NAME', 'spec.nodeName'),
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('INSTANCE_IP', 'status.podIP'),
      fieldEnv('HOST_IP', 'status.hostIP'),
      fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
      {name: 'ISTIO_META_WORKLOAD_NAME', value: gateway.name},
      {
        name: 'ISTIO_META_OWNER',
        value: `kubernetes://apis/apps/v1/namespaces/${shape.namespace}/deployments/${gateway.name}`,
      },
      {
        name: 'ISTIO_META_MESH_ID',
        value: String(dig(context.values, 'global', 'meshID') ?? trustDomain(context)),
      },
      {name: 'TRUST_DOMAIN', value: trustDomain(context)},
      {
        name: 'ISTIO_META_CLUSTER_ID',
        value: String(dig(context.values, 'global', 'multiCluster', 'clusterName') ?? 'Kubernetes'),
      },
      {name: 'ISTIO_META_ROUTER_MODE', value: kind === 'ingress' ? 'sni-dnat' : 'standard'},
    ],
    envFromMap(gatewayValues.env),
  );
  const proxyResources = dig(context.values, 'global', 'proxy', 'resources');
  const container: Obj = {
    name: 'istio-proxy',
    image: imageOf(context, 'proxyv2', gateway),
    args: [
      'proxy',
      'router',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ],
    ports,
    readinessProbe: {
      httpGet: {path: '/healthz/ready', port: 15021, scheme: 'HTTP'},
      initialDelaySeconds: 1,
      periodSeconds: 2,
      failureThreshold: 30,
      timeoutSeconds: 1,
    },
    env,
    resources: isObj(proxyResources)
      ? structuredClone(proxyResources)
      : structuredClone(DEFAULT_PROXY_RESOURCES),
    securityContext: restrictedContainerSecurity(),
    volumeMounts: [
      {name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds'},
      {name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds'},
      {name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials'},
      {name: 'istio-envoy', mountPath: '/etc/istio/proxy'},
      {name: 'istio-data', mountPath: '/var/lib/istio/data'},
      {name: 'podinfo', mountPath: '/etc/istio/pod'},
      {name: 'istio-token', mountPath: '/var/run/secrets/tokens', readOnly: true},
      {name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio'},
    ],
  };
  const pullPolicy = globalPullPolicy(context);
  if (pullPolicy) container.imagePullPolicy = pullPolicy;

  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: gateway.name, namespace: shape.namespace, labels: {...shape.labels}},
    spec: {
      selector: {matchLabels: {...shape.selector}},
      strategy: {rollingUpdate: {maxSurge: '100%', maxUnavailable: '25%'}},
      template: {
        metadata: {
          labels: {
            ...shape.labels,
            'sidecar.istio.io/inject': 'false',
            'service.istio.io/canonical-name': gateway.name,
          },
          annotations: {
            'prometheus.io/port': '15020',
            'prometheus.io/scrape': 'true',
            'prometheus.io/path': '/stats/prometheus',
          },
        },
        spec: {
          serviceAccountName: shape.accountName,
          ...globalPodSettings(context),
          securityContext: {sysctls: [{name: 'net.ipv4.ip_unprivileged_port_start', value: '0'}]},
          containers: [container],
          volumes: [
            {name: 'workload-socket', emptyDir: {}},
            {name: 'credential-socket', emptyDir: {}},
            {name: 'workload-certs', emptyDir: {}},
            {name: 'istio-envoy', emptyDir: {}},
            {name: 'istio-data', emptyDir: {}},
            {
              name: 'podinfo',
              downwardAPI: {
                items: [
                  {path: 'labels', fieldRef: {fieldPath: 'metadata.labels'}},
                  {path: 'annotations', fieldRef: {fieldPath: 'metadata.annotations'}},
                ],
              },
            },
            {
              name: 'istio-token',
              projected: {
                sources: [
                  {
                    serviceAccountToken: {
                      audience: 'istio-ca',
                      expirationSeconds: 43200,
                      path: 'istio-token',
                    },
                  },
                ],
              },
            },
            {name: 'istiod-ca-cert', configMap: {name: 'istio-ca-root-cert'}},
          ],
        },
      },
    },
  };
}
