/**
 * The owner labels: the inventory of an installation. Every rendered object except Namespaces
 * carries them; install (prune), verify-install and uninstall find objects through them.
 * This is the one place that defines them.
 */
import type {IstioOperator} from '../spec/types.js';
import {ISTIO_VERSION} from '../version.js';
import {installNamespace, revisionOf} from './operator.js';
import type {ComponentName, K8sObject} from './types.js';

export const LABEL_OWNING_RESOURCE = 'install.operator.istio.io/owning-resource';
export const LABEL_OWNING_RESOURCE_NAMESPACE = 'install.operator.istio.io/owning-resource-namespace';
export const LABEL_COMPONENT = 'operator.istio.io/component';
export const LABEL_MANAGED = 'operator.istio.io/managed';
export const LABEL_VERSION = 'operator.istio.io/version';
export const LABEL_REVISION = 'istio.io/rev';

/** Every owner label key, in the order they are written. */
export const OWNER_LABEL_KEYS = [
  LABEL_OWNING_RESOURCE,
  LABEL_OWNING_RESOURCE_NAMESPACE,
  LABEL_REVISION,
  LABEL_COMPONENT,
  LABEL_MANAGED,
  LABEL_VERSION,
] as const;

/**
 * `installed-state` or `installed-state-<rev>`: the name of the installed-state resource and of
 * the owner. No revision and "default" are the same installation.
 */
export function installedStateName(revision: string | undefined): string {
  return revision && revision !== 'default' ? `installed-state-${revision}` : 'installed-state';
}

/**
 * The owner labels of an installation. With a component, also `operator.istio.io/component`
 * (every rendered object has one); without, the labels shared by all its components.
 */
export function ownerLabels(operator: IstioOperator, component?: ComponentName): {[key: string]: string} {
  const labels: {[key: string]: string} = {
    [LABEL_OWNING_RESOURCE]: installedStateName(revisionOf(operator)),
    [LABEL_OWNING_RESOURCE_NAMESPACE]: installNamespace(operator),
    [LABEL_REVISION]: revisionOf(operator) || 'default',
  };
  if (component) labels[LABEL_COMPONENT] = component;
  labels[LABEL_MANAGED] = 'Reconcile';
  labels[LABEL_VERSION] = ISTIO_VERSION;
  return labels;
}

/**
 * Label selector matching every object of one installation (one revision in one install
 * namespace), e.g. `install.operator.istio.io/owning-resource=installed-state,install.operator.istio.io/owning-resource-namespace=istio-system`.
 */
export function ownerSelector(revision: string | undefined, namespace: string): string {
  return `${LABEL_OWNING_RESOURCE}=${installedStateName(revision)},${LABEL_OWNING_RESOURCE_NAMESPACE}=${namespace}`;
}

/** Adds the owner labels to an object (in place); Namespaces are left alone: mesh never owns them. */
export function applyOwnerLabels(object: K8sObject, operator: IstioOperator, component: ComponentName): void {
  if (object.kind === 'Namespace') return;
  object.metadata.labels = {...(object.metadata.labels ?? {}), ...ownerLabels(operator, component)};
}
