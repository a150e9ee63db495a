/**
 * Base ("Istio core"): the CRDs (including istiooperators.install.istio.io, for the installed
 * state) and the read-only identity remote clusters use to read this one. The install
 * Namespace is added by render() (it goes to the first component that lives in it).
 */
import type {RenderContext} from '../context.js';
import {loadCrds} from '../crds.js';
import type {K8sObject} from '../types.js';
import {
  clusterRole,
  clusterRoleBinding,
  ISTIO_CONFIG_GROUPS,
  READ,
  serviceAccount,
  type PolicyRule,
} from './rbac.js';

export const READER_SERVICE_ACCOUNT = 'istio-reader-service-account';

/** What a reader of the mesh needs: Istio config and the service registry, nothing writable, no secrets. */
const READER_RULES: PolicyRule[] = [
  {apiGroups: ISTIO_CONFIG_GROUPS, resources: ['*'], verbs: READ},
  {
    apiGroups: [''],
    resources: ['endpoints', 'namespaces', 'nodes', 'pods', 'replicationcontrollers', 'services'],
    verbs: READ,
  },
  {apiGroups: ['apps'], resources: ['replicasets'], verbs: READ},
  {apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ},
  {apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ},
  {apiGroups: ['gateway.networking.k8s.io'], resources: ['*'], verbs: READ},
  {apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create']},
  {apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create']},
];

export function renderBase(context: RenderContext): K8sObject[] {
  const labels = {app: 'istio-reader'};
  const readerRole = `istio-reader-clusterrole-${context.namespace}`;
  return [
    ...loadCrds(),
    serviceAccount(READER_SERVICE_ACCOUNT, context.namespace, labels),
    clusterRole(readerRole, labels, READER_RULES),
    clusterRoleBinding(readerRole, labels, {name: READER_SERVICE_ACCOUNT, namespace: context.namespace}),
  ];
}
