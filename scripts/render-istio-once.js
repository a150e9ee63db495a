#!/usr/bin/env node
// @ts-check
// One cold render of an Istio profile through mesh's pipeline and engine (the future
// `manifest generate` path), printing the object count: the bench's mesh side against
// `oracle generate --set profile=<p>`. Usage: node scripts/render-istio-once.js [profile]
import {fileURLToPath} from 'node:url';

// As bin/run.js: the render reads the build's cache (scripts/build-render-cache.js).
process.env.MESH_RENDER_CACHE ??= fileURLToPath(new URL('../dist/render-cache.json', import.meta.url));
// Bundled by scripts/bundle.js, as the CLI loads it.
// A computed specifier: the bundle is a build output, absent when `npm run lint` type-checks a fresh clone.
const bundle = new URL('../dist/bench/render-istio.js', import.meta.url).href;
/** @type {{renderIstio: typeof import('../src/render/istio/index.js').renderIstio, engineRenderer: typeof import('../src/render/istio/engine-renderer.js').engineRenderer, parseSet: typeof import('../src/spec/set-value.js').parseSet}} */
const {renderIstio, engineRenderer, parseSet} = await import(bundle);

const profile = process.argv[2] ?? 'demo';
const {components} = await renderIstio([], [parseSet(`profile=${profile}`)], engineRenderer());
console.log(components.reduce((n, c) => n + c.objects.length, 0));
