#!/usr/bin/env node
// oclif checks Node against its own engines range with semver on every start (~20 ms); mesh's
// package.json declares the Node it needs, which npm checks at install time.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1';
const {execute} = await import('@oclif/core');

await execute({dir: import.meta.url});
