/**
 * From the user's IstioOperator to the merged one istioctl renders from (operator/pkg/render
 * MergeInputs and translateIstioOperatorToHelm): Istio's default profile, then the named
 * profile, then the release's hub and tag, then the user's tree; then spec-level settings are
 * copied into Helm values and the user's own `values` are applied again so they win.
 *
 * One deliberate difference: the gateway lists merge by `name` with the profile's (istioctl
 * replaces the whole list), so adding a gateway does not silently drop the default one.
 */
import yaml from 'js-yaml';
import {readdirSync} from 'node:fs';
import {MeshError} from '../errors.js';
import {didYouMean} from './suggest.js';
import {DEFAULT_HUB} from '../version.js';
import {istioPath, readIstioFile} from '../istio-dir.js';
import {clone, getPath, isObj, mergeFrom, setPath, type Obj} from './tree.js';
import {applyAssignments, userTree} from './user-tree.js';
import type {Problem} from './problems.js';
import type {SetAssignment} from './set-value.js';

export function listIstioProfiles(): string[] {
  return readdirSync(istioPath('profiles'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort();
}

/** One profile file as Istio ships it (not merged over default). */
export function readIstioProfile(name: string): Obj {
  const known = listIstioProfiles();
  if (!known.includes(name)) {
    const hint =
      name === 'external'
        ? '"external" profile has been removed, use "remote" profile instead'
        : `available profiles: ${known.join(', ')}; or pass an IstioOperator file with -f`;
    throw new MeshError('unknown-profile', `unknown profile "${name}"${didYouMean(name, known)}`, {hint});
  }
  const document = yaml.load(readIstioFile('profiles', `${name}.yaml`));
  return isObj(document) ? document : {};
}

/** default.yaml, with the named profile merged over it (maps merge, lists replace). */
export function profileBase(name: string): Obj {
  const base = readIstioProfile('default');
  if (name !== 'default') mergeFrom(base, readIstioProfile(name));
  return base;
}

const GATEWAY_LISTS = ['ingressGateways', 'egressGateways'];

/** Merges the user's tree over the profile's: as istioctl, except gateway lists merge by name. */
function mergeUser(base: Obj, user: Obj): void {
  const baseComponents = getPath(base, ['spec', 'components']);
  const userComponents = getPath(user, ['spec', 'components']);
  const byName = new Map<string, unknown[]>();
  if (isObj(baseComponents) && isObj(userComponents)) {
    for (const list of GATEWAY_LISTS) {
      const ours = baseComponents[list];
      const theirs = userComponents[list];
      if (Array.isArray(ours) && Array.isArray(theirs)) byName.set(list, mergeGatewaysByName(ours, theirs));
    }
  }
  mergeFrom(base, user);
  for (const [list, merged] of byName) setPath(base, ['spec', 'components', list], merged);
}

function mergeGatewaysByName(base: unknown[], overlay: unknown[]): unknown[] {
  const merged = clone(base);
  for (const item of overlay) {
    const name = isObj(item) ? item.name : undefined;
    const at = merged.findIndex(
      (existing) => isObj(existing) && name !== undefined && existing.name === name,
    );
    if (at >= 0 && isObj(item)) mergeFrom(merged[at] as Obj, item);
    else merged.push(clone(item));
  }
  return merged;
}

export interface HubTag {
  hub: string;
  tag: string;
}

/** What a released istioctl stamps: docker.io/istio and the release tag of the exported charts (never the profiles' test hub). */
export function releaseHubTag(): HubTag {
  return {hub: DEFAULT_HUB, tag: readIstioFile('VERSION').trim()};
}

/**
 * The merged IstioOperator for the user's -f documents and --set assignments. As istioctl,
 * except that --set applies after the profile (so `components.ingressGateways[0]` is the
 * profile's first gateway, not a new list) and gateway lists merge by name. Pure.
 * A --set that does not apply is thrown, or with `problems` reported there and left out, so
 * the caller can go on to validate the rest.
 */
export function mergeInputs(
  documents: readonly Obj[],
  sets: readonly SetAssignment[],
  hubTag: HubTag = releaseHubTag(),
  problems?: Problem[],
  /** Runs on the merged tree before the Helm translation (mesh's compose drops unset fields there). */
  beforeTranslate?: (merged: Obj) => void,
): Obj {
  const user = userTree(documents);
  const profile = profileName(user, sets);
  const base = profileBase(profile);
  setPath(base, ['spec', 'hub'], hubTag.hub);
  setPath(base, ['spec', 'tag'], hubTag.tag);
  mergeUser(base, user);
  const failed = applyAssignments(base, sets, problems);
  setPath(base, ['spec', 'profile'], profile);
  beforeTranslate?.(base);
  translateToHelm(base);
  // The user's own values win over what the translation wrote (istioctl re-merges them last).
  const userValues = {spec: {values: clone(getPath(user, ['spec', 'values']) ?? {})}};
  applyAssignments(
    userValues,
    sets.filter(
      (set) => set.path[0]?.kind === 'key' && set.path[0].key === 'values' && !failed.includes(set),
    ),
    problems,
  );
  mergeFrom(base, userValues);
  return base;
}

function profileName(user: Obj, sets: readonly SetAssignment[]): string {
  const fromSet = sets
    .filter((set) => set.path.length === 1 && set.path[0]!.kind === 'key' && set.path[0]!.key === 'profile')
    .pop();
  const fromFile = getPath(user, ['spec', 'profile']);
  const name = fromSet?.value ?? fromFile;
  return typeof name === 'string' && name !== '' ? name : 'default';
}

/** spec-level settings that istioctl copies into Helm values before rendering. */
export const TRANSLATIONS: ReadonlyArray<[string, string[]]> = [
  ['hub', ['global', 'hub']],
  ['tag', ['global', 'tag']],
  ['revision', ['revision']],
  ['meshConfig', ['meshConfig']],
  ['compatibilityVersion', ['compatibilityVersion']],
];

function translateToHelm(base: Obj): void {
  for (const [field, target] of TRANSLATIONS) {
    const value = getPath(base, ['spec', field]);
    if (value === undefined) continue;
    if (isObj(value)) {
      mergeFrom(base, {spec: {values: {meshConfig: value}}});
      continue;
    }
    // istioctl writes these through its `path=value` text form: a value is re-read from its text.
    setPath(base, ['spec', 'values', ...target], retyped(target, value));
  }
  setPath(
    base,
    ['spec', 'values', 'pilot', 'enabled'],
    getPath(base, ['spec', 'components', 'pilot', 'enabled']) === true,
  );
  setPath(
    base,
    ['spec', 'values', 'pilot', 'cni', 'enabled'],
    getPath(base, ['spec', 'components', 'cni', 'enabled']) === true,
  );
  const istioNamespace = getPath(base, ['spec', 'values', 'global', 'istioNamespace']);
  if (typeof istioNamespace === 'string' && istioNamespace !== '')
    setPath(base, ['metadata', 'namespace'], istioNamespace);
}

/** Go's %v of the value, typed back as a --set value (tag and compatibilityVersion stay text). */
function retyped(target: string[], value: unknown): unknown {
  const text = value === null ? '<nil>' : String(value);
  const key = target.join('.');
  if (key === 'global.tag' || key === 'compatibilityVersion') return text;
  if (typeof value === 'string' && /^[+-]?[0-9.]+$/.test(value) && !Number.isNaN(Number(value)))
    return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
