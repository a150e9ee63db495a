#!/usr/bin/env node
// @ts-check
// `npm test` (after `npm run build`): builds the local control plane (cached), then runs vitest
// for both projects inside the loopback-only network namespace, and ends with one line
// `N passed, N failed`. Extra vitest arguments: `node scripts/test.js -- <vitest args>`.
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {resolveBinDir} from './lib/controlplane.js';
import {resolveOracle} from './lib/oracle.js';
import {runIsolated} from './netns.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const extra = process.argv.slice(2);
if (extra[0] === '--') extra.shift();

/** @param {number} passed @param {number} failed */
function summary(passed, failed) {
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
}

let binDir;
let oracle;
try {
  // Both cold builds need the Go module proxy, which the test namespace cannot reach: build
  // them here, side by side, before entering it.
  [binDir, oracle] = await Promise.all([resolveBinDir(), resolveOracle()]);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  summary(0, 1);
  process.exit(1);
}

const outDir = await mkdtemp(join(tmpdir(), 'mesh-test-'));
const report = join(outDir, 'vitest.json');
let code;
try {
  code = await runIsolated(
    [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...extra,
    ],
    {cwd: repoRoot, env: {MESH_CONTROLPLANE_BIN: binDir, MESH_ORACLE_BIN: oracle}},
  );
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  code = 1;
}

/** @type {{numPassedTests?: number, numFailedTests?: number, testResults?: {status?: string, assertionResults?: {status?: string}[]}[]} | undefined} */
let json;
try {
  json = JSON.parse(await readFile(report, 'utf8'));
} catch {
  json = undefined;
}
await rm(outDir, {recursive: true, force: true});

let passed = 0;
let failed = 0;
if (json) {
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  // A file that failed to load (syntax error, failing hook) has no failed test of its own.
  for (const file of json.testResults ?? []) {
    const ownFailures = (file.assertionResults ?? []).some((t) => t.status === 'failed');
    if (file.status === 'failed' && !ownFailures) failed += 1;
  }
}
// vitest failed without a report, or failed outside any test (global setup, unhandled error).
if (code !== 0 && failed === 0) failed = 1;
summary(passed, failed);
process.exit(failed > 0 || code !== 0 ? code || 1 : 0);
