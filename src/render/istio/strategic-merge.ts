/**
 * Strategic merge patch (Kubernetes' apimachinery semantics) for the fields istioctl's
 * post-processing patches: maps merge recursively and a null deletes; lists with a merge key
 * merge element by element (existing ones keep their place, new ones are appended); any other
 * list is replaced. The merge keys are the ones the Kubernetes API types declare.
 */
import type {Obj} from '../types.js';
import {isObj} from '../../spec/tree.js';

/** The merge key of a list field, given the field name and its parent field. */
function mergeKey(field: string, parent: string | undefined): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'ports':
      // A Service's ports merge by port; a container's by containerPort.
      return parent === 'spec' ? 'port' : 'containerPort';
    default:
      return undefined;
  }
}

export function strategicMerge(base: unknown, patch: unknown, field?: string, parent?: string): unknown {
  if (isObj(patch)) {
    const out: Obj = isObj(base) ? {...base} : {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = strategicMerge(Object.hasOwn(out, key) ? out[key] : undefined, value, key, field);
    }
    return out;
  }
  if (Array.isArray(patch)) {
    const key = field === undefined ? undefined : mergeKey(field, parent);
    if (key === undefined || !Array.isArray(base)) return structuredClone(patch);
    return mergeList(base, patch, key, field);
  }
  return patch;
}

/**
 * A merge-keyed list as apimachinery orders it: elements only in the original keep their
 * order; patch elements (merged into their originals) follow the patch's order, and each one
 * is placed before the first remaining original that comes after it in the original list (a
 * new element right after the patch element before it).
 */
function mergeList(base: unknown[], patch: unknown[], key: string, field: string | undefined): unknown[] {
  const keyOf = (item: unknown) => (isObj(item) ? item[key] : undefined);
  const originalAt = (item: unknown) =>
    base.findIndex((existing) => isObj(existing) && existing[key] === keyOf(item));
  const patched = patch.map((item) => {
    const at = isObj(item) ? originalAt(item) : -1;
    return at >= 0 ? strategicMerge(base[at], item, undefined, field) : structuredClone(item);
  });
  const patchKeys = new Set(patch.map(keyOf));
  const serverOnly = base.filter((item) => !patchKeys.has(keyOf(item)));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patched.length) {
    if (j >= patched.length) out.push(serverOnly[i++]);
    else if (i >= serverOnly.length) out.push(patched[j++]);
    else {
      const left = originalAt(serverOnly[i]);
      const right = originalAt(patched[j]);
      if (left >= 0 && right >= 0 && left < right) out.push(serverOnly[i++]);
      else out.push(patched[j++]);
    }
  }
  return out;
}
