#!/usr/bin/env node
// Build step: bundles the compiled CLI (dist/cli.js, every dist/commands/**/*.js and dist/hooks/*.js) into
// dist/bundle/, one file per command plus shared chunks. A cold start then reads a handful of
// files instead of ~140 modules (oclif alone is ~110 CommonJS files), which is most of the time
// `mesh profile list` spends before it runs. Lazy imports (ora, the Kubernetes client) stay lazy:
// ora becomes a chunk of its own; @kubernetes/client-node stays in node_modules, unbundled.
import {readdirSync, rmSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {rolldown} from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const walk = (dir) =>
  readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory()
      ? walk(join(dir, entry.name))
      : entry.name.endsWith('.js')
        ? [join(dir, entry.name)]
        : [],
  );

rmSync(join(dist, 'bundle'), {recursive: true, force: true});
const input = {cli: join(dist, 'cli.js')};
for (const file of [...walk(join(dist, 'commands')), ...walk(join(dist, 'hooks'))])
  input[relative(dist, file).replace(/\.js$/, '')] = file;

const bundle = await rolldown({
  input,
  platform: 'node',
  // oclif looks for TypeScript loaders only when running a plugin from its sources; never here.
  external: ['typescript', 'ts-node', 'tsx', /^@kubernetes\/client-node(\/|$)/],
  logLevel: 'warn',
});
await bundle.write({
  dir: join(dist, 'bundle'),
  format: 'esm',
  entryFileNames: '[name].js',
  chunkFileNames: 'chunks/[name]-[hash].js',
});
await bundle.close();
