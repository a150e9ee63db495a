/** The production ChartRenderer: mesh's own Helm-compatible engine over the exported charts. */
import {renderChart} from '../../template/chart.js';
import type {ChartRenderer} from './chart-renderer.js';
import {istioPath} from '../../istio-dir.js';

export function engineRenderer(): ChartRenderer {
  return {
    render: (chart, values, options) =>
      Promise.resolve(
        renderChart(istioPath('charts', chart), values, {
          namespace: options.namespace,
          releaseName: options.releaseName,
          kubeMinor: options.kubeMinor,
        }),
      ),
  };
}
