#!/usr/bin/env node
// @ts-check
// Runs a command inside a network namespace of its own with only loopback up, so that no
// packet from the local control plane (or a test) can leave the machine.
//
//   node scripts/netns.js <command> [args...]
//
// Inside the namespace MESH_NETNS=1 is set; when it is already 1 the command runs directly.
// Exit code and signals are forwarded.
import {spawn} from 'node:child_process';
import {constants as fsConstants} from 'node:fs';
import {access} from 'node:fs/promises';
import {constants as osConstants} from 'node:os';
import {delimiter, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const FORWARDED = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']);

/**
 * @param {string} name
 * @returns {Promise<string | undefined>}
 */
export async function findExecutable(name) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = join(dir, name);
    if (
      await access(candidate, fsConstants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

/**
 * The argv that runs `argv` inside a new loopback-only network namespace.
 * @param {string[]} argv
 * @returns {Promise<string[]>}
 */
export async function isolatedArgv(argv) {
  const unshare = await findExecutable('unshare');
  if (!unshare)
    throw new Error('netns: `unshare` (util-linux) not found; it is needed to isolate the network');
  const ip = await findExecutable('ip');
  const ifconfig = ip ? undefined : await findExecutable('ifconfig');
  // A fixed script; the tool path and the command reach it as separate argv entries ($0, $@).
  let lo;
  if (ip) lo = ['"$0" link set lo up', ip];
  else if (ifconfig) lo = ['"$0" lo up', ifconfig];
  else throw new Error('netns: neither `ip` (iproute2) nor `ifconfig` found; cannot bring up loopback');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return [
    unshare,
    '--net',
    ...(root ? [] : ['--map-root-user']),
    '--',
    '/bin/sh',
    '-c',
    `${lo[0]} || { echo "netns: bringing up loopback failed" >&2; exit 125; }; exec "$@"`,
    lo[1],
    ...argv,
  ];
}

/**
 * Runs argv inside the loopback-only network namespace (directly if MESH_NETNS=1 already).
 * Resolves to the exit code (128 + signal number when the command was killed by a signal).
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT received meanwhile are passed on to the command.
 * @param {string[]} argv
 * @param {{env?: NodeJS.ProcessEnv, cwd?: string}} [opts]
 * @returns {Promise<number>}
 */
export async function runIsolated(argv, opts = {}) {
  if (argv.length === 0) throw new Error('netns: no command given');
  const inside = process.env.MESH_NETNS === '1';
  const full = inside ? argv : await isolatedArgv(argv);
  const [file, ...args] = /** @type {[string, ...string[]]} */ (full);
  const child = spawn(file, args, {
    stdio: 'inherit',
    cwd: opts.cwd,
    env: {...process.env, ...opts.env, MESH_NETNS: '1'},
  });
  /** @type {Map<string, () => void>} */
  const handlers = new Map();
  for (const sig of FORWARDED) {
    const h = () => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid, sig);
        } catch {
          // already gone
        }
      }
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  try {
    return await new Promise((resolveCode, reject) => {
      child.once('error', (err) =>
        reject(new Error(`netns: cannot run ${file}: ${err.message}`, {cause: err})),
      );
      child.once('exit', (code, signal) => {
        if (signal) resolveCode(128 + (osConstants.signals[signal] ?? 0));
        else resolveCode(code ?? 1);
      });
    });
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--') argv.shift();
  if (argv.length === 0) {
    process.stderr.write('usage: node scripts/netns.js <command> [args...]\n');
    process.exit(2);
  }
  try {
    process.exitCode = await runIsolated(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
