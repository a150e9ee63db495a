/**
 * Istio's render as mesh installs it: istioctl's pipeline (spec/merge-inputs.ts, generate.ts), then
 * what mesh adds — the owner labels of its inventory (labels.ts) on every object, a Namespace
 * object first for each namespace a component is the first to use, objects in apply order, and
 * istioctl's install graph (install-graph.ts) as each component's dependencies.
 */
import type {SetAssignment} from '../../spec/set-value.js';
import type {IstioOperator} from '../../spec/types.js';
import {installationOf} from '../installation.js';
import {applyOwnerLabels} from '../labels.js';
import {sortObjects} from '../sort.js';
import type {Component, ComponentDisplayName, K8sObject, Obj} from '../types.js';
import type {ChartRenderer} from './chart-renderer.js';
import {generateComponents} from './generate.js';
import {dependsOn} from './install-graph.js';
import {mergeInputs} from '../../spec/merge-inputs.js';

/** Namespaces every cluster has (the CNI chart uses kube-system and default on some platforms): never rendered. */
const BUILT_IN = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

export interface IstioRender {
  /** The merged IstioOperator istioctl renders from (profile, hub/tag, user input, translated values). */
  operator: Obj;
  components: Component[];
  /** Chart NOTES warnings. */
  warnings: string[];
}

export async function renderIstio(
  documents: readonly Obj[],
  sets: readonly SetAssignment[],
  renderer: ChartRenderer,
): Promise<IstioRender> {
  const operator = mergeInputs(documents, sets);
  return {operator, ...(await renderOperator(operator as unknown as IstioOperator, renderer))};
}

/** The components of an already merged IstioOperator (mergeInputs' output, as spec/compose.ts makes it). */
export async function renderOperator(
  operator: IstioOperator,
  renderer: ChartRenderer,
): Promise<Omit<IstioRender, 'operator'>> {
  const {components: rendered, warnings} = await generateComponents(operator as unknown as Obj, renderer);
  const installation = installationOf(operator);
  const namespacesDone = new Set<string>();
  const components: Component[] = [];
  for (const component of rendered) {
    const objects: K8sObject[] = component.objects.slice();
    for (const object of objects) applyOwnerLabels(object, installation, component.name);
    const namespaces = [
      ...new Set(objects.map((o) => o.metadata.namespace).filter((ns): ns is string => !!ns)),
    ];
    for (const namespace of namespaces.filter((ns) => !namespacesDone.has(ns) && !BUILT_IN.has(ns))) {
      namespacesDone.add(namespace);
      objects.push({apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}});
    }
    components.push({
      name: component.name,
      displayName: component.displayName as ComponentDisplayName,
      dependsOn: dependsOn(component.name),
      objects: sortObjects(objects),
    });
  }
  return {components, warnings};
}
