// @ts-check
// Bench: Istio's render through mesh's pipeline and engine (scripts/render-istio-once.js, a cold
// node process) against istioctl's renderer (`oracle generate`, a Go binary), run pair by pair
// so both see the same machine load; the ratio per pair, its median (goal ≤ 0.45×, aim 0.3×),
// and each side's peak RSS (goal: mesh ≤ the oracle).
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {resolveOracle} from './oracle.js';

/** @param {string[]} argv @param {NodeJS.ProcessEnv} [env] */
function measure(argv, env = process.env) {
  const started = performance.now();
  const options = {encoding: /** @type {const} */ ('utf8'), maxBuffer: 1 << 28, env};
  const result = existsSync('/usr/bin/time')
    ? spawnSync('/usr/bin/time', ['-f', '%M', ...argv], options)
    : spawnSync(argv[0], argv.slice(1), options);
  const wall = performance.now() - started;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
  const rss = Number((result.stderr ?? '').trim().split('\n').pop());
  return {wall, rss: Number.isFinite(rss) ? rss : NaN};
}

/** @param {string} root @param {number} runs */
export async function benchIstioRender(root, runs, profile = 'demo') {
  console.log(
    `Istio ${profile} render, cold process: mesh (pipeline + engine) vs istioctl's renderer (oracle generate)`,
  );
  let oracle;
  try {
    oracle = await resolveOracle();
  } catch (error) {
    console.log(`  skipped: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const mesh = [process.execPath, join(root, 'scripts', 'render-istio-once.js'), profile];
  const theirs = [oracle, 'generate', '--set', `profile=${profile}`];
  // Node reads the whole NODE_EXTRA_CA_CERTS bundle before mesh runs a line (the Go oracle does
  // not): where it is set, mesh is measured both ways, so its own cost is visible.
  /** @type {[string, NodeJS.ProcessEnv][]} */
  const envs = process.env.NODE_EXTRA_CA_CERTS
    ? [
        ['as this environment runs it (NODE_EXTRA_CA_CERTS set)', process.env],
        ['mesh without NODE_EXTRA_CA_CERTS', {...process.env, NODE_EXTRA_CA_CERTS: undefined}],
      ]
    : [['', process.env]];
  const median = (/** @type {number[]} */ values) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  for (const [title, env] of envs) {
    if (title) console.log(`  ${title}:`);
    const pairs = Array.from({length: runs}, () => ({mesh: measure(mesh, env), oracle: measure(theirs)}));
    const ratios = pairs.map((pair) => pair.mesh.wall / pair.oracle.wall);
    const ratio = median(ratios);
    const meshRss = Math.max(...pairs.map((pair) => pair.mesh.rss));
    const oracleRss = Math.max(...pairs.map((pair) => pair.oracle.rss));
    console.log(
      `  mesh ${median(pairs.map((p) => p.mesh.wall)).toFixed(0)} ms, oracle ${median(pairs.map((p) => p.oracle.wall)).toFixed(0)} ms (medians of ${runs} pairs)`,
    );
    console.log(
      `  ratio per pair: ${ratios.map((r) => r.toFixed(2)).join(' ')}; median ${ratio.toFixed(2)}× (goal ≤ 0.45×: ${ratio <= 0.45 ? 'ok' : 'MISSED'})`,
    );
    console.log(
      `  peak RSS: mesh ${(meshRss / 1024).toFixed(0)} MB, oracle ${(oracleRss / 1024).toFixed(0)} MB (goal mesh ≤ oracle: ${meshRss <= oracleRss ? 'ok' : 'MISSED'})`,
    );
  }
}
