#!/usr/bin/env node
// @ts-check
// Build step (after tsc): renders every Istio profile once through mesh's pipeline and engine
// with the build cache recording (src/template/build-cache.ts), and writes what it kept — the
// parsed and re-emitted CRDs of the base chart, mostly — to dist/render-cache.json. The CLI
// reads it (bin/run.js sets MESH_RENDER_CACHE); entries are keyed by the hash of their input and
// the file by the hash of dist/template, so a stale file is ignored, never used.
import {readdirSync, renameSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {finishRecording, parseCache, startRecording} from '../dist/template/build-cache.js';
import {engineRenderer} from '../dist/render/istio/engine-renderer.js';
import {renderIstio} from '../dist/render/istio/index.js';
import {parseSet} from '../dist/spec/set-value.js';

const cacheFile = fileURLToPath(new URL('../dist/render-cache.json', import.meta.url));
const profiles = readdirSync(new URL('../dist/istio/profiles/', import.meta.url))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.slice(0, -'.yaml'.length));

startRecording();
for (const profile of profiles) await renderIstio([], [parseSet(`profile=${profile}`)], engineRenderer());
const text = finishRecording(cacheFile);
// A new file renamed over the old one: a process reading the old one by offsets keeps its own.
writeFileSync(`${cacheFile}.tmp`, text);
renameSync(`${cacheFile}.tmp`, cacheFile);
const keys = [...parseCache(text).entries.keys()];
const count = (/** @type {string} */ prefix) => keys.filter((key) => key.startsWith(prefix)).length;
console.log(
  `[render-cache] ${count('p:')} fromYaml values, ${count('e:')} toYaml texts, ${count('d:')} rendered texts' documents, ${count('v:')} values.yaml, ${count('t:')} charts' trees from ${profiles.length} profiles: ${(text.length / 1024).toFixed(0)} KB`,
);
