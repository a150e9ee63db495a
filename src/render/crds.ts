/** The CRDs mesh installs: data files in manifests/crds/, one CustomResourceDefinition each. */
import {readdirSync, readFileSync} from 'node:fs';
import yaml from 'js-yaml';
import {MeshError} from '../errors.js';
import type {K8sObject} from './types.js';

/** Works from src/render (vitest) and dist/render (built CLI): both sit two levels below the package root. */
export const CRDS_DIR = new URL('../../manifests/crds/', import.meta.url);

let cache: K8sObject[] | undefined;

/** Every CRD file, parsed, in file-name order. Returns fresh copies: callers may mutate them. */
export function loadCrds(): K8sObject[] {
  cache ??= readCrds();
  return structuredClone(cache);
}

function readCrds(): K8sObject[] {
  let files: string[];
  try {
    files = readdirSync(CRDS_DIR).filter((file) => file.endsWith('.yaml')).sort();
  } catch (error) {
    throw new MeshError('missing-crds', `cannot read the CRDs shipped with mesh: ${(error as Error).message}`, {
      hint: 'the mesh package is incomplete; reinstall it',
    });
  }
  return files.flatMap((file) => {
    const documents = yaml.loadAll(readFileSync(new URL(file, CRDS_DIR), 'utf8')).filter((doc) => doc !== null && doc !== undefined);
    return documents.map((doc) => {
      const crd = doc as K8sObject;
      if (crd?.kind !== 'CustomResourceDefinition' || typeof crd.metadata?.name !== 'string') {
        throw new MeshError('bad-crd-file', `manifests/crds/${file}: expected a CustomResourceDefinition with a name`);
      }
      return crd;
    });
  });
}
