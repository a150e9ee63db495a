/**
 * components.*.k8s: Kubernetes settings applied over a component's rendered workload.
 * Maps merge into the rendered defaults (as a strategic merge patch would); lists replace,
 * except `env` and `volumes`, which merge by name, and `volumeMounts`, by mountPath. The targets
 * are the component's Deployment and its main container, its Service, HorizontalPodAutoscaler
 * and PodDisruptionBudget.
 */
import type {K8sSettings} from '../spec/types.js';
import type {K8sObject, Obj} from './types.js';
import {isObj, merge, withoutNulls} from './util.js';

/** The probe handlers: a user probe naming one replaces the rendered handler instead of merging into it. */
const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'];

export function podSpecOf(deployment: K8sObject): Obj {
  return ((deployment.spec as Obj).template as Obj).spec as Obj;
}

export function podMetadataOf(deployment: K8sObject): Obj {
  return ((deployment.spec as Obj).template as Obj).metadata as Obj;
}

export function containerOf(deployment: K8sObject, name: string): Obj {
  const containers = podSpecOf(deployment).containers as Obj[];
  const container = containers.find((c) => c.name === name);
  if (!container) throw new Error(`render: Deployment ${deployment.metadata.name} has no container ${name}`);
  return container;
}

/** Merges list entries by a key field: a later entry replaces the earlier one in place; new keys are appended. */
export function mergeByKey(base: readonly Obj[], extra: readonly Obj[], key: string): Obj[] {
  const merged = base.map((entry) => ({...entry}));
  for (const entry of extra.map(withoutNulls)) {
    const at = merged.findIndex((existing) => existing[key] === entry[key]);
    if (at >= 0) merged[at] = {...entry};
    else merged.push({...entry});
  }
  return merged;
}

/** Merges env vars by name (the strategic-merge key of `env`). */
export function mergeEnv(base: readonly Obj[], extra: readonly Obj[]): Obj[] {
  return mergeByKey(base, extra, 'name');
}

/**
 * The schema accepts k8s.volumes and k8s.volumeMounts (IstioOperator has them) but the spec's
 * K8sSettings type does not list them yet; without reading them here they were silently dropped.
 */
type K8sSettingsWithVolumes = K8sSettings & {volumes?: Obj[]; volumeMounts?: Obj[]};

/** Service ports in a fixed shape: name, port, protocol (TCP), targetPort (the port), then any other fields. */
export function normalizeServicePorts(ports: readonly unknown[]): Obj[] {
  return ports.filter(isObj).map((port) => {
    const {name, port: number, protocol, targetPort, ...rest} = withoutNulls(port);
    const shaped: Obj = {};
    if (name !== undefined) shaped.name = name;
    shaped.port = number;
    shaped.protocol = protocol ?? 'TCP';
    shaped.targetPort = targetPort ?? number;
    return {...shaped, ...rest};
  });
}

export interface DeploymentSettingsOptions {
  /** The container the container-level settings go to (discovery, istio-proxy). */
  container: string;
  /** An HPA owns the replica count: replicaCount is not written. */
  autoscaled: boolean;
}

export function applyDeploymentSettings(
  deployment: K8sObject,
  k8s: K8sSettings | undefined,
  options: DeploymentSettingsOptions,
): void {
  if (!k8s) return;
  const spec = deployment.spec as Obj;
  const pod = podSpecOf(deployment);
  const podMetadata = podMetadataOf(deployment);
  const container = containerOf(deployment, options.container);

  if (k8s.replicaCount !== undefined && !options.autoscaled) spec.replicas = k8s.replicaCount;
  if (k8s.strategy) spec.strategy = merge((spec.strategy as Obj | undefined) ?? {}, k8s.strategy);
  if (k8s.podAnnotations)
    podMetadata.annotations = {
      ...((podMetadata.annotations as Obj | undefined) ?? {}),
      ...withoutNulls(k8s.podAnnotations),
    };

  if (k8s.resources)
    container.resources = merge((container.resources as Obj | undefined) ?? {}, k8s.resources);
  if (k8s.env) container.env = mergeEnv((container.env as Obj[] | undefined) ?? [], k8s.env);
  if (k8s.imagePullPolicy) container.imagePullPolicy = k8s.imagePullPolicy;
  if (k8s.readinessProbe)
    container.readinessProbe = mergeProbe(container.readinessProbe as Obj | undefined, k8s.readinessProbe);

  if (k8s.nodeSelector)
    pod.nodeSelector = {...((pod.nodeSelector as Obj | undefined) ?? {}), ...withoutNulls(k8s.nodeSelector)};
  if (k8s.affinity) pod.affinity = withoutNulls(k8s.affinity);
  if (k8s.tolerations) pod.tolerations = withoutNulls(k8s.tolerations);
  if (k8s.securityContext)
    pod.securityContext = merge((pod.securityContext as Obj | undefined) ?? {}, k8s.securityContext);
  if (k8s.priorityClassName) pod.priorityClassName = k8s.priorityClassName;

  // Merged like a strategic merge patch would: volumes by name, mounts by mountPath.
  const {volumes, volumeMounts} = k8s as K8sSettingsWithVolumes;
  if (volumes) pod.volumes = mergeByKey((pod.volumes as Obj[] | undefined) ?? [], volumes, 'name');
  if (volumeMounts)
    container.volumeMounts = mergeByKey(
      (container.volumeMounts as Obj[] | undefined) ?? [],
      volumeMounts,
      'mountPath',
    );
}

function mergeProbe(rendered: Obj | undefined, probe: Obj): Obj {
  if (!rendered) return withoutNulls(probe);
  const replacesHandler = PROBE_HANDLERS.some((handler) => probe[handler] !== undefined);
  const base = replacesHandler
    ? Object.fromEntries(Object.entries(rendered).filter(([key]) => !PROBE_HANDLERS.includes(key)))
    : rendered;
  return merge(base, probe);
}

/** serviceAnnotations merge into the Service's annotations; `service` merges into its spec, and `service.ports` replaces the list. */
export function applyServiceSettings(service: K8sObject, k8s: K8sSettings | undefined): void {
  if (!k8s) return;
  if (k8s.serviceAnnotations) {
    service.metadata.annotations = {
      ...(service.metadata.annotations ?? {}),
      ...withoutNulls(k8s.serviceAnnotations),
    };
  }
  if (k8s.service) {
    const {ports, ...rest} = k8s.service;
    const spec = merge(service.spec as Obj, rest);
    if (Array.isArray(ports)) spec.ports = normalizeServicePorts(ports);
    service.spec = spec;
  }
}

/** hpaSpec merges into the HorizontalPodAutoscaler's spec (metrics replace). */
export function applyHpaSettings(hpa: K8sObject, k8s: K8sSettings | undefined): void {
  if (k8s?.hpaSpec) hpa.spec = merge(hpa.spec as Obj, k8s.hpaSpec);
}

/** podDisruptionBudget merges into the PDB's spec; minAvailable and maxUnavailable exclude each other. */
export function applyPdbSettings(pdb: K8sObject, k8s: K8sSettings | undefined): void {
  const budget = k8s?.podDisruptionBudget;
  if (!budget) return;
  const spec = merge(pdb.spec as Obj, budget);
  if (
    budget.maxUnavailable !== undefined &&
    budget.maxUnavailable !== null &&
    budget.minAvailable === undefined
  )
    delete spec.minAvailable;
  if (
    budget.minAvailable !== undefined &&
    budget.minAvailable !== null &&
    budget.maxUnavailable === undefined
  )
    delete spec.maxUnavailable;
  pdb.spec = spec;
}
