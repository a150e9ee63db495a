/**
 * Object-by-object comparison of two renders: keyed by (apiVersion, kind, namespace, name),
 * ConfigMap data that holds YAML or JSON compared parsed, and every difference reported as
 * `kind/ns/name path: istioctl → mesh`.
 */
import yaml from 'js-yaml';
import {isDeepStrictEqual} from 'node:util';
import type {K8sObject} from '../../src/render/types.js';

const keyOf = (o: K8sObject) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''} ${o.metadata.name}`;
const label = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** ConfigMap data values parsed when they are YAML or JSON documents (istio's mesh, the injector's values). */
function normalized(o: K8sObject): unknown {
  const copy = structuredClone(o) as K8sObject & {data?: {[k: string]: unknown}};
  if (copy.kind === 'ConfigMap' && copy.data) {
    for (const [key, value] of Object.entries(copy.data)) {
      if (typeof value !== 'string') continue;
      try {
        const parsed = yaml.load(value);
        if (parsed !== null && typeof parsed === 'object') copy.data[key] = parsed;
      } catch {
        // Text that is not YAML (an injection template) is compared as text.
      }
    }
  }
  return copy;
}

function diffValues(path: string, expected: unknown, actual: unknown, out: string[]): void {
  if (isDeepStrictEqual(expected, actual)) return;
  const bothObjects =
    expected !== null && actual !== null && typeof expected === 'object' && typeof actual === 'object';
  if (bothObjects && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys)
      diffValues(
        Array.isArray(expected) ? `${path}[${key}]` : `${path}.${key}`,
        (expected as Record<string, unknown>)[key],
        (actual as Record<string, unknown>)[key],
        out,
      );
    return;
  }
  const show = (v: unknown) =>
    v === undefined
      ? '(absent)'
      : JSON.stringify(v).length > 200
        ? `…${JSON.stringify(v).slice(-120)}`
        : JSON.stringify(v);
  out.push(`${path.replace(/^\./, '')}: ${show(expected)} → ${show(actual)}`);
}

/** Every difference between istioctl's objects and mesh's, as printable lines (empty when equal). */
export function compareRenders(expected: K8sObject[], actual: K8sObject[]): string[] {
  const lines: string[] = [];
  const ours = new Map(actual.map((o) => [keyOf(o), o]));
  const theirs = new Map(expected.map((o) => [keyOf(o), o]));
  for (const [key, object] of theirs) {
    const mine = ours.get(key);
    if (!mine) {
      lines.push(`${label(object)}: rendered by istioctl, missing in mesh`);
      continue;
    }
    const diffs: string[] = [];
    diffValues('', normalized(object), normalized(mine), diffs);
    for (const diff of diffs) lines.push(`${label(object)} ${diff}`);
  }
  for (const [key, object] of ours) if (!theirs.has(key)) lines.push(`${label(object)}: only in mesh`);
  return lines;
}
