/** Builders for RBAC objects and ServiceAccounts. */
import type {K8sObject, Obj} from '../types.js';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** The API groups of Istio's configuration resources. */
export const ISTIO_CONFIG_GROUPS = [
  'config.istio.io',
  'security.istio.io',
  'networking.istio.io',
  'authentication.istio.io',
  'rbac.istio.io',
  'telemetry.istio.io',
  'extensions.istio.io',
];

export const READ = ['get', 'list', 'watch'];
export const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

export function serviceAccount(name: string, namespace: string, labels: {[key: string]: string}): K8sObject {
  return {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name, namespace, labels: {...labels}}};
}

export function clusterRole(name: string, labels: {[key: string]: string}, rules: PolicyRule[]): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {name, labels: {...labels}},
    rules: rules.map(ruleObject),
  };
}

export function role(
  name: string,
  namespace: string,
  labels: {[key: string]: string},
  rules: PolicyRule[],
): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: {name, namespace, labels: {...labels}},
    rules: rules.map(ruleObject),
  };
}

/** A ClusterRoleBinding of the ClusterRole of the same name to one ServiceAccount. */
export function clusterRoleBinding(
  name: string,
  labels: {[key: string]: string},
  account: {name: string; namespace: string},
): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {name, labels: {...labels}},
    roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name},
    subjects: [{kind: 'ServiceAccount', name: account.name, namespace: account.namespace}],
  };
}

/** A RoleBinding of the Role of the same name to one ServiceAccount of its namespace. */
export function roleBinding(
  name: string,
  namespace: string,
  labels: {[key: string]: string},
  accountName: string,
): K8sObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: {name, namespace, labels: {...labels}},
    roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name},
    subjects: [{kind: 'ServiceAccount', name: accountName, namespace}],
  };
}

function ruleObject(rule: PolicyRule): Obj {
  const object: Obj = {apiGroups: [...rule.apiGroups], resources: [...rule.resources]};
  if (rule.resourceNames) object.resourceNames = [...rule.resourceNames];
  object.verbs = [...rule.verbs];
  return object;
}
