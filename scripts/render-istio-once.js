#!/usr/bin/env node
// @ts-check
// One cold render of an Istio profile through mesh's pipeline and engine (the future
// `manifest generate` path), printing the object count: the bench's mesh side against
// `oracle generate --set profile=<p>`. Usage: node scripts/render-istio-once.js [profile]
import {renderIstio} from '../dist/render/istio/index.js';
import {engineRenderer} from '../dist/render/istio/engine-renderer.js';
import {parseSet} from '../dist/spec/set-value.js';

const profile = process.argv[2] ?? 'demo';
const {components} = await renderIstio([], [parseSet(`profile=${profile}`)], engineRenderer());
console.log(components.reduce((n, c) => n + c.objects.length, 0));
