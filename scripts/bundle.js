#!/usr/bin/env node
// @ts-check
// Build step (after tsc has type-checked): bundles the CLI from its TypeScript sources (src/cli.ts,
// every src/commands/**/*.ts and src/hooks/*.ts) into dist/bundle/, one file per command plus
// shared chunks, with source maps that point at src/. A cold start then reads a handful of
// files instead of ~140 modules (oclif alone is ~110 CommonJS files), which is most of the time
// `mesh profile list` spends before it runs. Lazy imports (ora, the Kubernetes client) stay lazy:
// ora becomes a chunk of its own; @kubernetes/client-node stays in node_modules, unbundled.
import {readdirSync, rmSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {rolldown} from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
/** @type {(dir: string) => string[]} */
const walk = (dir) =>
  readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory()
      ? walk(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );

rmSync(join(dist, 'bundle'), {recursive: true, force: true});
/** @type {Record<string, string>} */
const input = {cli: join(src, 'cli.ts')};
for (const file of [...walk(join(src, 'commands')), ...walk(join(src, 'hooks'))])
  input[relative(src, file).replace(/\.ts$/, '')] = file;

const bundle = await rolldown({
  input,
  platform: 'node',
  // oclif looks for TypeScript loaders only when running a plugin from its sources; never here.
  external: ['typescript', 'ts-node', 'tsx', /^@kubernetes\/client-node(\/|$)/],
  // The sources import each other as `./x.js` (NodeNext); the files are `./x.ts`.
  resolve: {extensionAlias: {'.js': ['.ts', '.js']}},
  logLevel: 'warn',
});
await bundle.write({
  dir: join(dist, 'bundle'),
  format: 'esm',
  entryFileNames: '[name].js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  // Read only when debugging (bin/run.js turns source maps on for --debug / MESH_DEBUG).
  sourcemap: true,
});
await bundle.close();

// The bench's mesh side (scripts/render-istio-once.js) loads Istio's render as one bundled file,
// as the CLI does, not as ~60 separate tsc modules (~70 ms more to load on a cold start).
rmSync(join(dist, 'bench'), {recursive: true, force: true});
const bench = await rolldown({
  input: {'render-istio': join(root, 'scripts', 'lib', 'render-istio-entry.js')},
  platform: 'node',
  resolve: {extensionAlias: {'.js': ['.ts', '.js']}},
  logLevel: 'warn',
});
await bench.write({dir: join(dist, 'bench'), format: 'esm', entryFileNames: '[name].js'});
await bench.close();
