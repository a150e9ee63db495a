/**
 * Apply order of rendered objects (istioctl's manifest order, plus Namespaces first):
 * Namespace < CRD < ServiceAccount, ClusterRole, Role < ClusterRoleBinding, RoleBinding
 * < webhook configurations < Istio custom resources < ConfigMap, Secret
 * < other kinds (Deployment, PodDisruptionBudget, …) < HorizontalPodAutoscaler < Service.
 * Ties break on API group, kind, namespace, then name (plain code-unit comparison, so the
 * order never depends on the locale).
 */
import type {K8sObject} from './types.js';

/** Rank of a `group/Kind` (core group is empty). Kinds not listed rank with the workloads. */
const RANKS: {[groupKind: string]: number} = {
  '/Namespace': -2000,
  'apiextensions.k8s.io/CustomResourceDefinition': -1000,
  '/ServiceAccount': 1,
  'rbac.authorization.k8s.io/ClusterRole': 1,
  'rbac.authorization.k8s.io/Role': 1,
  'rbac.authorization.k8s.io/ClusterRoleBinding': 2,
  'rbac.authorization.k8s.io/RoleBinding': 2,
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': 3,
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': 3,
  '/ConfigMap': 100,
  '/Secret': 100,
  'apps/Deployment': 1000,
  'autoscaling/HorizontalPodAutoscaler': 1001,
  '/Service': 10000,
};
const ISTIO_RESOURCE_RANK = 4;
const DEFAULT_RANK = 1000;

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function kindRank(apiVersion: string, kind: string): number {
  const group = groupOf(apiVersion);
  const rank = RANKS[`${group}/${kind}`];
  if (rank !== undefined) return rank;
  return group.endsWith('.istio.io') ? ISTIO_RESOURCE_RANK : DEFAULT_RANK;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareObjects(a: K8sObject, b: K8sObject): number {
  return (
    kindRank(a.apiVersion, a.kind) - kindRank(b.apiVersion, b.kind) ||
    compareText(groupOf(a.apiVersion), groupOf(b.apiVersion)) ||
    compareText(a.kind, b.kind) ||
    compareText(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareText(a.metadata.name, b.metadata.name)
  );
}

/** A sorted copy (the sort is stable, so equal keys keep their input order). */
export function sortObjects(objects: readonly K8sObject[]): K8sObject[] {
  return [...objects].sort(compareObjects);
}
