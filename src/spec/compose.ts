/**
 * Composition, as istioctl 1.31 merges its inputs (merge-inputs.ts): Istio's default
 * profile < the named profile < the release hub/tag < each -f file in order < each --set in order
 * (then each --set-string, then -r). The later wins. Maps merge deeply; the gateway lists
 * (components.ingressGateways / egressGateways) merge by `name`; every other list replaces.
 * Input is read and checked here first: problems are collected, not thrown one by one, so a
 * run reports all of them (problems.ts); the merged spec is validated against the schema.
 */
import deepmerge from 'deepmerge';
import {loadOverlay} from './overlay-file.js';
import {collect, throwProblems, type Problem} from './problems.js';
import {mergeInputs, readIstioProfile, TRANSLATIONS} from './merge-inputs.js';
import {dig} from './tree.js';
import {parseSet, type SetAssignment} from './set-value.js';
import {specWarnings} from './warnings.js';
import type {IstioOperator, IstioOperatorSpec, JsonObject} from './types.js';
import {specProblems} from './validate.js';

export {readOverlayFile} from './overlay-file.js';

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
  /** istioctl's validation warnings (warnings.ts): printed, the spec is used all the same. */
  warnings: string[];
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

/** Parses every --set, --set-string and -r; a bad one is reported in `problems` and left out. */
export function collectSets(input: ComposeInput, problems: Problem[]): SetAssignment[] {
  const parsed = [
    ...(input.sets ?? []).map((text) => collect(problems, () => parseSet(text))),
    ...(input.setStrings ?? []).map((text) => collect(problems, () => parseSet(text, {asString: true}))),
  ];
  if (input.revision !== undefined && input.revision !== 'default') {
    const revision = input.revision;
    parsed.push(
      collect(problems, () => parseSet(`revision=${revision}`, {asString: true, label: `-r ${revision}`})),
    );
  }
  return parsed.filter((assignment) => assignment !== undefined);
}

/** Parses every --set first, so bad ones (all of them, in one error) fail before anything else happens. */
export function parseSets(input: ComposeInput): SetAssignment[] {
  const problems: Problem[] = [];
  const assignments = collectSets(input, problems);
  throwProblems(problems);
  return assignments;
}

export async function composeSpec(input: ComposeInput = {}): Promise<ComposedSpec> {
  const problems: Problem[] = [];
  const assignments = collectSets(input, problems);
  const overlays: IstioOperator[] = [];
  let stdinRead = false;
  for (const file of input.files ?? []) {
    if (file === '-' && stdinRead) {
      problems.push({
        code: 'stdin-twice',
        message: '-f -: standard input can be read only once',
        hint: 'save one of the documents to a file',
      });
      continue;
    }
    stdinRead ||= file === '-';
    const overlay = await loadOverlay(file, problems, input.readStdin);
    if (overlay) overlays.push(overlay);
  }
  const profile = chooseProfile(overlays, assignments, input.baseSpec);
  collect(problems, () => readIstioProfile(profile));
  throwProblems(problems);

  const documents: JsonObject[] = overlays.map((overlay) => overlay as unknown as JsonObject);
  if (input.baseSpec) documents.unshift({spec: input.baseSpec as JsonObject});
  const operator = mergeInputs(documents, assignments, undefined, problems, (merged) =>
    dropUnset(merged.spec as JsonObject),
  ) as unknown as IstioOperator;
  const tree = operator.spec as JsonObject;
  tree.profile = profile;
  problems.push(...specProblems(asValidated(tree), 'the merged spec'));
  throwProblems(problems);
  const warnings = specWarnings(operator);

  // spec.namespace names the install namespace, as the IstioOperator API documents it; istioctl
  // 1.31's render only reads values.global.istioNamespace, so mesh writes it there.
  if (operator.spec.namespace) {
    const values = (operator.spec.values ??= {}) as JsonObject;
    const global = (values.global ??= {}) as JsonObject;
    global.istioNamespace = operator.spec.namespace;
  }
  const global = (operator.spec.values as JsonObject | undefined)?.global as JsonObject | undefined;
  const namespace = global?.istioNamespace;
  operator.metadata.namespace = typeof namespace === 'string' && namespace ? namespace : 'istio-system';
  if (operator.spec.revision === 'default' || operator.spec.revision === '') delete operator.spec.revision;
  return {profile, operator, warnings};
}

/**
 * The merged spec as validation sees it. istioctl's translation copies spec fields into values
 * through their text form, retyping them (`-r 123` → values.revision: 123, `hub: "0"` →
 * values.global.hub: 0), where the values schema wants strings; Helm prints either the same.
 * Such a value is validated as the spec field it came from, so a valid spec is not refused for
 * a value the user never wrote.
 */
function asValidated(tree: JsonObject): JsonObject {
  const values = tree.values;
  if (!values || typeof values !== 'object' || Array.isArray(values)) return tree;
  const copy = structuredClone(tree);
  for (const [field, target] of TRANSLATIONS) {
    const source = copy[field];
    if (source === undefined || source === null || typeof source === 'object') continue;
    const parent = dig(copy.values, ...target.slice(0, -1));
    if (!parent || typeof parent !== 'object' || Array.isArray(parent)) continue;
    const node = parent as JsonObject;
    const last = target[target.length - 1]!;
    const value = node[last];
    const retyped = value !== undefined && value !== source && typeof value !== 'object';
    if (retyped && String(value) === String(source)) node[last] = source;
  }
  return copy;
}

/**
 * A field an overlay sets to null is unset: removed from the merged spec, so later stages never
 * see null where they expect an object. Helm values keep their nulls: there a null deletes the
 * chart's default, which is Helm's meaning and the user's intent.
 */
function dropUnset(tree: JsonObject): void {
  for (const key of Object.keys(tree)) {
    const value = tree[key];
    if (value === null) delete tree[key];
    else if (key === 'values' || key === 'unvalidatedValues') continue;
    else if (typeof value === 'object' && !Array.isArray(value)) dropUnset(value);
    else if (Array.isArray(value))
      for (const item of value) if (item && typeof item === 'object' && !Array.isArray(item)) dropUnset(item);
  }
}

/** The profile is named by the last `--set profile=`, else the last file with spec.profile, else the base spec's, else "default". */
function chooseProfile(
  overlays: IstioOperator[],
  assignments: SetAssignment[],
  baseSpec?: IstioOperatorSpec,
): string {
  const fromSet = assignments
    .filter((a) => a.path.length === 1 && a.path[0]!.kind === 'key' && a.path[0]!.key === 'profile')
    .pop();
  if (fromSet) return String(fromSet.value);
  const fromFile = overlays
    .map((o) => o.spec.profile)
    .filter((p) => typeof p === 'string' && p !== '')
    .pop();
  return fromFile ?? baseSpec?.profile ?? 'default';
}
