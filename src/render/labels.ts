/**
 * The owner labels: the inventory of an installation. Every rendered object except Namespaces
 * carries them; install (prune), verify-install and uninstall find objects through them.
 * This is the one place that defines them.
 */
import {ISTIO_VERSION} from '../version.js';
import type {Installation} from './installation.js';
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
 * The owner labels of an installation. With a component, also `operator.istio.io/component`
 * (every rendered object has one); without, the labels shared by all its components.
 */
export function ownerLabels(installation: Installation, component?: ComponentName): {[key: string]: string} {
  const labels: {[key: string]: string} = {
    [LABEL_OWNING_RESOURCE]: installation.installedStateName,
    [LABEL_OWNING_RESOURCE_NAMESPACE]: installation.namespace,
    [LABEL_REVISION]: installation.revision,
  };
  if (component) labels[LABEL_COMPONENT] = component;
  labels[LABEL_MANAGED] = 'Reconcile';
  labels[LABEL_VERSION] = ISTIO_VERSION;
  return labels;
}

/** Adds the owner labels to an object (in place); Namespaces are left alone: mesh never owns them. */
export function applyOwnerLabels(
  object: K8sObject,
  installation: Installation,
  component: ComponentName,
): void {
  if (object.kind === 'Namespace') return;
  object.metadata.labels = {...(object.metadata.labels ?? {}), ...ownerLabels(installation, component)};
}
