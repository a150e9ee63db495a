import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {
  finishRecording,
  renderCacheHits,
  resetRenderCache,
  startRecording,
} from '../../src/template/build-cache.js';
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

// The CLI reads the build's render cache (src/template/build-cache.ts): recorded from these very
// renders, then read back, it must give Helm's bytes too.
describe('Helm parity with the render cache: recorded, then read', () => {
  let oracle: Oracle;
  let dir: string;
  const render = (set: ValueSet, chart: string): Map<string, string> =>
    renderChart(join(ISTIO, 'charts', chart), structuredClone(valuesForChart(ISTIO, chart, set.values)), {
      namespace: set.namespace,
    });
  beforeAll(async () => {
    oracle = await Oracle.start();
    dir = mkdtempSync(join(tmpdir(), 'mesh-render-cache-'));
    mkdirSync(join(dir, 'template'));
    writeFileSync(join(dir, 'template', 'engine.js'), '');
    const cacheFile = join(dir, 'render-cache.json');
    startRecording();
    for (const set of SETS) {
      for (const chart of CHARTS) {
        try {
          render(set, chart);
        } catch {
          // a value set Helm rejects too (checked above)
        }
      }
    }
    writeFileSync(cacheFile, finishRecording(cacheFile));
    process.env.MESH_RENDER_CACHE = cacheFile;
    resetRenderCache();
  }, 600_000);
  afterAll(() => {
    oracle.close();
    delete process.env.MESH_RENDER_CACHE;
    resetRenderCache();
    rmSync(dir, {recursive: true, force: true});
  });

  for (const set of SETS.filter((s) => s.name.startsWith('profile'))) {
    it(set.name, async () => {
      const problems: string[] = [];
      const hitsBefore = renderCacheHits();
      for (const chart of CHARTS) {
        const values = valuesForChart(ISTIO, chart, set.values);
        const want = await oracle.request({op: 'render', chart, namespace: set.namespace, values});
        if (want.error !== undefined) continue;
        const got = render(set, chart);
        for (const [file, text] of Object.entries(want.files ?? {}))
          if (got.get(file) !== text) problems.push(firstDiff(file, text, got.get(file) ?? ''));
      }
      expect(problems, set.name).toEqual([]);
      expect(renderCacheHits(), 'the cache answered').toBeGreaterThan(hitsBefore);
    });
  }
});
