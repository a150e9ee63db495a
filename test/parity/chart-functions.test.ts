import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {execa} from 'execa';
import {beforeAll, expect, test} from 'vitest';
import {functions} from '../../src/template/functions/index.js';

/**
 * Every function Istio 1.31's charts call (templates/, which includes what they `tpl`) must be in
 * the library or be one the engine implements itself. The chart files under files/ are istiod's
 * injection templates, evaluated by istiod with its own functions, so they are not scanned.
 */
const ENGINE_OWNED = new Set(
  'include tpl template required fail lookup and or not len index slice print printf println eq ne lt le gt ge call html js urlquery'.split(
    ' ',
  ),
);
const KEYWORDS = new Set('if else end range with define block break continue true false nil'.split(' '));
const repoRoot = join(import.meta.dirname, '..', '..');
const chartsDir = join(repoRoot, 'dist', 'istio', 'charts');

beforeAll(async () => {
  if (!existsSync(chartsDir))
    await execa('bash', [join(repoRoot, 'scripts', 'export-istio.sh')], {cwd: repoRoot});
}, 600_000);

function templateFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...(name === 'files' ? [] : templateFiles(p)));
    else if (dir.split('/').includes('templates')) out.push(p);
  }
  return out;
}

/** The code of each action, with comments and string/char literals blanked (they may hold "}}"). */
function actions(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf('{{');
  while (i >= 0) {
    let code = '';
    let j = i + 2;
    while (j < text.length && !text.startsWith('}}', j)) {
      const c = text[j]!;
      if (text.startsWith('/*', j)) j = text.indexOf('*/', j + 2) + 2;
      else if (c === '`') j = text.indexOf('`', j + 1) + 1;
      else if (c === '"' || c === "'") {
        j++;
        while (text[j] !== c) j += text[j] === '\\' ? 2 : 1;
        j++;
      } else {
        code += c;
        j++;
        continue;
      }
      code += ' ';
    }
    out.push(code);
    i = text.indexOf('{{', j);
  }
  return out;
}

/** Identifiers in function position: words in actions that are not fields, variables or keywords. */
function calledNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const code of actions(text)) {
    for (const m of code.matchAll(/(^|[\s(|,])([A-Za-z_][A-Za-z0-9_]*)\b/g)) {
      if (!KEYWORDS.has(m[2]!)) names.add(m[2]!);
    }
  }
  return names;
}

test('every function the charts call exists', () => {
  const missing = new Map<string, string>();
  const seen = new Set<string>();
  let scanned = 0;
  for (const file of templateFiles(chartsDir)) {
    scanned++;
    for (const name of calledNames(readFileSync(file, 'utf8'))) {
      seen.add(name);
      if (!functions.has(name) && !ENGINE_OWNED.has(name))
        missing.set(name, file.slice(chartsDir.length + 1));
    }
  }
  expect(scanned).toBeGreaterThan(80);
  // The scan itself works: the most used functions are among those it found.
  for (const name of ['include', 'quote', 'default', 'nindent', 'toYaml', 'mustMergeOverwrite', 'fromYaml']) {
    expect(seen).toContain(name);
  }
  expect(Object.fromEntries(missing)).toEqual({});
});
