#!/usr/bin/env node
// @ts-check
// `npm run bench` (after `npm run build`): timing goals that do not belong in tests.
//
//   node scripts/bench.js [--render-only] [--runs N]
//
// Render (no cluster needed):
//  1. Cold start: `profile list` and `profile dump demo` (goal ≤ 150 ms), `manifest generate` for
//     each profile (goal for demo ≤ 250 ms); each a fresh `node bin/run.js` process, N runs
//     (default 10), median and min–max of the wall time, the median CPU time (with
//     /usr/bin/time) and `node -e 0` as the floor no CLI can go below on this machine.
//  2. Scale: render() plus YAML for 0, 50, 100 and 200 added ingress gateways in-process from
//     dist/render/index.js (goal: 200 in < 1 s), with the time per added gateway to show the
//     growth is linear.
//  3. Peak RSS of `manifest generate --set profile=demo` (/usr/bin/time -v, else the child's
//     process.resourceUsage()).
//  4. Import graph: @kubernetes/client-node (~300 ms to import) must not load for the profile
//     and manifest commands; a module-resolve hook in each child reports it if it does.
// Install (on the local control plane, inside the loopback-only namespace; skipped with a note
// when the control-plane binaries are not built, or with --render-only): wall time of a default
// install to all-Ready, API requests made (watch streams excluded) against objects + components
// (goal: requests ≤ objects + components) with a breakdown of what they were for, time from the
// last object Ready to the command returning (goal ≤ 300 ms), and a second, idempotent install
// (goal < 1 s). A fresh install cannot go below objects + 5: one apply per object, the
// installed-state, and the four reads pre-flight must make before any write (version, namespace
// state, one rules review, the webhook list); prune's label lists come on top (one per kind
// mesh renders, the webhooks excepted: pre-flight listed them).
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {benchCharts} from './bench-charts.js';
import {benchIstioRender} from './lib/bench-istio-render.js';
import {benchHostile} from './bench-hostile.js';
import {resolveBinDir, startControlPlane} from './lib/controlplane.js';
import {runIsolated} from './netns.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'run.js');
/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** @param {number} value */
const ms = (value) => `${value.toFixed(0)} ms`;
/** @param {boolean} ok */
const verdict = (ok) => (ok ? 'ok' : 'MISSED');
/** @param {number} kilobytes */
const mb = (kilobytes) => `${(kilobytes / 1024).toFixed(0)} MB`;
/** @param {number[]} values @param {(value: number) => string} [unit] */
const range = (values, unit = ms) => `${unit(Math.min(...values))}–${unit(Math.max(...values))}`;

const args = process.argv.slice(2);
const renderOnly = args.includes('--render-only');
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;
const PROFILES = ['default', 'demo', 'minimal', 'empty', 'preview'];
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

if (process.env.MESH_NETNS !== '1') {
  if (!existsSync(join(root, 'dist', 'render', 'index.js'))) {
    console.error('bench: dist/ is missing; run `npm run build` first (npm run bench does)');
    process.exit(1);
  }
  if (!Number.isInteger(RUNS) || RUNS < 1) {
    console.error('bench: --runs needs a positive integer');
    process.exit(1);
  }
  await benchRender();
  await benchHostile(root);
  console.log('');
  await benchCharts(root, RUNS);
  console.log('');
  await benchIstioRender(root, RUNS);
  console.log('');
  if (renderOnly) console.log('install: skipped (--render-only)');
  else {
    const binDir = await builtBinDir();
    if (!binDir) {
      console.log(
        'install: skipped: the local control plane is not built (scripts/build-controlplane.sh builds it, ~8 min; or set MESH_CONTROLPLANE_BIN)',
      );
    } else {
      process.exitCode = await runIsolated([process.execPath, fileURLToPath(import.meta.url)], {
        cwd: root,
        env: {MESH_CONTROLPLANE_BIN: binDir},
      });
    }
  }
} else {
  await benchInstall();
}

// ---------------------------------------------------------------- render

async function benchRender() {
  console.log(`cold start: a fresh node process per run, ${RUNS} runs each`);
  console.log(
    `(wall time; CPU = the child's user + sys time${TIME ? '' : ', not measured: no /usr/bin/time'}; \`node -e 0\` is Node's own floor)`,
  );
  // Node reads the whole NODE_EXTRA_CA_CERTS bundle at start (~35 ms here) before mesh runs a line:
  // where it is set, the table is measured both ways, so mesh's own cost is visible.
  /** @type {[string, NodeJS.ProcessEnv][]} */
  const envs = process.env.NODE_EXTRA_CA_CERTS
    ? [
        ['as this environment runs it (NODE_EXTRA_CA_CERTS set)', process.env],
        ['without NODE_EXTRA_CA_CERTS', {...process.env, NODE_EXTRA_CA_CERTS: undefined}],
      ]
    : [['', process.env]];
  for (const [title, env] of envs) {
    if (title) console.log(title);
    /** @type {string[][]} */
    const rows = [];
    /** @param {string} label @param {string[]} argv @param {number | undefined} goal @param {boolean} [withoutBin] */
    const cold = (label, argv, goal, withoutBin = false) => {
      const runs = Array.from({length: RUNS}, () => timeProcess(argv, withoutBin, env));
      const times = runs.map((run) => run.wall);
      const m = median(times);
      const cpu = TIME ? ms(median(runs.map((run) => run.cpu))) : '';
      rows.push([label, ms(m), range(times), cpu, goal ? `≤ ${goal} ms: ${verdict(m <= goal)}` : '']);
    };
    cold('node -e 0', ['-e', '0'], undefined, true);
    cold('profile list', ['profile', 'list'], 150);
    cold('profile dump demo', ['profile', 'dump', 'demo'], 150);
    for (const profile of PROFILES) {
      cold(
        `manifest generate --set profile=${profile}`,
        ['manifest', 'generate', '--set', `profile=${profile}`],
        profile === 'demo' ? 250 : undefined,
      );
    }
    printTable(['command', 'median', 'min–max', 'CPU', 'goal'], rows);
  }

  console.log('');
  await benchGateways();

  console.log('');
  const rss = peakRss(['manifest', 'generate', '--set', 'profile=demo']);
  console.log(
    `peak RSS of manifest generate --set profile=demo: median ${mb(median(rss.values))} (${range(rss.values, mb)}) over ${rss.values.length} runs, by ${rss.how}`,
  );

  console.log('');
  checkImportGraph();
}

/**
 * Wall time (and, with /usr/bin/time, CPU time) of one `node bin/run.js <argv>` process, stdout
 * discarded; throws when it fails. withoutBin runs `node <argv>` instead.
 */
/** @param {string[]} argv @param {boolean} [withoutBin] @param {NodeJS.ProcessEnv} [env] */
function timeProcess(argv, withoutBin = false, env = process.env) {
  const command = [process.execPath, ...(withoutBin ? [] : [bin]), ...argv];
  const [file, ...rest] = TIME ? [TIME, '-f', 'MESH_BENCH_CPU %U %S', ...command] : command;
  const start = process.hrtime.bigint();
  const result = spawnSync(file, rest, {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${command.join(' ')} failed (exit ${result.status}): ${result.stderr}`);
  const found = /MESH_BENCH_CPU ([\d.]+) ([\d.]+)/.exec(result.stderr);
  return {wall, cpu: found ? (Number(found[1]) + Number(found[2])) * 1000 : NaN};
}

/** render() plus YAML of the default profile with N extra ingress gateways, in this process. */
async function benchGateways() {
  const {render, installOrder} = await import(pathToFileURL(join(root, 'dist/render/index.js')).href);
  const {toYamlDocuments} = await import(pathToFileURL(join(root, 'dist/render/yaml.js')).href);
  const {composeSpec} = await import(pathToFileURL(join(root, 'dist/spec/compose.js')).href);
  const {operator: base} = await composeSpec({});
  /** @param {number} count */
  const withGateways = (count) => {
    const operator = JSON.parse(JSON.stringify(base));
    for (let i = 0; i < count; i++)
      operator.spec.components.ingressGateways.push({name: `gateway-${i}`, enabled: true});
    return operator;
  };
  /** @param {any} operator */
  const once = async (operator) => {
    const start = performance.now();
    const objects = installOrder((await render(operator)).components);
    const bytes = toYamlDocuments(objects).length;
    return {elapsed: performance.now() - start, objects: objects.length, bytes};
  };
  await once(withGateways(10)); // warm-up: the JIT and the chart caches, as a long-running render would have them
  console.log(
    `scale: render() + YAML of the default profile plus N ingress gateways, in-process, ${RUNS} runs each`,
  );
  console.log('(per added gateway = (median − median with 0 added) / N: flat when the growth is linear)');
  const rows = [];
  let baseline = 0;
  for (const count of [0, 50, 100, 200]) {
    const operator = withGateways(count);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(operator));
    const times = runs.map((run) => run.elapsed);
    const m = median(times);
    if (count === 0) baseline = m;
    rows.push([
      String(count),
      String(runs[0].objects),
      `${(runs[0].bytes / 1024 / 1024).toFixed(1)} MB`,
      `${m.toFixed(1)} ms`,
      range(times),
      count === 0 ? '' : `${((m - baseline) / count).toFixed(2)} ms`,
      count === 200 ? `< 1000 ms: ${verdict(m < 1000)}` : '',
    ]);
  }
  printTable(['gateways', 'objects', 'YAML', 'median', 'min–max', 'per added gateway', 'goal'], rows);
}

/** Peak resident set size (kB) of a few runs of one command. */
/** @param {string[]} argv */
function peakRss(argv) {
  const runs = Math.min(RUNS, 5);
  const values = [];
  if (TIME) {
    for (let i = 0; i < runs; i++) {
      const result = spawnSync(TIME, ['-v', process.execPath, bin, ...argv], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      });
      const found = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
      if (result.status !== 0 || !found)
        throw new Error(`/usr/bin/time -v mesh ${argv.join(' ')} failed: ${result.stderr}`);
      values.push(Number(found[1]));
    }
    return {values, how: '/usr/bin/time -v'};
  }
  // The child reports its own peak (process.resourceUsage().maxRSS, in kB) when it exits.
  const report = `process.on('exit', () => process.stderr.write('\\nMESH_BENCH_MAXRSS=' + process.resourceUsage().maxRSS + '\\n'));`;
  for (let i = 0; i < runs; i++) {
    const result = spawnSync(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(report)}`, bin, ...argv],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      },
    );
    const found = /MESH_BENCH_MAXRSS=(\d+)/.exec(result.stderr);
    if (result.status !== 0 || !found) throw new Error(`mesh ${argv.join(' ')} failed: ${result.stderr}`);
    values.push(Number(found[1]));
  }
  return {values, how: 'process.resourceUsage() in the child'};
}

/**
 * Loads each command with a module-resolve hook that writes every resolved URL of
 * @kubernetes/client-node to stderr (fs.writeSync: hooks run on their own thread). A control run
 * that imports the client on purpose shows the hook sees it.
 */
function checkImportGraph() {
  const hooks = `import {writeSync} from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.includes('/@kubernetes/client-node/')) writeSync(2, 'MESH_BENCH_K8S_CLIENT ' + resolved.url + '\\n');
  return resolved;
}`;
  const register = `import {register} from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  const preload = ['--import', `data:text/javascript,${encodeURIComponent(register)}`];
  /** @param {string[]} argv */
  const loads = (argv) => {
    const result = spawnSync(process.execPath, [...preload, ...argv], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (result.status !== 0)
      throw new Error(`${argv.join(' ')} failed (exit ${result.status}): ${result.stderr}`);
    return result.stderr.includes('MESH_BENCH_K8S_CLIENT');
  };
  if (!loads(['--input-type=module', '-e', "await import('@kubernetes/client-node')"])) {
    console.log(
      'import graph: the resolve hook did not see a deliberate import of @kubernetes/client-node; check not possible',
    );
    return;
  }
  const commands = [
    ['profile', 'list'],
    ['profile', 'dump', 'demo'],
    ['profile', 'diff', 'default', 'demo'],
    ['manifest', 'generate'],
    ['manifest', 'generate', '--set', 'profile=demo', '--component', 'Pilot'],
  ];
  const offenders = commands.filter((argv) => {
    const result = spawnSync(process.execPath, [...preload, bin, ...argv], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    return result.stderr.includes('MESH_BENCH_K8S_CLIENT');
  });
  if (offenders.length === 0)
    console.log(
      `import graph: @kubernetes/client-node is not loaded by ${commands.map((c) => c.join(' ')).join(', ')}: ok`,
    );
  else
    console.log(
      `import graph: VIOLATED: @kubernetes/client-node is loaded by ${offenders.map((c) => c.join(' ')).join(', ')}`,
    );
}

/** @param {string[]} headers @param {string[][]} rows */
function printTable(headers, rows) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
  /** @param {string[]} cells */
  const line = (cells) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}

// ---------------------------------------------------------------- install

/**
 * The control-plane bin directory when it is already built, else undefined: $MESH_CONTROLPLANE_BIN,
 * or the cache directory scripts/build-controlplane.sh fills (same versions, same path), once its
 * stamp says the build finished. Never starts a build.
 */
async function builtBinDir() {
  if (process.env.MESH_CONTROLPLANE_BIN) return process.env.MESH_CONTROLPLANE_BIN;
  const script = readFileSync(join(root, 'scripts', 'build-controlplane.sh'), 'utf8');
  const k8s = /^k8s_version=(\S+)$/m.exec(script)?.[1];
  /** @param {string} file @param {string} module */
  const moduleVersion = (file, module) =>
    new RegExp(`^\\s*${module.replace(/\./g, '\\.')}\\s+(\\S+)`, 'm').exec(
      readFileSync(join(root, file), 'utf8'),
    )?.[1];
  const etcd = moduleVersion('tools/controlplane/go.mod', 'go.etcd.io/etcd/server/v3');
  const kwok = moduleVersion('tools/controlplane/kwok/go.mod', 'sigs.k8s.io/kwok');
  const cache =
    process.env.MESH_CONTROLPLANE_CACHE ??
    join(
      process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
      'mesh',
      `controlplane-k8s-${k8s}-etcd-${etcd}-kwok-${kwok}`,
    );
  if (!k8s || !etcd || !kwok || !existsSync(join(cache, 'stamp'))) return undefined;
  return resolveBinDir(); // returns at once: the build script sees its stamp
}

async function benchInstall() {
  const cp = await startControlPlane();
  try {
    const {default: Install} = await import('../dist/commands/install.js');
    const {prepareInstall} = await import('../dist/install/prepare.js');
    const plan = await prepareInstall({});
    // Every non-watch request of mesh goes through its REST client, which counts them.
    const {RestClient} = await import('../dist/cluster/rest.js');
    const before = RestClient.requests;
    RestClient.journal = [];
    const argv = ['-y', '--kubeconfig', cp.kubeconfigPath, '-o', 'json'];
    /** @type {any[]} */
    const events = [];
    const log = console.log;
    console.log = (line) => events.push({at: performance.now(), line: String(line)});
    const start = performance.now();
    try {
      await Install.run(argv, root);
    } finally {
      console.log = log;
    }
    const end = performance.now();
    const requests = RestClient.requests - before;
    const journal = RestClient.journal;
    RestClient.journal = undefined;
    const readyTimes = events.filter((e) => e.line.includes('"component-ready"')).map((e) => e.at);
    const lastReady = Math.max(...readyTimes);
    const budget = plan.objects.length + plan.components.length;
    console.log(`default install: ${ms(end - start)} to all-Ready and exit`);
    console.log(
      `API requests: ${requests} (watch streams excluded) for ${plan.objects.length} objects in ${plan.components.length} components (goal ≤ ${budget}: ${verdict(requests <= budget)})`,
    );
    for (const [what, count] of requestBreakdown(journal))
      console.log(`  ${String(count).padStart(3)}  ${what}`);
    console.log(
      `last component Ready → exit: ${ms(end - lastReady)} (goal ≤ 300 ms: ${verdict(end - lastReady <= 300)})`,
    );

    const again = performance.now();
    console.log = () => {};
    try {
      await Install.run(argv, root);
    } finally {
      console.log = log;
    }
    const second = performance.now() - again;
    console.log(`idempotent re-install: ${ms(second)} (goal < 1000 ms: ${verdict(second < 1000)})`);
  } finally {
    await cp.stop();
  }
}

/** Requests grouped by what they were for: applies, label lists (prune inventory), the rest by path. */
/** @param {any[]} journal */
function requestBreakdown(journal) {
  const groups = new Map();
  for (const line of journal) {
    const status = line.slice(line.lastIndexOf(' ') + 1);
    const what = line.startsWith('PATCH ')
      ? `server-side apply (PATCH) ${status}`
      : line.includes('(by label)')
        ? `owned-object list by label (prune inventory) ${status}`
        : line;
    groups.set(what, (groups.get(what) ?? 0) + 1);
  }
  return [...groups].sort((a, b) => b[1] - a[1]);
}
