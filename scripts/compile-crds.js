#!/usr/bin/env node
// @ts-check
// Build step: parses manifests/crds/*.yaml once into dist/crds.json, which the built CLI loads
// instead of the YAML (src/render/crds.ts). The YAML files stay the source of truth.
import {writeFileSync} from 'node:fs';
import {readCrds} from '../dist/render/crds.js';

writeFileSync(new URL('../dist/crds.json', import.meta.url), JSON.stringify(readCrds()));
