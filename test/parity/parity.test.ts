/**
 * Parity with istioctl's renderer: every built-in profile and every case in cases.ts renders
 * through mesh's pipeline (Helm values, chart render, k8s post-processing) and through the
 * oracle's GenerateManifest, and the objects must be equal. The charts render through mesh's
 * own engine (src/template), as in production.
 */
import yaml from 'js-yaml';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {engineRenderer} from '../../src/render/istio/engine-renderer.js';
import {generateComponents} from '../../src/render/istio/generate.js';
import {mergeInputs} from '../../src/spec/merge-inputs.js';
import type {Obj} from '../../src/render/types.js';
import {parseSet} from '../../src/spec/set-value.js';
import type {IstioOperator} from '../../src/spec/types.js';
import {specWarnings} from '../../src/spec/warnings.js';
import {Oracle} from '../support/oracle.js';
import {CASES, PROFILES, type ParityCase} from './cases.js';
import {compareRenders} from './compare.js';

let oracle: Oracle;
/** mesh's engine (production); MESH_PARITY_CHARTS=oracle renders the charts with Helm's instead, to tell engine from pipeline differences. */
const renderer = () =>
  process.env.MESH_PARITY_CHARTS === 'oracle' ? oracle.chartRenderer() : engineRenderer();
const dir = mkdtempSync(join(tmpdir(), 'mesh-parity-'));
beforeAll(async () => {
  oracle = await Oracle.start();
}, 1_200_000);
afterAll(() => oracle?.close());

async function check(testCase: ParityCase): Promise<void> {
  const files = (testCase.files ?? []).map((text, i) => {
    const file = join(dir, `${testCase.name.replaceAll(/\W+/g, '-')}-${i}.yaml`);
    writeFileSync(file, text);
    return file;
  });
  const set = testCase.set ?? [];
  const theirs = await oracle.generateLogged(files, set);
  const expected = theirs.components.flatMap((c) => c.objects);
  const documents = (testCase.files ?? []).map((text) => yaml.load(text) as Obj);
  const merged = mergeInputs(
    documents,
    set.map((text) => parseSet(text)),
  );
  const {components, warnings} = await generateComponents(merged, renderer());
  const differences = compareRenders(
    expected,
    components.flatMap((c) => c.objects),
  );
  if (differences.length > 0) console.log(`${testCase.name}:\n  ${differences.join('\n  ')}`);
  expect(differences).toEqual([]);
  // What istioctl logs as warnings while it renders: its validation's, then the charts'.
  const ours = [...specWarnings(merged as unknown as IstioOperator), ...warnings];
  expect(theirs.warnings).toHaveLength(testCase.warns ?? 0);
  expect(ours).toEqual(theirs.warnings);
}

describe('parity with istioctl 1.31 manifest generate', () => {
  for (const profile of PROFILES)
    it(`profile ${profile}`, () => check({name: profile, set: [`profile=${profile}`]}));
  for (const testCase of CASES) it(testCase.name, () => check(testCase));
});
