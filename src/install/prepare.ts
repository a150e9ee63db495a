/** From flags to a plan: compose (optionally over the installed state), render, one installation. */
import type {Cluster} from '../cluster/client.js';
import {installedStateObject, readInstalledState} from '../cluster/installed-state.js';
import type {K8sObject} from '../cluster/kinds.js';
import {render} from '../render/index.js';
import {installationFor, installationOf, type Installation} from '../render/installation.js';
import {composeSpec, parseSets, type ComposeInput} from '../spec/compose.js';
import type {IstioOperator} from '../spec/types.js';
import type {Finding} from './preflight.js';
import type {PlannedComponent} from './run.js';

export interface PreparedInstall {
  profile: string;
  operator: IstioOperator;
  /** The revision and install namespace the spec names: every cluster lookup of this install goes through it. */
  installation: Installation;
  components: PlannedComponent[];
  /** istioctl's validation warnings ([spec]) and the charts' NOTES warnings ([chart]): printed before anything else. */
  warnings: Finding[];
  objects: K8sObject[];
  installedState: K8sObject;
}

/** `reuseFrom` is the cluster to read the installed state from (install --reuse). */
export async function prepareInstall(input: ComposeInput, reuseFrom?: Cluster): Promise<PreparedInstall> {
  let baseSpec = input.baseSpec;
  if (reuseFrom) {
    // The installed state lives in the install namespace the flags name: compose them alone
    // first (bad input fails before the cluster is asked anything). Standard input can be
    // read once only, so `-f -` keeps to the flags' revision and the default namespace.
    parseSets(input);
    const alone = input.files?.includes('-') ? undefined : (await composeSpec(input)).operator;
    const previous = await readInstalledState(
      reuseFrom,
      alone ? installationOf(alone) : installationFor(input.revision),
    );
    baseSpec = previous?.spec;
  }
  const composed = await composeSpec({...input, baseSpec});
  const {profile, operator} = composed;
  const installation = installationOf(operator);
  const rendered = await render(operator);
  const {components} = rendered;
  const warnings = warningFindings(composed.warnings, rendered.warnings);
  return {
    profile,
    operator,
    installation,
    components: components as PlannedComponent[],
    warnings,
    objects: components.flatMap((c) => c.objects),
    installedState: installedStateObject(operator, installation),
  };
}

/** The one kind of spec warning there is: a fixed replica count beside an autoscaler. */
const SPEC_HINT =
  'the HorizontalPodAutoscaler sets the replicas: drop k8s.replicaCount, or set autoscaleEnabled to false';

/**
 * istioctl's validation warnings ([spec]) and the charts' NOTES warnings ([chart]) as pre-flight
 * findings, so that every command prints them alike (`! [spec] …`).
 */
export function warningFindings(spec: string[], chart: string[]): Finding[] {
  const warning =
    (id: string, hint?: string) =>
    (message: string): Finding => ({
      id,
      severity: 'warning',
      message,
      ...(hint ? {hint} : {}),
    });
  return [...spec.map(warning('spec', SPEC_HINT)), ...chart.map(warning('chart'))];
}

/** The objects of an installation's previous installed state, rendered as it was (what --atomic puts back). */
export async function previousObjects(
  cluster: Cluster,
  installation: Installation,
): Promise<K8sObject[] | undefined> {
  const previous = await readInstalledState(cluster, installation);
  return previous
    ? (await prepareInstall({baseSpec: previous.spec, revision: installation.revision})).objects
    : undefined;
}
