/**
 * istioctl's post-processing of a rendered component (operator/pkg/render/postprocess.go):
 * each `components.*.k8s` setting becomes a strategic merge patch on the component's workload,
 * Service, HorizontalPodAutoscaler or PodDisruptionBudget; then `k8s.overlays` are applied.
 * volumes and volumeMounts are accepted by the API but not applied, as in istioctl.
 */
import type {K8sObject, Obj} from '../types.js';
import {isObj} from '../../spec/tree.js';
import type {ComponentInstance} from './components.js';
import {applyOverlays} from '../overlays.js';
import {strategicMerge} from './strategic-merge.js';
import {getPath} from '../../spec/tree.js';

type Target = 'workload' | 'HorizontalPodAutoscaler' | 'PodDisruptionBudget' | 'Service';

/** Setting → target kind and where its value goes in the patch ("container" = the main container). */
const PATCHES: ReadonlyArray<[string, Target, (value: unknown, container: string) => Obj]> = [
  ['affinity', 'workload', (v) => podSpec({affinity: v})],
  ['env', 'workload', (v, c) => podSpec({containers: [{name: c, env: v}]})],
  ['hpaSpec', 'HorizontalPodAutoscaler', (v) => ({spec: v})],
  ['imagePullPolicy', 'workload', (v, c) => podSpec({containers: [{name: c, imagePullPolicy: v}]})],
  ['nodeSelector', 'workload', (v) => podSpec({nodeSelector: v})],
  ['podDisruptionBudget', 'PodDisruptionBudget', (v) => ({spec: v})],
  ['podAnnotations', 'workload', (v) => ({spec: {template: {metadata: {annotations: v}}}})],
  ['priorityClassName', 'workload', (v) => podSpec({priorityClassName: v})],
  ['readinessProbe', 'workload', (v, c) => podSpec({containers: [{name: c, readinessProbe: v}]})],
  ['replicaCount', 'workload', (v) => ({spec: {replicas: v}})],
  ['resources', 'workload', (v, c) => podSpec({containers: [{name: c, resources: v}]})],
  ['strategy', 'workload', (v) => ({spec: {strategy: v}})],
  ['tolerations', 'workload', (v) => podSpec({tolerations: v})],
  ['serviceAnnotations', 'Service', (v) => ({metadata: {annotations: v}})],
  ['service', 'Service', (v) => ({spec: v})],
  ['securityContext', 'workload', (v) => podSpec({securityContext: v})],
];

function podSpec(spec: Obj): Obj {
  return {spec: {template: {spec}}};
}

export function postProcess(
  instance: ComponentInstance,
  objects: K8sObject[],
  revision: string,
): K8sObject[] {
  const k8s = instance.spec.k8s;
  if (!isObj(k8s)) return objects;
  const {def} = instance;
  let name = instance.name || def.resourceName || '';
  if (def.name === 'Pilot' && revision !== 'default') name = `${name}-${revision}`;
  const out = objects.slice();
  for (const [field, target, build] of PATCHES) {
    let value = getPath(k8s, [field]);
    // Gateway ports went through Helm values; the patch carries the rest of the Service spec.
    if (field === 'service' && def.multi) value = {...(isObj(value) ? value : {}), ports: []};
    if (value === undefined) continue;
    const kind = target === 'workload' ? def.resourceType : target;
    const patch = build(value, def.containerName ?? '');
    for (let i = 0; i < out.length; i++) {
      const object = out[i]!;
      if (object.kind !== kind || object.metadata.name !== name) continue;
      let patched = strategicMerge(object, patch) as K8sObject;
      if (target === 'PodDisruptionBudget') patched = onePdbBound(patched);
      out[i] = patched;
    }
  }
  // mesh checks every overlay against what is rendered (istioctl skips a target it cannot find).
  const overlays = Array.isArray(k8s.overlays) ? k8s.overlays : [];
  if (overlays.length > 0) applyOverlays(out, overlays, `${where(instance)}.k8s.overlays`);
  return out;
}

function where(instance: ComponentInstance): string {
  const {def} = instance;
  return def.multi ? `components.${def.specName}[name:${instance.name}]` : `components.${def.specName}`;
}

/** With both bounds set, istioctl drops minAvailable (a PDB takes only one). */
function onePdbBound(pdb: K8sObject): K8sObject {
  const spec = pdb.spec;
  if (isObj(spec) && spec.maxUnavailable !== undefined && spec.minAvailable !== undefined) {
    const rest = {...spec};
    delete rest.minAvailable;
    return {...pdb, spec: rest};
  }
  return pdb;
}
