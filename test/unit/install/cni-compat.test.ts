import {describe, expect, it} from 'vitest';
import {cniIncompatibilities} from '../../../src/install/cni-compat.js';

const none = {cni: false, ztunnel: false};
const ambient = {cni: true, ztunnel: true};

describe("istioctl's CNI incompatibilities", () => {
  it('Calico: connect-time load balancing on, in either field', () => {
    expect(cniIncompatibilities({felix: {bpfConnectTimeLoadBalancing: 'TCP'}}, none)).toEqual([
      "detected Calico CNI with 'bpfConnectTimeLoadBalancing=TCP'; this must be set to 'bpfConnectTimeLoadBalancing=Disabled' in the Calico configuration",
    ]);
    expect(cniIncompatibilities({felix: {bpfConnectTimeLoadBalancingEnabled: true}}, none)).toEqual([
      "detected Calico CNI with 'bpfConnectTimeLoadBalancingEnabled=true'; this must be set to 'bpfConnectTimeLoadBalancingEnabled=false' in the Calico configuration",
    ]);
    expect(cniIncompatibilities({felix: {bpfConnectTimeLoadBalancing: 'Disabled'}}, ambient)).toEqual([]);
    expect(cniIncompatibilities({felix: {}}, ambient)).toEqual([]);
  });

  it('Cilium: exclusive CNI and BPF masquerading only matter to istio-cni and ztunnel', () => {
    const cilium = {'cni-exclusive': 'true', 'enable-bpf-masquerade': 'true'};
    expect(cniIncompatibilities({cilium}, none)).toEqual([]);
    expect(cniIncompatibilities({cilium}, ambient)).toEqual([
      "detected Cilium CNI with 'cni-exclusive=true'; this must be set to 'cni-exclusive=false' in the Cilium configuration",
      "detected Cilium CNI with 'enable-bpf-masquerade=true'; this must be set to 'false' when using ambient mode",
    ]);
  });

  it('Cilium: socket load balancing needs hostns-only, whatever is installed', () => {
    expect(
      cniIncompatibilities({cilium: {'bpf-lb-sock': 'true', 'kube-proxy-replacement': 'strict'}}, none),
    ).toEqual([
      "detected Cilium CNI with 'bpf-lb-sock=true'; this requires 'bpf-lb-sock-hostns-only=true' to be set",
      "detected Cilium CNI with 'kube-proxy-replacement=strict' and 'bpf-lb-sock-hostns-only=false'; please set 'bpf-lb-sock-hostns-only=true' to avoid conflicts with Istio",
    ]);
    expect(
      cniIncompatibilities(
        {
          cilium: {
            'bpf-lb-sock': 'true',
            'kube-proxy-replacement': 'strict',
            'bpf-lb-sock-hostns-only': 'true',
          },
        },
        none,
      ),
    ).toEqual([]);
    expect(cniIncompatibilities({cilium: {'kube-proxy-replacement': 'true'}}, none)).toEqual([]);
  });
});
