/** verify-install: what to expect (installed state or -f files), then per-object checks. */
import type {Cluster} from '../cluster/client.js';
import {applyDefaultTagRule} from '../tag/default-injection.js';
import {summarize, verifyObjects, type VerifyReport} from './check.js';
import type {Expected} from './expected.js';

export async function verifyInstall(cluster: Cluster, expected: Expected): Promise<VerifyReport> {
  // While a tag "default" exists, the default revision's injector is expected deactivated (as install applies it).
  await applyDefaultTagRule(cluster, expected.objects);
  const results = await verifyObjects(cluster, expected.objects);
  return {
    source: expected.source,
    ...(expected.revision ? {revision: expected.revision} : {}),
    namespace: expected.namespace,
    results,
    counts: summarize(results),
    verified: results.every((r) => r.status === 'ok'),
  };
}

export {
  expectedFromFiles,
  expectedFromInstalledState,
  findInstalledState,
  type Expected,
} from './expected.js';
export {reportLines, VERIFIED_LINE, verifyFailed} from './format.js';
export type {ObjectResult, VerifyReport} from './check.js';
