/**
 * render: IstioOperator → installation components, a pure function. The component graph is a
 * table; each enabled component renders its objects, gets the owner labels and its overlays,
 * and is sorted into apply order. Namespaces go to the first component that puts anything in
 * them, so `manifest generate | kubectl apply -f -` creates them before their contents.
 */
import {MeshError} from '../errors.js';
import type {GatewaySpec, IstioOperator} from '../spec/types.js';
import {renderBase} from './components/base.js';
import {gatewayNamespace, renderGateway} from './components/gateway.js';
import {renderPilot} from './components/pilot.js';
import {renderContext, type RenderContext} from './context.js';
import {applyOwnerLabels} from './labels.js';
import {applyOverlays} from './overlays.js';
import {sortObjects} from './sort.js';
import type {Component, ComponentDisplayName, ComponentName, K8sObject} from './types.js';

export type {Component, ComponentName, K8sObject} from './types.js';

interface ComponentDefinition {
  name: ComponentName;
  displayName: ComponentDisplayName;
  dependsOn: ComponentName[];
  /** Rendered objects, each with the spec path of the overlays that may patch it. */
  render: (
    context: RenderContext,
  ) => {objects: K8sObject[]; overlays: unknown[] | undefined; where: string}[];
}

/** A listed gateway is wanted unless it says `enabled: false`: naming a gateway is asking for it. */
const enabledGateways = (list: GatewaySpec[] | undefined): [GatewaySpec, number][] =>
  (list ?? [])
    .map((gateway, index): [GatewaySpec, number] => [gateway, index])
    .filter(([gateway]) => gateway.enabled !== false);

/** The component graph (Base → Pilot → gateways), in install order. */
export const COMPONENTS: readonly ComponentDefinition[] = [
  {
    name: 'Base',
    displayName: 'Istio core',
    dependsOn: [],
    render: (context) => {
      const base = context.operator.spec.components?.base;
      // CRDs are shared by every revision; the last install to apply them owns them, and uninstall -r never removes Base.
      if (base?.enabled !== true) return [];
      return [
        {objects: renderBase(context), overlays: base.k8s?.overlays, where: 'components.base.k8s.overlays'},
      ];
    },
  },
  {
    name: 'Pilot',
    displayName: 'Istiod',
    dependsOn: ['Base'],
    render: (context) => {
      const pilot = context.operator.spec.components?.pilot;
      if (pilot?.enabled !== true) return [];
      return [
        {
          objects: renderPilot(context),
          overlays: pilot.k8s?.overlays,
          where: 'components.pilot.k8s.overlays',
        },
      ];
    },
  },
  {
    name: 'IngressGateways',
    displayName: 'Ingress gateways',
    dependsOn: ['Pilot'],
    render: (context) =>
      enabledGateways(context.operator.spec.components?.ingressGateways).map(([gateway, index]) => ({
        objects: renderGateway(context, gateway, 'ingress'),
        overlays: gateway.k8s?.overlays,
        where: `components.ingressGateways[${index}].k8s.overlays`,
      })),
  },
  {
    name: 'EgressGateways',
    displayName: 'Egress gateways',
    dependsOn: ['Pilot'],
    render: (context) =>
      enabledGateways(context.operator.spec.components?.egressGateways).map(([gateway, index]) => ({
        objects: renderGateway(context, gateway, 'egress'),
        overlays: gateway.k8s?.overlays,
        where: `components.egressGateways[${index}].k8s.overlays`,
      })),
  },
];

/** Renders every enabled component; disabled ones are left out. Same spec, same objects. */
export function render(operator: IstioOperator): Component[] {
  const context = renderContext(operator);
  checkGatewayNames(context);
  const namespacesDone = new Set<string>();
  const components: Component[] = [];
  for (const definition of COMPONENTS) {
    const parts = definition.render(context);
    const objects: K8sObject[] = [];
    for (const part of parts) {
      applyOverlays(part.objects, part.overlays, part.where);
      objects.push(...part.objects);
    }
    if (objects.length === 0) continue;
    for (const object of objects) applyOwnerLabels(object, operator, definition.name);
    const namespaces = [
      ...new Set(objects.map((object) => object.metadata.namespace).filter((ns): ns is string => !!ns)),
    ];
    for (const namespace of namespaces.filter((ns) => !namespacesDone.has(ns))) {
      namespacesDone.add(namespace);
      objects.push({apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}});
    }
    components.push({
      name: definition.name,
      displayName: definition.displayName,
      dependsOn: [...definition.dependsOn],
      objects: sortObjects(objects),
    });
  }
  return components;
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
function checkGatewayNames(context: RenderContext): void {
  const components = context.operator.spec.components;
  const seen = new Map<string, string>();
  for (const field of ['ingressGateways', 'egressGateways'] as const) {
    enabledGateways(components?.[field]).forEach(([gateway, index]) => {
      const path = `components.${field}[${index}]`;
      if (typeof gateway.name !== 'string' || gateway.name === '') {
        throw new MeshError('gateway-without-name', `${path}: a gateway needs a name`, {
          path,
          hint: `set ${path}.name`,
        });
      }
      const key = `${gatewayNamespace(context, gateway)}/${gateway.name}`;
      const earlier = seen.get(key);
      if (earlier) {
        throw new MeshError(
          'duplicate-gateway',
          `${path}: gateway "${gateway.name}" in namespace ${gatewayNamespace(context, gateway)} is also defined at ${earlier}`,
          {
            path,
            hint: 'give each gateway a distinct name or namespace',
          },
        );
      }
      seen.set(key, path);
    });
  }
}
