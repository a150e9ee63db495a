/**
 * What istioctl 1.31's validation warns about in a merged spec without refusing it
 * (operator/pkg/apis/validation: checkAutoScaleAndReplicaCount): a fixed replica count that the
 * autoscaler would fight. The wording is istioctl's, so the lines read as users know them.
 */
import {dig, isObj} from './tree.js';
import type {IstioOperator} from './types.js';

export function specWarnings(operator: IstioOperator): string[] {
  const spec = operator.spec as unknown;
  const components = dig(spec, 'components');
  if (!isObj(components)) return [];
  const warnings: string[] = [];
  const autoscaled = (...path: string[]) => dig(spec, 'values', ...path, 'autoscaleEnabled') === true;
  const replicaCount = (component: unknown) => {
    const count = dig(component, 'k8s', 'replicaCount');
    return typeof count === 'number' ? count : 0;
  };
  if (autoscaled('pilot') && replicaCount(components.pilot) > 1)
    warnings.push(
      'components.pilot.k8s.replicaCount should not be set when values.pilot.autoscaleEnabled is true',
    );
  for (const type of ['ingress', 'egress']) {
    if (!autoscaled('gateways', `istio-${type}gateway`)) continue;
    const gateways = components[`${type}Gateways`];
    for (const gateway of Array.isArray(gateways) ? gateways : [])
      if (replicaCount(gateway) !== 0)
        warnings.push(
          `components.${type}Gateways[name=${String(dig(gateway, 'name') ?? '')}].k8s.replicaCount should not be set when values.gateways.istio-${type}gateway.autoscaleEnabled is true`,
        );
  }
  return warnings;
}
