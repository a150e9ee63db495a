/** Stable text output of rendered objects: the same objects always give the same bytes. */
import yaml from 'js-yaml';
import type {K8sObject} from './types.js';

/** One YAML document; keys keep their insertion order (builders write them in a fixed order). */
export function dumpYaml(value: unknown): string {
  return yaml.dump(value, {noRefs: true, lineWidth: -1, sortKeys: false});
}

/** YAML documents separated by `---` lines; '' for no objects. Ends with a newline otherwise. */
export function toYamlDocuments(objects: readonly K8sObject[]): string {
  return objects.map((object) => dumpYaml(object)).join('---\n');
}

/** A `v1 List` of the objects, indented by 2 (what `-o json` prints). */
export function toJsonList(objects: readonly K8sObject[]): string {
  return JSON.stringify({apiVersion: 'v1', kind: 'List', items: objects}, null, 2);
}
