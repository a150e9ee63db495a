/**
 * ConfigMap istio-sidecar-injector[-rev]: the injection policy istiod's webhook reads (`config`)
 * and the values its templates see (`values`, JSON). mesh ships one small template of its own,
 * `sidecar`: the istio-proxy container plus the iptables init container.
 */
import yaml from 'js-yaml';
import type {RenderContext} from '../context.js';
import {istiodAddress, stringOr} from '../context.js';
import type {K8sObject, Obj} from '../types.js';
import {dig, digObj, merge} from '../util.js';
import {DEFAULT_HUB, ISTIO_VERSION} from '../../version.js';

/** The sidecar requests and limits when values.global.proxy.resources says nothing. */
export const DEFAULT_PROXY_RESOURCES = {
  requests: {cpu: '100m', memory: '128Mi'},
  limits: {cpu: '2000m', memory: '1024Mi'},
};

const SIDECAR_TEMPLATE = `spec:
  initContainers:
  - name: istio-init
    image: "{{ .Values.global.hub }}/proxyv2:{{ .Values.global.tag }}"
    args: ["istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT", "-i", "*", "-b", "*", "-d", "15090,15021,15020"]
    resources: {{ toJSON .Values.global.proxy.resources }}
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: {add: [NET_ADMIN, NET_RAW], drop: [ALL]}
      runAsNonRoot: false
      runAsUser: 0
      runAsGroup: 0
  containers:
  - name: istio-proxy
    image: "{{ .Values.global.hub }}/proxyv2:{{ .Values.global.tag }}"
    args: ["proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.{{ .Values.global.proxy.clusterDomain }}", "--proxyLogLevel={{ .Values.global.proxy.logLevel }}"]
    env:
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: POD_NAMESPACE, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
    - {name: INSTANCE_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: SERVICE_ACCOUNT, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
    - {name: CA_ADDR, value: "{{ .Values.global.caAddress }}"}
    - {name: PROXY_CONFIG, value: {{ protoToJSON .ProxyConfig | toJSON }}}
    - {name: ISTIO_META_CLUSTER_ID, value: "{{ .Values.global.multiCluster.clusterName }}"}
    ports:
    - {containerPort: 15090, name: http-envoy-prom, protocol: TCP}
    readinessProbe:
      httpGet: {path: /healthz/ready, port: 15021}
      periodSeconds: 15
      failureThreshold: 4
    resources: {{ toJSON .Values.global.proxy.resources }}
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: {drop: [ALL]}
      readOnlyRootFilesystem: true
      runAsNonRoot: true
      runAsUser: 1337
      runAsGroup: 1337
`;

/** The values the injection templates see. */
export function injectorValues(context: RenderContext): Obj {
  const {spec} = context.operator;
  const proxy = merge(
    {
      clusterDomain: 'cluster.local',
      logLevel: 'warning',
      privileged: false,
      resources: DEFAULT_PROXY_RESOURCES,
    },
    digObj(context.values, 'global', 'proxy'),
  );
  const global: Obj = {
    caAddress: istiodAddress(context),
    hub: spec.hub || stringOr(dig(context.values, 'global', 'hub'), DEFAULT_HUB),
    imagePullPolicy: stringOr(dig(context.values, 'global', 'imagePullPolicy'), 'IfNotPresent'),
    istioNamespace: context.namespace,
    multiCluster: {
      clusterName: stringOr(dig(context.values, 'global', 'multiCluster', 'clusterName'), 'Kubernetes'),
    },
    proxy,
    tag: spec.tag || stringOr(dig(context.values, 'global', 'tag'), ISTIO_VERSION),
  };
  const sidecarInjectorWebhook = merge(
    {
      defaultTemplates: ['sidecar'],
      enableNamespacesByDefault: false,
      injectedAnnotations: {},
      rewriteAppHTTPProbe: true,
    },
    digObj(context.values, 'sidecarInjectorWebhook'),
  );
  return {global, revision: context.revision, sidecarInjectorWebhook};
}

/** The injection policy and templates. */
export function injectorConfig(context: RenderContext): Obj {
  const webhook = digObj(injectorValues(context), 'sidecarInjectorWebhook') ?? {};
  return {
    policy: 'enabled',
    alwaysInjectSelector: [],
    neverInjectSelector: [],
    injectedAnnotations: webhook.injectedAnnotations ?? {},
    defaultTemplates: webhook.defaultTemplates ?? ['sidecar'],
    templates: {sidecar: SIDECAR_TEMPLATE},
  };
}

export function injectorConfigMap(context: RenderContext): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `istio-sidecar-injector${context.suffix}`,
      namespace: context.namespace,
      labels: {app: 'sidecar-injector'},
    },
    data: {
      config: yaml.dump(injectorConfig(context), {noRefs: true, lineWidth: -1}),
      values: `${JSON.stringify(injectorValues(context), null, 2)}\n`,
    },
  };
}
