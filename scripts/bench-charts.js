// @ts-check
// Bench rows for the template engine (issue 11): the default profile's charts rendered by
// mesh's engine in-process (median of 20 after one warm-up; goal < 100 ms), and one cold node
// process rendering the demo profile's charts. Measured from the built library (dist/).
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {pathToFileURL} from 'node:url';
import yaml from 'js-yaml';

const DEFAULT_CHARTS = ['base', 'istio-control/istio-discovery', 'gateways/istio-ingress'];
const DEMO_CHARTS = [...DEFAULT_CHARTS, 'gateways/istio-egress'];

/**
 * The default profile's spec.values with the release hub and tag, as istioctl passes them.
 * @param {string} root
 */
function defaultValues(root) {
  const doc = /** @type {any} */ (
    yaml.load(readFileSync(join(root, 'dist/istio/profiles/default.yaml'), 'utf8'))
  );
  const values = doc?.spec?.values ?? {};
  values.global = {...values.global, hub: 'docker.io/istio', tag: '1.31.0'};
  return values;
}

const median = (/** @type {number[]} */ values) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** @param {string} root the repository root; @param {number} runs cold runs */
export async function benchCharts(root, runs) {
  const chartJs = pathToFileURL(join(root, 'dist/template/chart.js')).href;
  const {renderChart} = await import(chartJs);
  const charts = join(root, 'dist/istio/charts');
  const values = defaultValues(root);
  const once = (/** @type {string[]} */ list, /** @type {unknown} */ vals) => {
    for (const chart of list)
      renderChart(join(charts, chart), JSON.parse(JSON.stringify(vals)), {namespace: 'istio-system'});
  };
  once(DEFAULT_CHARTS, values);
  const wall = [];
  const cpu = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    once(DEFAULT_CHARTS, values);
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  const warm = median(wall);
  console.log(
    `template engine: default profile's charts (${DEFAULT_CHARTS.join(', ')}) in-process, median of 20: ` +
      `${warm.toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ms CPU (goal < 100 ms: ${warm < 100 ? 'ok' : 'MISSED'})`,
  );
  const script =
    `const {renderChart} = await import(${JSON.stringify(chartJs)});` +
    `const v = JSON.parse(process.argv[1]);` +
    `for (const c of ${JSON.stringify(DEMO_CHARTS)}) renderChart(${JSON.stringify(charts)} + '/' + c, structuredClone(v), {namespace: 'istio-system'});`;
  const demo = {...values, profile: 'demo'};
  const cold = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(demo)], {
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`cold chart render failed: ${result.stderr}`);
    cold.push(performance.now() - start);
  }
  console.log(
    `template engine, cold: one node process rendering the demo profile's charts (${DEMO_CHARTS.length}), median of ${runs}: ${median(cold).toFixed(0)} ms`,
  );
}
