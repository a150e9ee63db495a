// @ts-check
// The test-only oracle (tools/istio/oracle): `$MESH_ORACLE_BIN`, else the last stdout line of
// scripts/build-oracle.sh, which builds it once (cold: minutes) and then answers at once.
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** @returns {Promise<string>} the oracle binary's path */
export async function resolveOracle() {
  if (process.env.MESH_ORACLE_BIN) return process.env.MESH_ORACLE_BIN;
  const script = join(repoRoot, 'scripts', 'build-oracle.sh');
  try {
    const {stdout} = await execa('bash', [script], {cwd: repoRoot, stderr: 'inherit'});
    const last = stdout.trim().split('\n').pop();
    if (!last) throw new Error('it printed no path');
    return last.trim();
  } catch (error) {
    throw new Error(
      `building the oracle failed (${script}): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      {
        cause: error,
      },
    );
  }
}
