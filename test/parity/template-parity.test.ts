import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {renderChart} from '../../src/template/chart.js';
import {
  BRANCH_SETS,
  CHARTS,
  profileSets,
  valuesForChart,
  type ValueSet,
} from '../support/chart-value-sets.js';
import {Oracle} from '../support/oracle.js';

// Istio 1.31's charts as exported by npm run build (scripts/export-istio.sh).
const ISTIO = join(import.meta.dirname, '../../dist/istio');
const SETS: ValueSet[] = [...profileSets(ISTIO), ...BRANCH_SETS];

/** The first line where two texts differ, for a readable failure. */
function firstDiff(file: string, want: string, got: string): string {
  const a = want.split('\n');
  const b = got.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i])
      return `${file}:${i + 1}\n  helm: ${JSON.stringify(a[i])}\n  mesh: ${JSON.stringify(b[i])}`;
  }
  return `${file}: identical`;
}

describe('Helm parity: every template of every chart, byte for byte', () => {
  let oracle: Oracle;
  const tally = {files: 0, identical: 0};
  beforeAll(async () => {
    oracle = await Oracle.start();
  }, 600_000);
  afterAll(() => {
    oracle.close();
    process.stderr.write(`[parity] ${tally.identical}/${tally.files} rendered files identical\n`);
  });

  for (const set of SETS) {
    it(set.name, async () => {
      const problems: string[] = [];
      for (const chart of CHARTS) {
        const values = valuesForChart(ISTIO, chart, set.values);
        const want = await oracle.request({op: 'render', chart, namespace: set.namespace, values});
        let got: Map<string, string> | undefined;
        let error: string | undefined;
        try {
          got = renderChart(join(ISTIO, 'charts', chart), structuredClone(values), {
            namespace: set.namespace,
          });
        } catch (e) {
          error = (e as Error).message;
        }
        if (want.error !== undefined) {
          if (error === undefined) problems.push(`${chart}: helm failed (${want.error}) but mesh rendered`);
          continue;
        }
        if (!got) {
          problems.push(`${chart}: mesh failed: ${error}`);
          continue;
        }
        const files = want.files ?? {};
        expect([...got.keys()].sort(), chart).toEqual(Object.keys(files).sort());
        for (const [file, text] of Object.entries(files)) {
          tally.files++;
          if (got.get(file) === text) tally.identical++;
          else problems.push(firstDiff(file, text, got.get(file) ?? ''));
        }
      }
      expect(problems, set.name).toEqual([]);
    });
  }
});
