import type {K8sObject as RenderedObject} from '../render/types.js';

/**
 * The kinds mesh renders, prunes, verifies and uninstalls, as one table. Order is the
 * uninstall order (istioctl's): workloads, services, config, RBAC, webhooks, cluster RBAC, CRDs.
 */
export interface KindInfo {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /**
   * Listed by install's prune: kinds mesh renders (CRDs and Namespaces are never pruned). Kinds
   * mesh never renders are only looked at by uninstall, which also cleans up other tools' leftovers it owns.
   */
  prunable: boolean;
}

export const KINDS: readonly KindInfo[] = [
  {apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true, prunable: true},
  // istio-cni-node and ztunnel (ambient): pruned when CNI or ztunnel is turned off, as istioctl does.
  {apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, prunable: true},
  {apiVersion: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, prunable: false},
  {apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true, prunable: false},
  {apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true, prunable: true},
  {apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, prunable: true},
  {apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, prunable: false},
  {apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, prunable: true},
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    namespaced: true,
    prunable: true,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    plural: 'roles',
    namespaced: true,
    prunable: true,
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    namespaced: true,
    prunable: true,
  },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
    prunable: true,
  },
  // istio-cni on OpenShift (Multus); a cluster without Multus does not serve the kind.
  {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    plural: 'network-attachment-definitions',
    namespaced: true,
    prunable: true,
  },
  {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'EnvoyFilter',
    plural: 'envoyfilters',
    namespaced: true,
    prunable: false,
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    plural: 'mutatingwebhookconfigurations',
    namespaced: false,
    prunable: true,
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    plural: 'validatingwebhookconfigurations',
    namespaced: false,
    prunable: true,
  },
  // The stable profile's default-revision policy (base chart), in place of the validating webhook.
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    plural: 'validatingadmissionpolicybindings',
    namespaced: false,
    prunable: true,
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    plural: 'validatingadmissionpolicies',
    namespaced: false,
    prunable: true,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    namespaced: false,
    prunable: true,
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
    prunable: true,
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    prunable: false,
  },
  {apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, prunable: false},
  {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    plural: 'istiooperators',
    namespaced: true,
    prunable: false,
  },
];

export function kindInfo(kind: string): KindInfo | undefined {
  return KINDS.find((info) => info.kind === kind);
}

/** REST path of a collection (for list and watch). */
export function collectionPath(apiVersion: string, plural: string, namespace?: string): string {
  const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return namespace ? `${prefix}/namespaces/${namespace}/${plural}` : `${prefix}/${plural}`;
}

/** A rendered object as the cluster returns it: the same shape, plus the server's managedFields. */
export interface K8sObject extends RenderedObject {
  metadata: RenderedObject['metadata'] & {
    managedFields?: {manager?: string; operation?: string; fieldsV1?: unknown}[];
  };
}

/** `Kind/namespace/name` or `Kind/name`: how objects are named in messages (istioctl's form). */
export function objectRef(object: {kind?: string; metadata?: {name?: string; namespace?: string}}): string {
  const ns = object.metadata?.namespace;
  return ns ? `${object.kind}/${ns}/${object.metadata?.name}` : `${object.kind}/${object.metadata?.name}`;
}

/** A key that identifies an object regardless of apiVersion. */
export function objectKey(object: {
  apiVersion?: string;
  kind?: string;
  metadata?: {name?: string; namespace?: string};
}): string {
  const group = object.apiVersion?.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${group}/${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
}
