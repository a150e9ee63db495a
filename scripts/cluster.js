#!/usr/bin/env node
// @ts-check
// `npm run cluster [-- <command> [args...]]`: builds the local control plane (cached), enters
// the loopback-only network namespace, starts the control plane, then runs an interactive bash
// (no arguments) or the given command with KUBECONFIG set, the control-plane bin dir first on
// PATH (kubectl 1.36.3) and the repository as working directory (./bin/run.js). The control
// plane is stopped and its temp dir removed when the shell or command ends, or on a signal.
import {spawn} from 'node:child_process';
import {constants as osConstants} from 'node:os';
import {delimiter} from 'node:path';
import {fileURLToPath} from 'node:url';
import {resolveBinDir, startControlPlane} from './lib/controlplane.js';
import {runIsolated} from './netns.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
if (args[0] === '--') args.shift();

/** @param {unknown} error */
const message = (error) => (error instanceof Error ? error.message : String(error));
/** @param {string} line */
const say = (line) => process.stderr.write(`[cluster] ${line}\n`);

if (process.env.MESH_NETNS !== '1') {
  // Outside: build (needs the network), then re-run this script inside the namespace.
  try {
    const binDir = await resolveBinDir();
    process.exitCode = await runIsolated([process.execPath, fileURLToPath(import.meta.url), ...args], {
      cwd: repoRoot,
      env: {MESH_CONTROLPLANE_BIN: binDir},
    });
  } catch (error) {
    say(message(error));
    process.exitCode = 1;
  }
} else {
  process.exitCode = await inside();
}

/** @returns {Promise<number>} */
async function inside() {
  const abort = new globalThis.AbortController();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {NodeJS.Signals | undefined} */
  let gotSignal;
  const onSignal = (/** @type {NodeJS.Signals} */ sig) => {
    if (!child) {
      // Still starting: abort; startControlPlane stops what it started.
      gotSignal = sig;
      abort.abort();
      return;
    }
    // An interactive bash ignores SIGINT (Ctrl-C just gives a new prompt; leave with `exit`).
    if (sig === 'SIGINT') return forward(child, 'SIGINT');
    gotSignal = sig;
    forward(child, sig);
    if (sig === 'SIGTERM') forward(child, 'SIGHUP'); // bash ignores SIGTERM when interactive
    const c = child;
    setTimeout(() => forward(c, 'SIGKILL'), 5000).unref();
  };
  for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP']))
    process.on(sig, onSignal);

  let cp;
  try {
    say('starting the local control plane…');
    cp = await startControlPlane({
      signal: abort.signal,
      log: process.env.MESH_CONTROLPLANE_VERBOSE ? say : undefined,
    });
  } catch (error) {
    say(message(error));
    return gotSignal ? 128 + (osConstants.signals[gotSignal] ?? 0) : 1;
  }
  say(`ready in ${(cp.startMs / 1000).toFixed(1)}s: ${cp.server} (logs in ${cp.dir})`);

  const env = {
    ...process.env,
    KUBECONFIG: cp.kubeconfigPath,
    PATH: [cp.binDir, process.env.PATH ?? ''].join(delimiter),
    MESH_CLUSTER: '1',
  };
  const [file, ...argv] = args.length > 0 ? args : ['bash'];
  if (args.length === 0)
    say('interactive shell: kubectl and ./bin/run.js talk to the local cluster; `exit` stops it');
  let code;
  try {
    code = await new Promise((resolve, reject) => {
      child = spawn(/** @type {string} */ (file), argv, {stdio: 'inherit', cwd: repoRoot, env});
      child.once('error', (err) => reject(new Error(`cannot run ${file}: ${err.message}`, {cause: err})));
      child.once('exit', (c, sig) => resolve(sig ? 128 + (osConstants.signals[sig] ?? 0) : (c ?? 1)));
    });
  } catch (error) {
    say(message(error));
    code = 127;
  }
  try {
    cp.assertAlive();
  } catch (error) {
    say(message(error));
    if (code === 0) code = 1;
  }
  say('stopping the local control plane');
  await cp.stop().catch(() => {}); // a dead component was reported just above
  if (gotSignal && code === 0) code = 128 + (osConstants.signals[gotSignal] ?? 0);
  return /** @type {number} */ (code);
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @param {NodeJS.Signals} sig
 */
function forward(child, sig) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, sig);
  } catch {
    // already gone
  }
}
