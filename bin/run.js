#!/usr/bin/env node
import {fileURLToPath} from 'node:url';

// oclif checks Node against its own engines range with semver on every start (~20 ms); mesh's
// package.json declares the Node it needs, which npm checks at install time.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1';
// Stack traces of --debug name the TypeScript sources (dist/bundle has source maps), at no cost otherwise.
if (process.env.MESH_DEBUG || process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
// Istio's render reads what the build computed for it (scripts/build-render-cache.js); an empty
// MESH_RENDER_CACHE turns that off.
process.env.MESH_RENDER_CACHE ??= fileURLToPath(new URL('../dist/render-cache.json', import.meta.url));
// The bundled CLI (scripts/bundle.js): oclif and the commands in a few files, for a fast cold start.
const {execute} = await import('../dist/bundle/cli.js');

await execute({dir: import.meta.url});
