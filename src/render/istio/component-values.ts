/**
 * The Helm values one component instance renders with (istioctl's
 * applyComponentValuesToHelmValues): a gateway's name, labels and service ports; the k8s
 * replica and HPA bounds and CPU quantities that the charts read from values; a component
 * hub/tag; and ztunnel's values lifted to the top level.
 */
import type {Obj} from '../types.js';
import {isObj} from '../../spec/tree.js';
import type {ComponentInstance} from './components.js';
import {clone, getPath, setPath} from '../../spec/tree.js';

export function componentValues(instance: ComponentInstance, merged: Obj): Obj {
  const {def, spec} = instance;
  const out = clone(merged);
  const root = ['spec', 'values', ...def.valuesRoot.split('.')];
  const k8s = isObj(spec.k8s) ? spec.k8s : undefined;
  const isGateway = def.multi;
  if (isGateway) {
    setPath(out, [...root, 'name'], instance.name);
    setPath(out, [...root, 'labels'], instance.label);
    const ports = getPath(k8s, ['service', 'ports']);
    if (Array.isArray(ports) && ports.length > 0) setPath(out, [...root, 'ports'], ports.map(portAsJson));
  }
  if (def.resourceType === 'Deployment' && k8s) {
    const hpa = isObj(k8s.hpaSpec) ? k8s.hpaSpec : undefined;
    if (hpa && typeof hpa.minReplicas === 'number') setPath(out, [...root, 'autoscaleMin'], hpa.minReplicas);
    if (hpa && typeof hpa.maxReplicas === 'number' && hpa.maxReplicas > 0)
      setPath(out, [...root, 'autoscaleMax'], hpa.maxReplicas);
    if (typeof k8s.replicaCount === 'number' && k8s.replicaCount > 0)
      setPath(out, [...root, 'replicaCount'], k8s.replicaCount);
  }
  if (k8s && isObj(k8s.resources)) {
    for (const kind of ['limits', 'requests']) {
      const cpu = canonicalCpu(getPath(k8s.resources, [kind, 'cpu']));
      if (cpu !== undefined) setPath(out, [...root, 'resources', kind, 'cpu'], cpu);
    }
  }
  if (typeof spec.hub === 'string' && spec.hub !== '') setPath(out, [...root, 'hub'], spec.hub);
  if (spec.tag !== undefined && spec.tag !== null) setPath(out, [...root, 'tag'], String(spec.tag));
  if (def.flattenValues) flatten(out, root);
  return out;
}

/** Replaces spec.values with global, the other non-map values, and the component's own values on top. */
function flatten(out: Obj, root: string[]): void {
  const own = getPath(out, root);
  const values = getPath(out, ['spec', 'values']);
  if (!isObj(own) || !isObj(values)) return;
  const flat: Obj = {global: values.global};
  for (const [key, value] of Object.entries(values)) if (!isObj(value)) flat[key] = value;
  Object.assign(flat, own);
  (out.spec as Obj).values = flat;
}

/** A ServicePort as Go marshals the typed struct: empty fields left out. */
function portAsJson(port: unknown): Obj {
  const out: Obj = {};
  if (!isObj(port)) return out;
  for (const [key, value] of Object.entries(port))
    if (value !== null && value !== undefined && value !== '' && value !== 0) out[key] = value;
  return out;
}

/** A CPU quantity in Kubernetes' canonical form ("1000m" → "1", "0.5" → "500m"); undefined for zero or absent. */
export function canonicalCpu(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  const match = /^([0-9]*\.?[0-9]+)(m?)$/.exec(text);
  if (!match) return text === '' ? undefined : text;
  const millis = Math.round(Number(match[1]) * (match[2] === 'm' ? 1 : 1000));
  if (millis === 0) return undefined;
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}
