/**
 * The mesh config istiod reads from ConfigMap `istio[-rev]`: mesh defaults, then
 * values.meshConfig, then spec.meshConfig (later wins; maps merge deeply, lists replace).
 */
import yaml from 'js-yaml';
import type {RenderContext} from './context.js';
import {istiodAddress} from './context.js';
import type {Obj} from './types.js';
import {dig, digObj, merge} from './util.js';

export const DEFAULT_TRUST_DOMAIN = 'cluster.local';

/** The defaults mesh writes before the user's meshConfig. */
export function meshConfigDefaults(context: RenderContext): Obj {
  return {
    defaultConfig: {discoveryAddress: istiodAddress(context)},
    defaultProviders: {metrics: ['prometheus']},
    enablePrometheusMerge: true,
    rootNamespace: context.namespace,
    trustDomain: DEFAULT_TRUST_DOMAIN,
  };
}

/** The effective mesh config of an installation. */
export function meshConfig(context: RenderContext): Obj {
  let config = meshConfigDefaults(context);
  config = merge(config, digObj(context.values, 'meshConfig'));
  config = merge(config, context.operator.spec.meshConfig);
  return config;
}

/** The trust domain in effect (gateways and the injector need it). */
export function trustDomain(context: RenderContext): string {
  const value = dig(meshConfig(context), 'trustDomain');
  return typeof value === 'string' && value !== '' ? value : DEFAULT_TRUST_DOMAIN;
}

/** The `mesh` key of ConfigMap `istio[-rev]`: the mesh config as YAML, keys sorted. */
export function meshConfigYaml(context: RenderContext): string {
  return yaml.dump(meshConfig(context), {noRefs: true, lineWidth: -1, sortKeys: true});
}

/** The `meshNetworks` key: mesh renders a single-network mesh. */
export const MESH_NETWORKS_YAML = 'networks: {}\n';
