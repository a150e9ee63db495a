/**
 * Reads everything `describe` needs for one pod from the cluster, in one go, into a plain-JSON
 * Snapshot. An Istio API that is not served (its CRD is not installed) reads as an empty list.
 */
import yaml from 'js-yaml';
import {STATUS_CODES} from 'node:http';
import {clusterError, networkCause} from '../cluster/apply.js';
import {apiFailure, connect, type Cluster, type ClusterOptions} from '../cluster/client.js';
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

/** Plain API JSON: client-node returns class instances with Date objects. */
function plain<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** One line for a refused or unresolvable connection: the server and the socket error, no request URL. */
function unreachable(cluster: Cluster, error: unknown): MeshError | undefined {
  const cause = networkCause(error);
  if (!cause) return undefined;
  // client-node's FetchError: "request to <url> failed, reason: connect ECONNREFUSED 127.0.0.1:6443".
  const reason = /reason: (.+)$/.exec((error as Error)?.message ?? '')?.[1] ?? cause;
  return new MeshError('cluster-unreachable', `cluster unreachable at ${cluster.server}: ${reason}`, {
    hint: 'check that the cluster is running and that --kubeconfig/--context point at it',
    cause: error,
  });
}

/**
 * client-node's ApiException reduced to what apiFailure() reads: its code and the apiserver's Status
 * body. Its own message holds the response headers (and, for a 401, is all there is), so it is
 * replaced by the HTTP status text; the result is one line.
 */
function apiError(error: unknown): unknown {
  const e = error as {code?: unknown; body?: unknown} | undefined;
  if (typeof e?.code !== 'number') return error;
  const text = STATUS_CODES[e.code] ?? `HTTP ${e.code}`;
  const f = apiFailure({code: e.code, body: e.body, message: text});
  return {code: e.code, body: {reason: f.reason, message: f.message.replace(/\s+/g, ' ').trim() || text}};
}

/** The apiserver's refusal as clusterError() words it (401, 403: what to do); a read has nothing to re-run. */
function kubeError(cluster: Cluster, what: string, error: unknown): MeshError {
  const down = unreachable(cluster, error);
  if (down) return down;
  const mapped = clusterError(apiError(error), `read ${what}`);
  return mapped.code === 'api-error' ? new MeshError(mapped.code, mapped.message) : mapped;
}

async function listIstio<T extends KubeObject>(
  cluster: Cluster,
  apiVersion: string,
  kind: string,
  namespace?: string,
): Promise<T[]> {
  try {
    const list = await cluster.objects.list(apiVersion, kind, namespace);
    return plain<T[]>(list.items);
  } catch (error) {
    // 404 on discovery: the API group is not served; "Unrecognized": the group is, the kind is not.
    if (
      apiFailure(error).code === 404 ||
      /Unrecognized API version and kind/.test(String((error as Error)?.message))
    )
      return [];
    throw kubeError(cluster, `${kind} resources`, error);
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
      data = (await cluster.core.readNamespacedConfigMap({name, namespace})).data;
    } catch (error) {
      if (apiFailure(error).code === 404) continue;
      throw kubeError(cluster, `ConfigMap ${namespace}/${name}`, error);
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
    await cluster.core.readNamespace({name});
    return true;
  } catch (error) {
    if (apiFailure(error).code === 404) return false;
    const down = unreachable(cluster, error);
    if (down) throw down;
    return true;
  }
}

/** The namespace of the kubeconfig's current context, else `default` (what kubectl uses). */
export function contextNamespace(cluster: Cluster): string {
  return cluster.config.getContextObject(cluster.contextName)?.namespace ?? 'default';
}

export async function loadSnapshot(cluster: Cluster, options: SnapshotOptions): Promise<Snapshot> {
  const {namespace} = options;
  let pod: Pod;
  try {
    pod = plain<Pod>(await cluster.core.readNamespacedPod({name: options.pod, namespace}));
  } catch (error) {
    if (apiFailure(error).code === 404) {
      if (!(await namespaceExists(cluster, namespace))) {
        throw new MeshError('namespace-not-found', `namespace "${namespace}" not found`, {
          hint: 'list namespaces with: kubectl get namespaces; name the pod as <pod>.<namespace> or pass -n',
        });
      }
      throw new MeshError('pod-not-found', `pod "${options.pod}" not found in namespace "${namespace}"`, {
        hint: `list pods with: kubectl get pods -n ${namespace}; name another namespace with -n or <pod>.<namespace>`,
      });
    }
    throw kubeError(cluster, `pod ${namespace}/${options.pod}`, error);
  }

  const istioNamespace = options.istioNamespace ?? DEFAULT_ISTIO_NAMESPACE;
  const meshConfig = await readMeshConfig(cluster, istioNamespace, podRevision(pod));
  const rootNs = rootNamespaceOf({meshConfig, rootNamespace: istioNamespace});
  const scoped = rootNs === namespace ? [namespace] : [rootNs, namespace];
  const inScope = async <T extends KubeObject>(apiVersion: string, kind: string) =>
    (await Promise.all(scoped.map((ns) => listIstio<T>(cluster, apiVersion, kind, ns)))).flat();

  let services;
  try {
    services = plain<Snapshot['services']>((await cluster.core.listNamespacedService({namespace})).items);
  } catch (error) {
    throw kubeError(cluster, `Services in namespace ${namespace}`, error);
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
