import {mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
  cachedTrees,
  finishRecording,
  loadDocuments,
  parseCache,
  resetRenderCache,
  serializeCache,
  startRecording,
  valueKey,
} from '../../../src/template/build-cache.js';
import {functions} from '../../../src/template/functions/index.js';
import {compile, execute} from '../../../src/template/template.js';
import {marshalYaml} from '../../../src/template/functions/yaml-emit.js';
import type {GoMap, GoValue} from '../../../src/template/value.js';

const call = (name: string, ...args: GoValue[]): GoValue => functions.get(name)!(args, {templateName: 't'});

// A CRD-like document: large enough to be cached, with a spec toYaml emits from the cache.
const properties = Array.from(
  {length: 80},
  (_, i) =>
    `        field${i}:\n          description: Field ${i} of the spec, long enough to fold when it passes the eightieth column.\n          type: string`,
).join('\n');
const crdText = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things.example.com
spec:
  group: example.com
  names:
    plural: things
    singular: "thing \u2014 caf\u00e9 \\U0001F600"
  versions:
  - name: v1
    schema:
      properties:
${properties}
`;

let dir: string;
let cacheFile: string;

/** Runs fromYaml, toYaml of the result with new labels, and loadDocuments of that text. */
function renderLikeTheBaseChart(labels: string): {emitted: string; documents: unknown[]} {
  const value = call('fromYaml', crdText) as GoMap;
  (value.get('metadata') as GoMap).set('labels', new Map([['app', labels]]));
  const emitted = call('toYaml', value) as string;
  return {emitted, documents: loadDocuments(emitted)};
}

function record(): void {
  startRecording();
  renderLikeTheBaseChart('recorded');
  writeFileSync(cacheFile, finishRecording(cacheFile));
}

/** Rewrites the cache file's entries of one kind ("p:" parsed, "e:" emitted, "d:" documents). */
function editCache(prefix: string, edit: (json: string) => string): void {
  const {code, entries} = parseCache(readFileSync(cacheFile, 'latin1'));
  for (const [key, json] of entries) if (key.startsWith(prefix)) entries.set(key, edit(json));
  writeFileSync(cacheFile, serializeCache(code, entries));
  resetRenderCache();
}

const entryCount = (prefix: string): number =>
  [...parseCache(readFileSync(cacheFile, 'latin1')).entries.keys()].filter((key) => key.startsWith(prefix))
    .length;

const EDITED = JSON.stringify({kind: 'Edited'});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mesh-render-cache-'));
  // The cache file's code hash covers the .js files of template/ beside it.
  mkdirSync(join(dir, 'template'));
  writeFileSync(join(dir, 'template', 'engine.js'), 'export {};\n');
  cacheFile = join(dir, 'render-cache.json');
  process.env.MESH_RENDER_CACHE = cacheFile;
  resetRenderCache();
});

afterEach(() => {
  delete process.env.MESH_RENDER_CACHE;
  resetRenderCache();
  rmSync(dir, {recursive: true, force: true});
});

describe('the build cache', () => {
  it('gives what the engine computes, for the recorded input and for others', () => {
    delete process.env.MESH_RENDER_CACHE;
    resetRenderCache();
    const uncached = renderLikeTheBaseChart('recorded');
    const uncachedOther = renderLikeTheBaseChart('other');
    process.env.MESH_RENDER_CACHE = cacheFile;
    record();
    expect(entryCount('p:')).toBe(1);
    expect(entryCount('e:')).toBe(1); // spec; metadata is too small to keep
    expect(entryCount('d:')).toBe(1);
    // Non-ASCII text is kept as \u escapes (it reads back exactly, below).
    expect(readFileSync(cacheFile).every((byte) => byte < 0x80)).toBe(true);
    expect(renderLikeTheBaseChart('recorded')).toEqual(uncached);
    // Other labels: metadata is emitted afresh, spec still comes from the cache.
    expect(renderLikeTheBaseChart('other')).toEqual(uncachedOther);
  });

  it('is read when MESH_RENDER_CACHE names it (an edited entry shows)', () => {
    record();
    editCache('e:', (json) => json.replace('Field 7 ', 'Field seven '));
    expect(renderLikeTheBaseChart('x').emitted).toContain('Field seven of');
    editCache('p:', () => EDITED);
    expect((call('fromYaml', crdText) as GoMap).get('kind')).toBe('Edited');
  });

  it('is ignored when the engine code beside it has changed', () => {
    record();
    editCache('p:', () => EDITED);
    writeFileSync(join(dir, 'template', 'engine.js'), 'export const changed = true;\n');
    resetRenderCache();
    expect((call('fromYaml', crdText) as GoMap).get('kind')).toBe('CustomResourceDefinition');
  });

  it('answers only for the content it holds', () => {
    record();
    editCache('p:', () => EDITED);
    editCache('e:', () => JSON.stringify({text: 'edited', column: 0, whitespace: true, indention: true}));
    const changed = crdText.replace('Field 3 ', 'Field three ');
    expect((call('fromYaml', changed) as GoMap).get('kind')).toBe('CustomResourceDefinition');
    const value = call('fromYaml', changed) as GoMap;
    expect(call('toYaml', value)).toContain('Field three of');
  });

  it('hands out new objects on every hit', () => {
    record();
    const {emitted} = renderLikeTheBaseChart('recorded');
    const [first] = loadDocuments(emitted) as {kind: string}[];
    first!.kind = 'Changed';
    const [second] = loadDocuments(emitted) as {kind: string}[];
    expect(second!.kind).toBe('CustomResourceDefinition');
    const parsed = call('fromYaml', crdText) as GoMap;
    (parsed.get('metadata') as GoMap).set('name', 'changed');
    expect(((call('fromYaml', crdText) as GoMap).get('metadata') as GoMap).get('name')).toBe(
      'things.example.com',
    );
  });

  it('is not read without MESH_RENDER_CACHE', () => {
    record();
    editCache('p:', () => EDITED);
    delete process.env.MESH_RENDER_CACHE;
    resetRenderCache();
    expect((call('fromYaml', crdText) as GoMap).get('kind')).toBe('CustomResourceDefinition');
  });
});

describe('the build cache of parse trees', () => {
  const files: [string, string][] = [
    ['c/templates/_helpers.tpl', '{{- define "c.name" -}}{{ .name | upper }}-{{ 10 }}{{- end -}}'],
    [
      'c/templates/a.yaml',
      'name: {{ include "c.name" . }}\nbig: {{ 12345678901234567 }}\n{{ if .x }}x{{ else }}y{{ end }}',
    ],
  ];
  const run = (set: ReturnType<typeof compile>): string =>
    execute(set, 'c/templates/a.yaml', new Map<string, GoValue>([['name', 'abc']]));
  const trees = (input: [string, string][]) => ({
    ...compile([], functions),
    trees: cachedTrees(input, () => compile(input, functions).trees),
  });

  it('gives trees that execute as the parsed ones, and is read (an edited entry shows)', () => {
    const expected = run(compile(files, functions));
    expect(expected).toBe('name: ABC-10\nbig: 12345678901234567\ny');
    startRecording();
    trees(files);
    writeFileSync(cacheFile, finishRecording(cacheFile));
    expect(entryCount('t:')).toBe(1);
    expect(run(trees(files))).toBe(expected);
    editCache('t:', (json) => json.replace('"name: "', '"label: "'));
    expect(run(trees(files))).toBe(expected.replace('name: ', 'label: '));
    // Other files: parsed, not served.
    const changed: [string, string][] = [files[0]!, [files[1]![0], files[1]![1].replace('name:', 'title:')]];
    expect(run(trees(changed))).toBe(expected.replace('name: ', 'title: '));
  });
});

describe('valueKey', () => {
  it('tells apart values toYaml writes differently', () => {
    const values: GoValue[] = [
      '1',
      1,
      1n,
      true,
      'true',
      null,
      'null',
      [],
      new Map(),
      ['a', 'b'],
      ['a,b'],
      new Map([['a', 'b']]),
      new Map([['a', new Map([['b', null]])]]),
      new Map([['a.b', null]]),
    ];
    const keys = values.map(valueKey);
    expect(new Set(keys).size).toBe(values.length);
  });
  it('leaves out what JSON cannot carry', () => {
    expect(valueKey([NaN])).toBeUndefined();
    expect(valueKey(new Map([['a', -0]]))).toBeUndefined();
    expect(marshalYaml(new Map([['a', 1]]))).toBe('a: 1\n');
  });
});
