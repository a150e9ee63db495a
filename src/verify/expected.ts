/**
 * What verify-install expects to find: the objects mesh would apply now for the installed
 * state of a revision (re-rendered from its spec alone), or the objects of -f files, which
 * are IstioOperator overlays (composed and rendered) or plain Kubernetes manifests.
 */
import type {Cluster} from '../cluster/client.js';
import {listInstalledStates, readInstalledState} from '../cluster/installed-state.js';
import {DEFAULT_NAMESPACE, installationFor} from '../render/installation.js';
import {kindInfo, type K8sObject} from '../cluster/kinds.js';
import {MeshError} from '../errors.js';
import {prepareInstall} from '../install/prepare.js';
import {isObj} from '../spec/tree.js';
import {parseDocuments, readAllStdin, readInput} from '../spec/overlay-file.js';
import type {IstioOperator} from '../spec/types.js';

export interface Expected {
  /** Where the expectation came from. */
  source: 'installed-state' | 'files';
  /** The revision checked ("default" when none); undefined for plain manifests. */
  revision?: string;
  /** The install namespace. */
  namespace: string;
  objects: K8sObject[];
}

/**
 * The installed state of `revision` ("default" when none): looked for in istio-system first,
 * then in every namespace. Undefined when the revision was never installed by mesh.
 */
export async function findInstalledState(
  cluster: Cluster,
  revision: string | undefined,
): Promise<IstioOperator | undefined> {
  const installation = installationFor(revision);
  const state = await readInstalledState(cluster, installation);
  if (state) return state;
  const all = await listInstalledStates(cluster);
  return all.find((item) => item.metadata.name === installation.installedStateName);
}

/** Re-renders an installed state with its spec as the only input. */
export async function expectedFromInstalledState(state: IstioOperator): Promise<Expected> {
  const plan = await prepareInstall({baseSpec: state.spec, revision: state.spec.revision || 'default'});
  const {revision, namespace} = plan.installation;
  return {source: 'installed-state', revision, namespace, objects: plan.objects};
}

export interface FileInput {
  files: string[];
  /** Reads standard input for `-f -` (injectable for tests). */
  readStdin?: () => Promise<string>;
}

/** -f files: IstioOperator overlays are composed (in order) and rendered; other files are taken as manifests. */
export async function expectedFromFiles(input: FileInput): Promise<Expected> {
  const overlays: string[] = [];
  const manifests: K8sObject[] = [];
  let stdin: string | undefined;
  const readStdin = async () => (stdin ??= await (input.readStdin ?? readAllStdin)());
  for (const file of input.files) {
    const documents = parseDocuments(await readInput(file, readStdin), file);
    if (documents.some((doc) => isObj(doc) && doc.kind === 'IstioOperator')) overlays.push(file);
    else manifests.push(...documents.map((doc, index) => toObject(doc, file, index)));
  }
  let revision: string | undefined;
  let namespace = DEFAULT_NAMESPACE;
  const objects: K8sObject[] = [];
  if (overlays.length) {
    const plan = await prepareInstall({files: overlays, readStdin});
    ({revision, namespace} = plan.installation);
    objects.push(...plan.objects);
  }
  for (const object of manifests) {
    const info = kindInfo(object.kind);
    // Namespaced objects without a namespace are looked for in the Istio namespace (istioctl's rule).
    if (!object.metadata.namespace && (!info || info.namespaced)) object.metadata.namespace = namespace;
    if (info && !info.namespaced) delete object.metadata.namespace;
    objects.push(object);
  }
  return {source: 'files', revision, namespace, objects};
}

/** A manifest document as an object to check; a `List` is not supported, a document without kind or name is an error. */
function toObject(document: unknown, file: string, index: number): K8sObject {
  const label = file === '-' ? 'standard input' : file;
  const doc = document as Partial<K8sObject>;
  if (
    !isObj(doc) ||
    typeof doc.apiVersion !== 'string' ||
    typeof doc.kind !== 'string' ||
    !isObj(doc.metadata) ||
    typeof doc.metadata.name !== 'string'
  ) {
    throw new MeshError(
      'not-a-manifest',
      `-f ${label}: document ${index + 1} is not a Kubernetes object (it needs apiVersion, kind and metadata.name)`,
      {
        path: file,
        hint: 'pass an IstioOperator or Kubernetes manifests (e.g. the output of `mesh manifest generate`)',
      },
    );
  }
  return structuredClone(doc) as K8sObject;
}
