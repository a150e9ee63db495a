/**
 * istioctl 1.31's render (operator/pkg/render GenerateManifest), component by component:
 * enabled instances → Helm values → chart render (release "istio", the instance namespace)
 * → documents in template-file order, then the chart's crds/ → k8s post-processing.
 */
import {existsSync, readdirSync} from 'node:fs';
import {loadDocuments} from '../../template/build-cache.js';
import type {K8sObject, Obj} from '../types.js';
import {isObj} from '../../spec/tree.js';
import {ISTIO_MIN_KUBE_MINOR, type ChartRenderer} from './chart-renderer.js';
import {componentValues} from './component-values.js';
import {COMPONENTS, componentInstances, type IstioComponentName} from './components.js';
import {istioPath, readIstioFile} from '../../istio-dir.js';
import {postProcess} from './postprocess.js';
import {getPath, mergeFrom} from '../../spec/tree.js';

export interface RenderedComponent {
  name: IstioComponentName;
  displayName: string;
  objects: K8sObject[];
}

export interface GenerateResult {
  components: RenderedComponent[];
  /** Chart NOTES lines starting "WARNING: ", as istioctl prints them. */
  warnings: string[];
}

/** Renders a merged IstioOperator (spec/merge-inputs.ts) into its components' objects. */
export async function generateComponents(
  mergedInput: Obj,
  renderer: ChartRenderer,
  kubeMinor = ISTIO_MIN_KUBE_MINOR,
): Promise<GenerateResult> {
  const merged = structuredClone(mergedInput);
  const unvalidated = getPath(merged, ['spec', 'unvalidatedValues']);
  if (isObj(unvalidated)) mergeFrom(merged, {spec: {values: unvalidated}});
  const revisionValue = getPath(merged, ['spec', 'values', 'revision']);
  const revision = typeof revisionValue === 'string' && revisionValue !== '' ? revisionValue : 'default';
  const components: RenderedComponent[] = [];
  const warnings: string[] = [];
  for (const def of COMPONENTS) {
    const objects: K8sObject[] = [];
    const instances = componentInstances(def, merged);
    for (const instance of instances) {
      const values = componentValues(instance, merged);
      const helmValues = getPath(values, ['spec', 'values']);
      const files = await renderer.render(def.chart, isObj(helmValues) ? helmValues : {}, {
        namespace: instance.namespace,
        releaseName: 'istio',
        kubeMinor,
      });
      const rendered = documents(files, warnings);
      if (def.chart === 'base' && getPath(helmValues, ['base', 'enableIstioConfigCRDs']) !== false)
        rendered.push(...chartCrds(def.chart));
      objects.push(...postProcess(instance, rendered, revision));
    }
    if (instances.length > 0) components.push({name: def.name, displayName: def.displayName, objects});
  }
  return {components, warnings};
}

/** The objects of a chart's output: files in name order, split into documents, empty ones dropped. */
export function documents(files: Map<string, string>, warnings: string[] = []): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const file of [...files.keys()].sort()) {
    const text = files.get(file)!;
    if (file.endsWith('.txt')) {
      for (const line of text.split('\n')) if (line.startsWith('WARNING: ')) warnings.push(line.slice(9));
      continue;
    }
    objects.push(...parseDocuments(text));
  }
  return objects;
}

/** Documents as istioctl splits them: a line starting "---" ends one; each is trimmed; empty ones and non-objects dropped. */
export function parseDocuments(text: string): K8sObject[] {
  const parts: string[] = [];
  // By line offsets, not split lines joined back: the base chart's output is a megabyte.
  let partStart = 0;
  for (let lineStart = 0, end; (end = text.indexOf('\n', lineStart)) >= 0; lineStart = end + 1) {
    if (text.startsWith('---', lineStart)) {
      parts.push(text.slice(partStart, lineStart));
      partStart = end + 1;
    }
  }
  parts.push(text.slice(partStart));
  const objects: K8sObject[] = [];
  for (const part of parts) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    // A part can still hold a trailing "---" without a newline; Go's YAML reads its first document only.
    const [object] = loadDocuments(trimmed);
    if (!/["']$/.test(trimmed)) dropFinalBreak(object);
    if (isObj(object) && typeof object.kind === 'string' && object.kind !== '')
      objects.push(object as K8sObject);
  }
  return objects;
}

/**
 * A block scalar that ends the text without a line break has none (YAML's clip chomping, as Go
 * reads it); js-yaml adds one. Only the last scalar of a document can be such a block.
 */
function dropFinalBreak(node: unknown): void {
  let parent: Obj | unknown[] | undefined;
  let key: string | number | undefined;
  let current = node;
  for (;;) {
    if (Array.isArray(current) && current.length > 0) {
      parent = current;
      key = current.length - 1;
    } else if (isObj(current) && Object.keys(current).length > 0) {
      parent = current;
      key = Object.keys(current).pop()!;
    } else break;
    current = (parent as Record<string | number, unknown>)[key];
  }
  if (parent !== undefined && key !== undefined && typeof current === 'string' && current.endsWith('\n'))
    (parent as Record<string | number, unknown>)[key] = current.slice(0, -1);
}

/** A chart's crds/ files, sorted by name, as Helm appends them after the templates. */
function chartCrds(chart: string): K8sObject[] {
  const dir = istioPath('charts', chart, 'crds');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((file) => parseDocuments(readIstioFile('charts', chart, 'crds', file)));
}
