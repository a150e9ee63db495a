/**
 * Reads everything `describe` needs for one pod from the cluster, in one go, into a plain-JSON
 * Snapshot. An Istio API that is not served (its CRD is not installed) reads as an empty list.
 */
import yaml from 'js-yaml';
import {connect, type Cluster, type ClusterOptions} from '../cluster/client.js';
import {clusterError, isNotFound, networkCause} from '../cluster/failures.js';
import {MeshError} from '../errors.js';
import {parsePodRef} from './match.js';
import {podRevision} from './pod.js';
import {
  DEFAULT_ISTIO_NAMESPACE,
  rootNamespaceOf,
  type KubeObject,
  type MeshConfig,
  type Pod,
  type Snapshot,
} from './types.js';

export interface SnapshotOptions {
  pod: string;
  namespace: string;
  /** Where Istio is installed (its `istio` ConfigMap); the root namespace unless meshConfig says otherwise. */
  istioNamespace?: string;
}

/** The failure as every command words it (a read: no re-run hint). */
function kubeError(what: string, error: unknown): MeshError {
  return clusterError(error, `read ${what}`);
}

async function listIstio<T extends KubeObject>(
  cluster: Cluster,
  apiVersion: string,
  kind: string,
  namespace?: string,
): Promise<T[]> {
  try {
    const path = await cluster.rest.pathOf({apiVersion, kind, metadata: {namespace}}, false);
    const list = await cluster.rest.send<{items?: T[]}>({method: 'GET', path});
    return (list.items ?? []).map((item) => ({...item, apiVersion, kind}));
  } catch (error) {
    // 404: the API group is not served, or the group is and the kind is not.
    if (isNotFound(error)) return [];
    throw kubeError(`${kind} resources`, error);
  }
}

async function readMeshConfig(
  cluster: Cluster,
  namespace: string,
  revision: string | undefined,
): Promise<MeshConfig> {
  const names = revision && revision !== 'default' ? [`istio-${revision}`, 'istio'] : ['istio'];
  for (const name of names) {
    let data: {[key: string]: string} | undefined;
    try {
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${encodeURIComponent(name)}`;
      data = (await cluster.rest.send<{data?: {[key: string]: string}}>({method: 'GET', path})).data;
    } catch (error) {
      if (isNotFound(error)) continue;
      throw kubeError(`ConfigMap ${namespace}/${name}`, error);
    }
    const text = data?.['mesh'];
    if (text === undefined) continue;
    try {
      const parsed = yaml.load(text);
      return parsed && typeof parsed === 'object' ? (parsed as MeshConfig) : {};
    } catch (error) {
      throw new MeshError(
        'bad-mesh-config',
        `ConfigMap ${namespace}/${name}: key "mesh" is not valid YAML: ${(error as Error).message}`,
        {
          hint: `check it with: kubectl get configmap ${name} -n ${namespace} -o yaml`,
        },
      );
    }
  }
  return {};
}

/** False only on a 404: a user who may read pods but not namespaces gets the pod-not-found message. */
async function namespaceExists(cluster: Cluster, name: string): Promise<boolean> {
  try {
    await cluster.rest.send({method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(name)}`});
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    if (networkCause(error)) throw kubeError(`namespace ${name}`, error);
    return true;
  }
}

/** The namespace of the kubeconfig's current context, else `default` (what kubectl uses). */
export function contextNamespace(cluster: Cluster): string {
  return cluster.namespace;
}

export async function loadSnapshot(cluster: Cluster, options: SnapshotOptions): Promise<Snapshot> {
  const {namespace} = options;
  let pod: Pod;
  try {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(options.pod)}`;
    pod = await cluster.rest.send<Pod>({method: 'GET', path});
  } catch (error) {
    if (isNotFound(error)) {
      if (!(await namespaceExists(cluster, namespace))) {
        throw new MeshError('namespace-not-found', `namespace "${namespace}" not found`, {
          hint: 'list namespaces with: kubectl get namespaces; name the pod as <pod>.<namespace> or pass -n',
        });
      }
      throw new MeshError('pod-not-found', `pod "${options.pod}" not found in namespace "${namespace}"`, {
        hint: `list pods with: kubectl get pods -n ${namespace}; name another namespace with -n or <pod>.<namespace>`,
      });
    }
    throw kubeError(`pod ${namespace}/${options.pod}`, error);
  }

  const istioNamespace = options.istioNamespace ?? DEFAULT_ISTIO_NAMESPACE;
  const meshConfig = await readMeshConfig(cluster, istioNamespace, podRevision(pod));
  const rootNs = rootNamespaceOf({meshConfig, rootNamespace: istioNamespace});
  const scoped = rootNs === namespace ? [namespace] : [rootNs, namespace];
  const inScope = async <T extends KubeObject>(apiVersion: string, kind: string) =>
    (await Promise.all(scoped.map((ns) => listIstio<T>(cluster, apiVersion, kind, ns)))).flat();

  let services;
  try {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/services`;
    services = (await cluster.rest.send<{items: Snapshot['services']}>({method: 'GET', path})).items;
  } catch (error) {
    throw kubeError(`Services in namespace ${namespace}`, error);
  }
  const [destinationRules, virtualServices, peerAuthentications, telemetries] = await Promise.all([
    listIstio<Snapshot['destinationRules'][number]>(cluster, 'networking.istio.io/v1', 'DestinationRule'),
    listIstio<Snapshot['virtualServices'][number]>(cluster, 'networking.istio.io/v1', 'VirtualService'),
    inScope<Snapshot['peerAuthentications'][number]>('security.istio.io/v1', 'PeerAuthentication'),
    inScope<Snapshot['telemetries'][number]>('telemetry.istio.io/v1', 'Telemetry'),
  ]);
  return {
    pod,
    services,
    destinationRules,
    virtualServices,
    peerAuthentications,
    telemetries,
    meshConfig,
    rootNamespace: istioNamespace,
  };
}

/**
 * connect(), resolve `<pod>[.<namespace>]` (default namespace: -n, else the context's), then
 * loadSnapshot(): what the commands call.
 */
export async function readSnapshot(
  options: ClusterOptions & {podRef: string; namespace?: string; istioNamespace?: string},
): Promise<Snapshot> {
  const cluster = await connect({kubeconfig: options.kubeconfig, context: options.context});
  const {name, namespace} = parsePodRef(options.podRef, options.namespace ?? contextNamespace(cluster));
  return loadSnapshot(cluster, {pod: name, namespace, istioNamespace: options.istioNamespace});
}
