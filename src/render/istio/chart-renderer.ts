/**
 * The seam between the pipeline and a Helm-compatible engine: render one chart directory with
 * values, answering {template file → text} as Helm's engine.Render does. Production uses
 * mesh's own engine (src/template); the parity tests plug in the oracle (Helm's Go engine).
 */
import type {Obj} from '../types.js';

export interface ChartRenderOptions {
  namespace: string;
  releaseName: string;
  /** Kubernetes minor version the chart sees as .Capabilities.KubeVersion (1.<minor>.0). */
  kubeMinor: number;
}

export interface ChartRenderer {
  /** `chart` is the directory under the exported charts/, e.g. "istio-control/istio-discovery". */
  render(chart: string, values: Obj, options: ChartRenderOptions): Promise<Map<string, string>>;
}

/** istioctl 1.31's MinK8SVersion: the KubeVersion its charts see when no cluster is asked. */
export const ISTIO_MIN_KUBE_MINOR = 32;
