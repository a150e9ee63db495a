/** What an installation is called in the cluster: its namespace and revision, read from the merged spec. */
import type {IstioOperator} from '../spec/types.js';
import {dig} from './util.js';

export function installNamespace(operator: IstioOperator): string {
  const fromValues = dig(operator.spec.values, 'global', 'istioNamespace');
  const namespace =
    operator.metadata.namespace ??
    operator.spec.namespace ??
    (typeof fromValues === 'string' ? fromValues : undefined);
  return namespace || 'istio-system';
}

/** The revision named by the spec; '' for the default revision ("default" counts as none). */
export function revisionOf(operator: IstioOperator): string {
  const revision = operator.spec.revision ?? '';
  return revision === 'default' ? '' : revision;
}
