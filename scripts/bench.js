#!/usr/bin/env node
// `npm run bench` (after `npm run build`): timing goals that do not belong in tests.
//  1. CLI start-up: `mesh profile list` and `mesh profile dump demo`, median of 10 cold runs (goal ≤ 150 ms).
//  2. Install on the local control plane (inside the loopback-only namespace): wall time of a default
//     install to all-Ready, API requests made (watch streams excluded) against objects + components
//     (goal: requests ≤ objects + components), time from the last object Ready to the command
//     returning (goal ≤ 300 ms), and a second, idempotent install (goal < 1 s).
import {execFileSync} from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {resolveBinDir, startControlPlane} from './lib/controlplane.js';
import {runIsolated} from './netns.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;
const verdict = (ok) => (ok ? 'ok' : 'MISSED');

if (process.env.MESH_NETNS !== '1') {
  for (const argv of [['profile', 'list'], ['profile', 'dump', 'demo']]) {
    const times = [];
    for (let i = 0; i < 10; i++) {
      const start = process.hrtime.bigint();
      execFileSync(process.execPath, [`${root}bin/run.js`, ...argv], {stdio: 'ignore'});
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const m = median(times);
    console.log(`mesh ${argv.join(' ')}: median ${ms(m)} over 10 runs (goal ≤ 150 ms: ${verdict(m <= 150)})`);
  }
  const binDir = await resolveBinDir();
  process.exitCode = await runIsolated([process.execPath, fileURLToPath(import.meta.url)], {cwd: root, env: {MESH_CONTROLPLANE_BIN: binDir}});
} else {
  await benchInstall();
}

/** Counts API requests by wrapping node's http(s).request, which the Kubernetes client uses underneath. */
function countRequests() {
  const counter = {requests: 0, watches: 0};
  for (const mod of [http, https]) {
    const original = mod.request;
    mod.request = function (...args) {
      const target = args.find((a) => a && typeof a === 'object' && ('path' in a || 'pathname' in a)) ?? args[0];
      const path = String(target?.path ?? target?.pathname ?? target ?? '');
      if (/[?&]watch=(true|1)/.test(path)) counter.watches++;
      else counter.requests++;
      return original.apply(this, args);
    };
  }
  return counter;
}

async function benchInstall() {
  const cp = await startControlPlane();
  try {
    const {default: Install} = await import('../dist/commands/install.js');
    const {prepareInstall} = await import('../dist/install/prepare.js');
    const plan = await prepareInstall({});
    const counter = countRequests();
    const argv = ['-y', '--kubeconfig', cp.kubeconfigPath, '-o', 'json'];
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
    const readyTimes = events.filter((e) => e.line.includes('"component-ready"')).map((e) => e.at);
    const lastReady = Math.max(...readyTimes);
    const budget = plan.objects.length + plan.components.length;
    console.log(`default install: ${ms(end - start)} to all-Ready and exit`);
    console.log(
      `API requests: ${counter.requests} (+${counter.watches} watch streams) for ${plan.objects.length} objects in ${plan.components.length} components (goal ≤ ${budget}: ${verdict(counter.requests <= budget)})`,
    );
    console.log(`last component Ready → exit: ${ms(end - lastReady)} (goal ≤ 300 ms: ${verdict(end - lastReady <= 300)})`);

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
