/** From flags to a plan: compose (optionally over the installed state), render, owner selector. */
import type {Cluster} from '../cluster/client.js';
import {installedStateObject, readInstalledState} from '../cluster/installed-state.js';
import {ownerSelector} from '../render/labels.js';
import type {K8sObject} from '../cluster/kinds.js';
import {render} from '../render/index.js';
import {composeSpec, parseSets, type ComposeInput} from '../spec/compose.js';
import type {IstioOperator} from '../spec/types.js';
import type {PlannedComponent} from './run.js';

export interface PreparedInstall {
  profile: string;
  operator: IstioOperator;
  namespace: string;
  revision: string;
  components: PlannedComponent[];
  /** The charts' NOTES warnings (istioctl prints them before it installs). */
  warnings: string[];
  objects: K8sObject[];
  ownerSelector: string;
  installedState: K8sObject;
}

/** `reuseFrom` is the cluster to read the installed state from (install --reuse). */
export async function prepareInstall(input: ComposeInput, reuseFrom?: Cluster): Promise<PreparedInstall> {
  let baseSpec = input.baseSpec;
  if (reuseFrom) {
    // The installed state lives in the install namespace the flags name: compose them alone
    // first (bad input fails before the cluster is asked anything). Standard input can be
    // read once only, so `-f -` keeps to the flags' revision and istio-system.
    parseSets(input);
    const alone = input.files?.includes('-') ? undefined : (await composeSpec(input)).operator;
    const revision = alone?.spec.revision ?? input.revision ?? 'default';
    const previous = await readInstalledState(
      reuseFrom,
      revision,
      alone?.metadata.namespace ?? 'istio-system',
    );
    baseSpec = previous?.spec;
  }
  const {profile, operator} = await composeSpec({...input, baseSpec});
  const namespace = operator.metadata.namespace ?? 'istio-system';
  const {components, warnings} = await render(operator);
  return {
    profile,
    operator,
    namespace,
    revision: operator.spec.revision || 'default',
    components: components as PlannedComponent[],
    warnings,
    objects: components.flatMap((c) => c.objects),
    ownerSelector: ownerSelector(operator.spec.revision, namespace),
    installedState: installedStateObject(operator, namespace),
  };
}

/** The objects of this revision's previous installed state, rendered as it was (what --atomic puts back). */
export async function previousObjects(
  cluster: Cluster,
  revision: string,
  namespace: string,
): Promise<K8sObject[] | undefined> {
  const previous = await readInstalledState(cluster, revision, namespace);
  return previous ? (await prepareInstall({baseSpec: previous.spec, revision})).objects : undefined;
}
