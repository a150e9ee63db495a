/**
 * Composition: default profile < named profile < each -f file in order < each --set in order
 * (then each --set-string, then -r). The later wins. Maps merge deeply; the gateway lists
 * (components.ingressGateways / egressGateways) merge by `name`; every other list replaces.
 */
import {readFile} from 'node:fs/promises';
import deepmerge from 'deepmerge';
import yaml from 'js-yaml';
import {MeshError} from '../errors.js';
import {loadProfile} from './profiles.js';
import {applySet, parseSet, type SetAssignment} from './set-path.js';
import type {IstioOperator, IstioOperatorSpec, Json, JsonObject} from './types.js';
import {assertValidSpec} from './validate.js';

export interface ComposeInput {
  /** -f files in order; `-` reads standard input. */
  files?: string[];
  /** --set path=value, in order. */
  sets?: string[];
  /** --set-string path=value, in order; applied after --set. */
  setStrings?: string[];
  /** -r/--revision; "default" means no revision. */
  revision?: string;
  /** A spec merged over the profile before the files (install --reuse: the installed state). */
  baseSpec?: IstioOperatorSpec;
  /** Reads standard input for `-f -` (injectable for tests). */
  readStdin?: () => Promise<string>;
}

export interface ComposedSpec {
  profile: string;
  operator: IstioOperator;
}

const MERGED_BY_NAME = new Set(['ingressGateways', 'egressGateways']);

/** Deep merge of two spec trees with mesh's list rules. */
export function mergeSpecs<T>(base: T, overlay: unknown): T {
  return deepmerge(base as object, overlay as object, {
    arrayMerge: (_target, source) => source,
    customMerge: (key) => (MERGED_BY_NAME.has(key) ? mergeByName : undefined),
  }) as T;
}

function mergeByName(base: JsonObject[], overlay: JsonObject[]): JsonObject[] {
  const merged = base.map((item) => ({...item}));
  for (const item of overlay) {
    const at = merged.findIndex((existing) => existing.name !== undefined && existing.name === item.name);
    if (at >= 0) merged[at] = mergeSpecs(merged[at]!, item);
    else merged.push(item);
  }
  return merged;
}

export async function readOverlayFile(file: string, readStdin: () => Promise<string> = readAllStdin): Promise<IstioOperator> {
  const label = file === '-' ? 'standard input' : file;
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new MeshError('unreadable-file', `-f ${label}: cannot read: ${why}`, {path: file, hint: 'check the path given to -f'});
  }
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text).filter((doc) => doc !== null && doc !== undefined);
  } catch (error) {
    const e = error as {reason?: string; mark?: {line: number; column: number}};
    const where = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
    throw new MeshError('invalid-yaml', `-f ${label}: invalid YAML${where}: ${e.reason ?? (error as Error).message}`, {path: file});
  }
  if (documents.length !== 1) {
    throw new MeshError('not-one-document', `-f ${label}: expected exactly one IstioOperator document, found ${documents.length}`, {path: file});
  }
  const document = documents[0] as Partial<IstioOperator>;
  if (typeof document !== 'object' || Array.isArray(document) || document.kind !== 'IstioOperator') {
    const kind = typeof document === 'object' && document && 'kind' in document ? `kind ${String(document.kind)}` : 'no kind';
    throw new MeshError('not-an-istiooperator', `-f ${label}: expected kind IstioOperator (install.istio.io/v1alpha1), found ${kind}`, {
      path: file,
    });
  }
  const spec = (document.spec ?? {}) as Json;
  assertValidSpec(spec, `-f ${label}`);
  return {apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: document.metadata ?? {}, spec: spec as IstioOperatorSpec};
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses every --set first, so a bad one fails before any file is read or anything else happens. */
export function parseSets(input: ComposeInput): SetAssignment[] {
  const assignments = (input.sets ?? []).map((text) => parseSet(text));
  assignments.push(...(input.setStrings ?? []).map((text) => parseSet(text, {asString: true})));
  if (input.revision !== undefined && input.revision !== 'default') {
    assignments.push({source: `revision=${input.revision}`, path: [{kind: 'key', key: 'revision'}], value: input.revision});
  }
  return assignments;
}

export async function composeSpec(input: ComposeInput = {}): Promise<ComposedSpec> {
  const assignments = parseSets(input);
  const overlays: IstioOperator[] = [];
  for (const file of input.files ?? []) overlays.push(await readOverlayFile(file, input.readStdin));

  const profile = chooseProfile(overlays, assignments, input.baseSpec);
  const base = loadProfile('default');
  let spec: IstioOperatorSpec = base.spec;
  if (profile !== 'default') spec = mergeSpecs(spec, loadProfile(profile).spec);
  if (input.baseSpec) spec = mergeSpecs(spec, input.baseSpec);
  for (const overlay of overlays) spec = mergeSpecs(spec, overlay.spec);
  const tree = spec as JsonObject;
  for (const assignment of assignments) applySet(tree, assignment);
  tree.profile = profile;
  assertValidSpec(tree, 'the composed spec');

  const namespace = spec.namespace ?? (spec.values?.global as JsonObject | undefined)?.istioNamespace ?? 'istio-system';
  const name = overlays.map((o) => o.metadata.name).filter((n) => typeof n === 'string').pop();
  const metadata: IstioOperator['metadata'] = {namespace: String(namespace)};
  if (name) metadata.name = name;
  return {profile, operator: {apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata, spec}};
}

/** The profile is named by the last `--set profile=`, else the last file with spec.profile, else the base spec's, else "default". */
function chooseProfile(overlays: IstioOperator[], assignments: SetAssignment[], baseSpec?: IstioOperatorSpec): string {
  const fromSet = assignments.filter((a) => a.path.length === 1 && a.path[0]!.kind === 'key' && a.path[0]!.key === 'profile').pop();
  if (fromSet) return String(fromSet.value);
  const fromFile = overlays.map((o) => o.spec.profile).filter((p) => typeof p === 'string' && p !== '').pop();
  return fromFile ?? baseSpec?.profile ?? 'default';
}
