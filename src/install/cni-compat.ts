/**
 * Pre-flight: CNI settings that break Istio's traffic capture, as istioctl 1.31 detects them
 * (operator/pkg/apis/validation detectCniIncompatibility): Calico's connect-time load balancing
 * sends traffic straight to the backend pod, Cilium's exclusive CNI mode overwrites istio-cni's
 * configuration, its BPF masquerading breaks ambient, and its socket load balancing outside the
 * host namespace bypasses the proxies. The messages are istioctl's. Errors, unless --force
 * (istioctl's "continuing because of --force").
 */
import {readObject} from '../cluster/apply.js';
import type {Cluster} from '../cluster/client.js';
import type {IstioOperator} from '../spec/types.js';
import type {Finding} from './preflight.js';

const FELIX = {
  apiVersion: 'projectcalico.org/v3',
  kind: 'FelixConfiguration',
  metadata: {name: 'default'},
};
const CILIUM = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {name: 'cilium-config', namespace: 'kube-system'},
};

export interface CniSettings {
  /** Calico's FelixConfiguration "default" spec, when Calico runs. */
  felix?: {[key: string]: unknown};
  /** Cilium's kube-system/cilium-config data, when Cilium runs. */
  cilium?: {[key: string]: string};
}

/** istioctl's messages for what the settings break, given the components this install enables. */
export function cniIncompatibilities(
  settings: CniSettings,
  enabled: {cni: boolean; ztunnel: boolean},
): string[] {
  const found: string[] = [];
  const {felix, cilium} = settings;
  if (felix) {
    const mode = felix.bpfConnectTimeLoadBalancing;
    if (typeof mode === 'string' && mode !== 'Disabled')
      found.push(
        `detected Calico CNI with 'bpfConnectTimeLoadBalancing=${mode}'; this must be set to 'bpfConnectTimeLoadBalancing=Disabled' in the Calico configuration`,
      );
    if (felix.bpfConnectTimeLoadBalancingEnabled === true)
      found.push(
        "detected Calico CNI with 'bpfConnectTimeLoadBalancingEnabled=true'; this must be set to 'bpfConnectTimeLoadBalancingEnabled=false' in the Calico configuration",
      );
  }
  if (cilium) {
    if (enabled.cni && cilium['cni-exclusive'] === 'true')
      found.push(
        "detected Cilium CNI with 'cni-exclusive=true'; this must be set to 'cni-exclusive=false' in the Cilium configuration",
      );
    if (enabled.ztunnel && cilium['enable-bpf-masquerade'] === 'true')
      found.push(
        "detected Cilium CNI with 'enable-bpf-masquerade=true'; this must be set to 'false' when using ambient mode",
      );
    const hostnsOnly = cilium['bpf-lb-sock-hostns-only'] === 'true';
    if (cilium['bpf-lb-sock'] === 'true' && !hostnsOnly)
      found.push(
        "detected Cilium CNI with 'bpf-lb-sock=true'; this requires 'bpf-lb-sock-hostns-only=true' to be set",
      );
    if (cilium['kube-proxy-replacement'] === 'strict' && !hostnsOnly)
      found.push(
        "detected Cilium CNI with 'kube-proxy-replacement=strict' and 'bpf-lb-sock-hostns-only=false'; please set 'bpf-lb-sock-hostns-only=true' to avoid conflicts with Istio",
      );
  }
  return found;
}

/** Reads Calico's and Cilium's settings (absent or unreadable: not checked, as istioctl) and reports each incompatibility. */
export async function checkCniCompatibility(
  cluster: Cluster,
  operator: IstioOperator,
  force = false,
): Promise<Finding[]> {
  const read = (object: typeof FELIX | typeof CILIUM) => readObject(cluster, object).catch(() => undefined);
  const [felix, cilium] = await Promise.all([read(FELIX), read(CILIUM)]);
  const components = operator.spec.components as
    {cni?: {enabled?: unknown}; ztunnel?: {enabled?: unknown}} | undefined;
  const messages = cniIncompatibilities(
    {
      felix: felix?.spec as CniSettings['felix'],
      cilium: cilium?.data as CniSettings['cilium'],
    },
    {cni: components?.cni?.enabled === true, ztunnel: components?.ztunnel?.enabled === true},
  );
  return messages.map((message) => ({
    id: 'cni.compatibility',
    severity: force ? 'warning' : 'error',
    message: force ? `${message}; continuing because of --force` : message,
    hint: 'change the CNI setting named above, then re-run',
  }));
}
