/**
 * One installation: a revision in an install namespace. install, verify-install, uninstall and
 * tag find an installation's objects, its installed state and its lock through this one value,
 * built once from the composed spec (or from flags naming one) and passed along.
 */
import type {IstioOperator} from '../spec/types.js';
import {LABEL_OWNING_RESOURCE, LABEL_OWNING_RESOURCE_NAMESPACE} from './labels.js';
import {dig} from '../spec/tree.js';

export const DEFAULT_NAMESPACE = 'istio-system';

export interface Installation {
  /** The revision; "default" when the spec names none. */
  readonly revision: string;
  /** The install namespace: where istiod, the installed state and the install lock live. */
  readonly namespace: string;
  /** `installed-state` or `installed-state-<rev>`: the installed state's name and the owner label's value. */
  readonly installedStateName: string;
  /** A label selector matching every object the installation owns. */
  readonly ownerSelector: string;
}

/** The installation a revision (none, '' and "default" are the same) in a namespace makes. */
export function installationFor(revision: string | undefined, namespace = DEFAULT_NAMESPACE): Installation {
  const rev = revision && revision !== 'default' ? revision : 'default';
  const installedStateName = rev === 'default' ? 'installed-state' : `installed-state-${rev}`;
  return {
    revision: rev,
    namespace,
    installedStateName,
    ownerSelector: `${LABEL_OWNING_RESOURCE}=${installedStateName},${LABEL_OWNING_RESOURCE_NAMESPACE}=${namespace}`,
  };
}

/** The installation a merged spec describes. */
export function installationOf(operator: IstioOperator): Installation {
  const fromValues = dig(operator.spec.values, 'global', 'istioNamespace');
  const namespace =
    operator.metadata.namespace ||
    operator.spec.namespace ||
    (typeof fromValues === 'string' ? fromValues : undefined);
  return installationFor(operator.spec.revision, namespace || DEFAULT_NAMESPACE);
}
