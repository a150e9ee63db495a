/** Builders shared by istiod and the gateways: autoscaler, disruption budget, common pod bits. */
import type {RenderContext} from '../context.js';
import type {K8sObject, Obj} from '../types.js';
import {dig, isObj} from '../util.js';

export interface AutoscaleOptions {
  minReplicas: number;
  maxReplicas: number;
  /** Target average CPU utilization, percent. */
  cpu: number;
}

/** Reads autoscaleMin/autoscaleMax/cpu.targetAverageUtilization from a Helm values map (mesh defaults 1, 5, 80). */
export function autoscaleFromValues(values: unknown): AutoscaleOptions {
  const number = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  return {
    minReplicas: number(dig(values, 'autoscaleMin'), 1),
    maxReplicas: number(dig(values, 'autoscaleMax'), 5),
    cpu: number(dig(values, 'cpu', 'targetAverageUtilization'), 80),
  };
}

export function horizontalPodAutoscaler(
  name: string,
  namespace: string,
  labels: {[key: string]: string},
  options: AutoscaleOptions,
): K8sObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {name, namespace, labels: {...labels}},
    spec: {
      scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name},
      minReplicas: options.minReplicas,
      maxReplicas: options.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: options.cpu}},
        },
      ],
    },
  };
}

export function podDisruptionBudget(
  name: string,
  namespace: string,
  labels: {[key: string]: string},
  selector: {[key: string]: string},
): K8sObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {name, namespace, labels: {...labels}},
    spec: {minAvailable: 1, selector: {matchLabels: {...selector}}},
  };
}

/** An env var from the pod's own fields (downward API). */
export function fieldEnv(name: string, fieldPath: string): Obj {
  return {name, valueFrom: {fieldRef: {apiVersion: 'v1', fieldPath}}};
}

/** Pod-spec settings every workload takes from values.global: priority class, pull secrets. */
export function globalPodSettings(context: RenderContext): Obj {
  const settings: Obj = {};
  const priorityClassName = dig(context.values, 'global', 'priorityClassName');
  if (typeof priorityClassName === 'string' && priorityClassName !== '')
    settings.priorityClassName = priorityClassName;
  const secrets = dig(context.values, 'global', 'imagePullSecrets');
  if (Array.isArray(secrets) && secrets.length > 0)
    settings.imagePullSecrets = secrets.map((name) => ({name: String(name)}));
  return settings;
}

/** values.global.imagePullPolicy, when set. */
export function globalPullPolicy(context: RenderContext): string | undefined {
  const policy = dig(context.values, 'global', 'imagePullPolicy');
  return typeof policy === 'string' && policy !== '' ? policy : undefined;
}

/** A string map from values (node selectors, annotations), values as strings. */
export function stringMap(value: unknown): {[key: string]: string} {
  if (!isObj(value)) return {};
  const map: {[key: string]: string} = {};
  for (const [key, item] of Object.entries(value))
    if (item !== null && item !== undefined) map[key] = String(item);
  return map;
}

/** The container security settings of every mesh workload: unprivileged, read-only root, no capabilities. */
export function restrictedContainerSecurity(): Obj {
  return {
    allowPrivilegeEscalation: false,
    capabilities: {drop: ['ALL']},
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsGroup: 1337,
    runAsNonRoot: true,
    runAsUser: 1337,
  };
}
