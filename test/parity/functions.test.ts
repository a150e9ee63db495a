import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {functions} from '../../src/template/functions/index.js';
import {compile, execute} from '../../src/template/template.js';
import {fromJson} from '../../src/template/value.js';
import {Oracle} from '../support/oracle.js';
import {FUNCTION_CASES} from './function-cases.js';

/**
 * The function library against Helm v4's engine: each case is rendered by the oracle and by
 * mesh's engine with mesh's functions; the texts must be identical, and a case that fails in
 * Helm must fail here too.
 */
const NAME = 't/templates/t.yaml';
function render(text: string, values: unknown): string {
  const set = compile([[NAME, text]], functions);
  return execute(set, NAME, new Map([['Values', fromJson(values)]])).replaceAll('<no value>', '');
}

let oracle: Oracle;
const answers = new Map<number, {text?: string; error?: string}>();

beforeAll(async () => {
  oracle = await Oracle.start();
  const all = await Promise.all(FUNCTION_CASES.map(([t, v]) => oracle.template(t, v ?? {})));
  all.forEach((a, i) => answers.set(i, a));
});
afterAll(() => oracle?.close());

describe('template functions match Helm v4', () => {
  test.each(FUNCTION_CASES.map((c, i) => [i, c[0], c[1] ?? {}] as const))('#%i %s', (i, template, values) => {
    const want = answers.get(i)!;
    if (want.error !== undefined) {
      // A function's own failure ("error calling X: …") must read as Helm's, word for word;
      // argument conversion errors are worded by the engine and only have to fail.
      const calling = want.error.indexOf(': error calling ');
      let got = '';
      try {
        render(template, values);
      } catch (e) {
        got = e instanceof Error ? e.message : String(e);
      }
      expect(got, `Helm fails: ${want.error}`).not.toBe('');
      if (calling >= 0) expect(got.slice(got.indexOf(': error calling '))).toBe(want.error.slice(calling));
      return;
    }
    expect(render(template, values)).toBe(want.text);
  });
});
