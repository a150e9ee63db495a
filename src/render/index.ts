/**
 * render: the merged IstioOperator → installation components. Istio's own charts rendered as
 * istioctl 1.31 renders them (src/render/istio), plus what mesh adds: its owner labels, a
 * Namespace first for each namespace a component is the first to use, and the IstioOperator
 * CRD in Base, which mesh needs for the installed-state record (Istio 1.31's charts no longer
 * ship it). Pure apart from reading the exported charts.
 */
import {MeshError} from '../errors.js';
import type {IstioOperator} from '../spec/types.js';
import {ChartRenderError} from '../template/helm-errors.js';
import {loadCrds} from './crds.js';
import type {ChartRenderer} from './istio/chart-renderer.js';
import {COMPONENTS as ISTIO_COMPONENTS} from './istio/components.js';
import {engineRenderer} from './istio/engine-renderer.js';
import {renderOperator} from './istio/index.js';
import {applyOwnerLabels} from './labels.js';
import {installationOf} from './installation.js';
import {sortObjects} from './sort.js';
import type {Component, ComponentName, K8sObject} from './types.js';
import {isObj} from '../spec/tree.js';

export type {Component, ComponentName, K8sObject} from './types.js';

/** The component names, in istioctl's order (`manifest generate --component`). */
export const COMPONENTS: readonly {name: ComponentName; displayName: string}[] = ISTIO_COMPONENTS.map(
  ({name, displayName}) => ({name, displayName}),
);

export interface Rendered {
  components: Component[];
  /** The charts' NOTES warnings, as istioctl prints them. */
  warnings: string[];
}

/** Renders every enabled component of a merged spec (spec/compose.ts); disabled ones are left out. */
export async function render(
  operator: IstioOperator,
  renderer: ChartRenderer = engineRenderer(),
): Promise<Rendered> {
  checkGatewayNames(operator);
  const {components, warnings} = await renderOperator(operator, renderer).catch((error: unknown) => {
    // A chart that fails on a value (e.g. spec.meshConfig: null, which Helm reads as "delete the
    // chart's default") is the input's problem, reported like any other, not a crash.
    if (!(error instanceof ChartRenderError)) throw error;
    throw new MeshError('chart-render-failed', `rendering Istio's charts failed: ${error.message}`, {
      hint: 'a value of the merged spec does not suit the chart; `mesh profile dump` with the same flags shows it',
      cause: error,
    });
  });
  const base = components.find((component) => component.name === 'Base');
  if (base) {
    const crds = loadCrds();
    for (const crd of crds) applyOwnerLabels(crd, installationOf(operator), 'Base');
    base.objects = sortObjects([...base.objects, ...crds]);
  }
  return {components, warnings};
}

/** Every object of the given components, in install order: Namespaces, then CRDs, then each component's rest. */
export function installOrder(components: readonly Component[]): K8sObject[] {
  const phase = (object: K8sObject) =>
    object.kind === 'Namespace' ? 0 : object.kind === 'CustomResourceDefinition' ? 1 : 2;
  return components
    .flatMap((component) => component.objects)
    .map((object, index) => ({object, index}))
    .sort((a, b) => phase(a.object) - phase(b.object) || a.index - b.index)
    .map(({object}) => object);
}

/**
 * Only the named components (all when none are named). A kept component that uses a namespace
 * whose Namespace object belongs to a dropped one gets that Namespace, so its output applies alone.
 */
export function selectComponents(
  components: readonly Component[],
  names: readonly ComponentName[],
): Component[] {
  if (names.length === 0) return [...components];
  const namespaces = new Map(
    components
      .flatMap((c) => c.objects)
      .filter((o) => o.kind === 'Namespace')
      .map((o) => [o.metadata.name, o]),
  );
  const kept = components.filter((component) => names.includes(component.name));
  const provided = new Set(
    kept
      .flatMap((c) => c.objects)
      .filter((o) => o.kind === 'Namespace')
      .map((o) => o.metadata.name),
  );
  return kept.map((component) => {
    const missing = [
      ...new Set(
        component.objects
          .map((o) => o.metadata.namespace)
          .filter((ns): ns is string => !!ns && !provided.has(ns)),
      ),
    ];
    missing.forEach((ns) => provided.add(ns));
    const added = missing.map(
      (ns) => namespaces.get(ns) ?? {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}},
    );
    return added.length ? {...component, objects: sortObjects([...added, ...component.objects])} : component;
  });
}

/** Two enabled gateways with the same name in the same namespace would overwrite each other. */
function checkGatewayNames(operator: IstioOperator): void {
  const components = operator.spec.components;
  const seen = new Map<string, string>();
  for (const field of ['ingressGateways', 'egressGateways'] as const) {
    (components?.[field] ?? []).forEach((gateway, index) => {
      if (!isObj(gateway) || gateway.enabled === false) return;
      const path = `components.${field}[${index}]`;
      if (typeof gateway.name !== 'string' || gateway.name === '') {
        throw new MeshError('gateway-without-name', `${path}: a gateway needs a name`, {
          path,
          hint: `set ${path}.name`,
        });
      }
      const namespace = gateway.namespace || installationOf(operator).namespace;
      const key = `${namespace}/${gateway.name}`;
      const earlier = seen.get(key);
      if (earlier) {
        throw new MeshError(
          'duplicate-gateway',
          `${path}: gateway "${gateway.name}" in namespace ${namespace} is also defined at ${earlier}`,
          {path, hint: 'give each gateway a distinct name or namespace'},
        );
      }
      seen.set(key, path);
    });
  }
}
