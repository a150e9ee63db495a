/** What every builder needs to know about the installation, derived once from the IstioOperator. */
import type {ComponentSpec, IstioOperator} from '../spec/types.js';
import {DEFAULT_HUB, ISTIO_VERSION} from '../version.js';
import type {Obj} from './types.js';
import {dig, digObj} from './util.js';

export interface RenderContext {
  operator: IstioOperator;
  /** The install namespace (istiod, the istio ConfigMap, the installed state). */
  namespace: string;
  /** The revision, or '' for the default revision. */
  revision: string;
  /** The value of the `istio.io/rev` label: the revision or "default". */
  revLabel: string;
  /** `-<rev>`, or '' for the default revision. */
  suffix: string;
  /** spec.values, or an empty map. */
  values: Obj;
}

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

export function renderContext(operator: IstioOperator): RenderContext {
  const revision = revisionOf(operator);
  return {
    operator,
    namespace: installNamespace(operator),
    revision,
    revLabel: revision || 'default',
    suffix: revision ? `-${revision}` : '',
    values: digObj(operator.spec.values) ?? {},
  };
}

/** `<hub>/<image>:<tag>`: the component's hub and tag win over the spec's, then values.global, then mesh's defaults. */
export function imageOf(context: RenderContext, image: string, component: ComponentSpec | undefined): string {
  const {spec} = context.operator;
  const hub = component?.hub || spec.hub || stringOr(dig(context.values, 'global', 'hub'), DEFAULT_HUB);
  const tag = component?.tag || spec.tag || stringOr(dig(context.values, 'global', 'tag'), ISTIO_VERSION);
  return `${hub}/${image}:${String(tag)}`;
}

/** The istiod Service address, as proxies and gateways dial it. */
export function istiodAddress(context: RenderContext): string {
  return `istiod${context.suffix}.${context.namespace}.svc:15012`;
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : fallback;
}
