/**
 * Pre-flight for istio-cni: some platforms keep CNI binaries and network namespaces in
 * non-standard places, and Istio ships a platform profile for each (values.global.platform:
 * gke, k3d, k3s, microk8s, minikube, openshift). When the install has CNI (ambient) and the
 * nodes say which platform this is but the value is unset, warn before anything is written.
 */
import type {Cluster} from '../cluster/client.js';
import type {K8sObject} from '../cluster/kinds.js';
import type {IstioOperator} from '../spec/types.js';
import type {Finding} from './preflight.js';

export const PLATFORMS = ['gke', 'k3d', 'k3s', 'microk8s', 'minikube', 'openshift'] as const;
export type Platform = (typeof PLATFORMS)[number];

interface NodeLike {
  metadata: {name: string; labels?: {[key: string]: string}};
  spec?: {providerID?: string};
  status?: {nodeInfo?: {kubeletVersion?: string}};
}

/** The platform the nodes (and the server's version string) reveal, with the evidence; undefined when none. */
export function detectPlatform(
  nodes: NodeLike[],
  serverVersion = '',
): {platform: Platform; evidence: string} | undefined {
  if (serverVersion.includes('-gke')) return {platform: 'gke', evidence: `server version ${serverVersion}`};
  for (const node of nodes) {
    const labels = node.metadata.labels ?? {};
    const name = node.metadata.name;
    const kubelet = node.status?.nodeInfo?.kubeletVersion ?? '';
    const label = (key: string) => `node ${name} has label ${key}`;
    if ('minikube.k8s.io/name' in labels)
      return {platform: 'minikube', evidence: label('minikube.k8s.io/name')};
    if ('microk8s.io/cluster' in labels)
      return {platform: 'microk8s', evidence: label('microk8s.io/cluster')};
    if ('node.openshift.io/os_id' in labels)
      return {platform: 'openshift', evidence: label('node.openshift.io/os_id')};
    if ('cloud.google.com/gke-nodepool' in labels)
      return {platform: 'gke', evidence: label('cloud.google.com/gke-nodepool')};
    if (kubelet.includes('+k3s')) {
      // k3d runs k3s in containers named k3d-<cluster>-…
      const k3d = name.startsWith('k3d-') || (node.spec?.providerID ?? '').startsWith('k3s://k3d-');
      return {
        platform: k3d ? 'k3d' : 'k3s',
        evidence: `node ${name} runs kubelet ${kubelet}${k3d ? ' under k3d' : ''}`,
      };
    }
  }
  return undefined;
}

/** True when the install renders istio-cni (the ambient profile, or components.cni.enabled). */
export function installsCni(operator: IstioOperator, objects: K8sObject[]): boolean {
  const cni = (operator.spec.components as {cni?: {enabled?: unknown}} | undefined)?.cni;
  return (
    cni?.enabled === true ||
    objects.some((o) => o.kind === 'DaemonSet' && o.metadata.name === 'istio-cni-node')
  );
}

export function platformFindings(
  operator: IstioOperator,
  objects: K8sObject[],
  detected: ReturnType<typeof detectPlatform>,
): Finding[] {
  if (!installsCni(operator, objects)) return [];
  const values = operator.spec.values as {global?: {platform?: unknown}} | undefined;
  const set = values?.global?.platform;
  if (!detected || (typeof set === 'string' && set !== '')) return [];
  return [
    {
      id: 'platform',
      severity: 'warning',
      message: `the cluster looks like ${detected.platform} (${detected.evidence}), but values.global.platform is unset`,
      hint: `istio-cni needs ${detected.platform}'s paths: add --set values.global.platform=${detected.platform}`,
    },
  ];
}

/** Reads the nodes and the server version; a cluster that will not say yields no finding (the other checks report access). */
export async function checkPlatform(
  cluster: Cluster,
  operator: IstioOperator,
  objects: K8sObject[],
): Promise<Finding[]> {
  if (!installsCni(operator, objects)) return [];
  try {
    const [nodes, version] = await Promise.all([
      cluster.rest.send<{items: NodeLike[]}>({method: 'GET', path: '/api/v1/nodes'}),
      cluster.rest.send<{gitVersion?: string}>({method: 'GET', path: '/version'}),
    ]);
    return platformFindings(operator, objects, detectPlatform(nodes.items, version.gitVersion));
  } catch {
    return [];
  }
}
