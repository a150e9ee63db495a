/** The CRDs mesh installs: data files in manifests/crds/, one CustomResourceDefinition each. */
import {readdirSync, readFileSync} from 'node:fs';
import yaml from 'js-yaml';
import {MeshError} from '../errors.js';
import {FROM_SOURCES, packageUrl} from '../package-root.js';
import type {K8sObject} from './types.js';

export const CRDS_DIR = packageUrl('manifests/crds/');

/**
 * The same CRDs, parsed once at build time (scripts/compile-crds.js writes dist/crds.json):
 * parsing 15 large YAML schemas costs a cold `manifest generate` ~50 ms. Absent when running
 * from the sources, where the YAML is read.
 */
const COMPILED = FROM_SOURCES ? undefined : packageUrl('dist/crds.json');

let cache: K8sObject[] | undefined;

/** Every CRD file, parsed, in file-name order. Returns fresh copies: callers may mutate them. */
export function loadCrds(): K8sObject[] {
  cache ??= readCompiled() ?? readCrds();
  return structuredClone(cache);
}

function readCompiled(): K8sObject[] | undefined {
  if (!COMPILED) return undefined;
  try {
    return JSON.parse(readFileSync(COMPILED, 'utf8')) as K8sObject[];
  } catch {
    return undefined;
  }
}

/** Parses manifests/crds/*.yaml (also used by the build to write dist/crds.json). */
export function readCrds(): K8sObject[] {
  let files: string[];
  try {
    files = readdirSync(CRDS_DIR)
      .filter((file) => file.endsWith('.yaml'))
      .sort();
  } catch (error) {
    throw new MeshError(
      'missing-crds',
      `cannot read the CRDs shipped with mesh: ${(error as Error).message}`,
      {
        hint: 'the mesh package is incomplete; reinstall it',
      },
    );
  }
  return files.flatMap((file) => {
    const documents = yaml
      .loadAll(readFileSync(new URL(file, CRDS_DIR), 'utf8'))
      .filter((doc) => doc !== null && doc !== undefined);
    return documents.map((doc) => {
      const crd = doc as K8sObject;
      if (crd?.kind !== 'CustomResourceDefinition' || typeof crd.metadata?.name !== 'string') {
        throw new MeshError(
          'bad-crd-file',
          `manifests/crds/${file}: expected a CustomResourceDefinition with a name`,
        );
      }
      return crd;
    });
  });
}
