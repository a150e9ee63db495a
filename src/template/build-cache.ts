import {createHash} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, sep} from 'node:path';
import yaml from 'js-yaml';
import {fromJson, GoFunc, GoStruct, type GoValue} from './value.js';

/**
 * fromYaml and toYaml results computed at build time (scripts/build-render-cache.js) for the
 * large inputs Istio's profiles render: parsing and re-emitting the base chart's CRDs (a
 * megabyte of YAML) is most of a cold `manifest generate`, and a cold process pays for it in
 * unoptimized code. Every entry is keyed by a SHA-256 of its input, so the cache only answers
 * for content it holds; the file also records a hash of the engine's code (dist/template) and is
 * ignored when that code has changed since. It is read only when MESH_RENDER_CACHE names it
 * (bin/run.js does for the CLI; tests do not, so they exercise the engine).
 */

/** Where the emitter is after writing a cached value: enough to carry on as if it had written it. */
export interface EmittedValue {
  text: string;
  column: number;
  whitespace: boolean;
  indention: boolean;
}

interface CacheFile {
  format: number;
  /** sha256 over dist/template's .js files (path and content), as the build saw them. */
  code: string;
  /** sha256(YAML text) → the parsed value as JSON. */
  parsed: Record<string, unknown>;
  /** sha256(valueKey) → the emitted text of that value under a top-level mapping key. */
  emitted: Record<string, EmittedValue>;
  /** sha256(YAML text) → the JSON of its documents as js-yaml's default schema loads them (loadDocuments). */
  documents: Record<string, string>;
}

const FORMAT = 1;

/** Inputs smaller than this are cheaper to compute than to look up. */
export const PARSED_MIN_LENGTH = 2048;
export const EMITTED_MIN_KEY_LENGTH = 4096;

type Loaded = Pick<CacheFile, 'parsed' | 'emitted' | 'documents'>;

let loaded: Loaded | null | undefined;
let recording: CacheFile | undefined;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true})
    .flatMap((entry) =>
      entry.isDirectory()
        ? jsFiles(join(dir, entry.name))
        : entry.name.endsWith('.js')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

/** The hash of the engine's built code: the .js files under dist/template, by relative path and content. */
export function codeHash(templateDir: string): string {
  const hash = createHash('sha256');
  for (const file of jsFiles(templateDir)) {
    hash.update(relative(templateDir, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** dist/template beside a cache file in dist/. */
function templateDirFor(cacheFile: string): string {
  return join(dirname(cacheFile), 'template');
}

function load(): Loaded | null {
  const file = process.env.MESH_RENDER_CACHE;
  if (!file) return null;
  try {
    const cache = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (cache.format !== FORMAT || cache.code !== codeHash(templateDirFor(file))) return null;
    return {parsed: cache.parsed, emitted: cache.emitted, documents: cache.documents};
  } catch {
    return null; // missing or unreadable: render without it
  }
}

function active(): Loaded | null {
  if (recording) return recording;
  if (loaded === undefined) loaded = load();
  return loaded;
}

/** Whether toYaml should look for cached values (computing their keys costs a walk of the value). */
export function emittedCacheActive(): boolean {
  const cache = active();
  return cache !== null && (recording !== undefined || Object.keys(cache.emitted).length > 0);
}

/** fromYaml's document for this text, a new value on every call: from the cache, else undefined. */
export function cachedParse(text: string): GoValue | undefined {
  const cache = text.length >= PARSED_MIN_LENGTH ? active() : null;
  if (!cache) return undefined;
  const hit = cache.parsed[sha256(text)];
  return hit === undefined ? undefined : fromJson(hit);
}

/** Keeps parse(text)'s value in the cache being recorded, if JSON carries it exactly. */
export function recordParse(text: string, value: GoValue): void {
  if (!recording || text.length < PARSED_MIN_LENGTH) return;
  const key = sha256(text);
  if (key in recording.parsed) return;
  const json = jsonOf(value);
  // No NaN, ±Infinity or -0, and maps that keep their order through JSON.
  if (json !== undefined && valueKey(fromJson(JSON.parse(JSON.stringify(json)))) === valueKey(value))
    recording.parsed[key] = json;
}

/**
 * yaml.loadAll(text) with js-yaml's default schema, as the render pipeline reads the documents a
 * chart renders (src/render/istio/generate.ts): from the cache when it holds the text (new
 * objects on every call: callers change them), else loaded (and recorded when recording).
 */
export function loadDocuments(text: string): unknown[] {
  const cache = text.length >= PARSED_MIN_LENGTH ? active() : null;
  if (!cache) return yaml.loadAll(text);
  const key = sha256(text);
  const hit = cache.documents[key];
  if (hit !== undefined) return JSON.parse(hit) as unknown[];
  const documents = yaml.loadAll(text);
  if (recording && isJsonExact(documents)) recording.documents[key] = JSON.stringify(documents);
  return documents;
}

/** Whether JSON.parse(JSON.stringify(value)) gives the same value back: plain data, finite numbers, no -0. */
function isJsonExact(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isJsonExact);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every(isJsonExact);
}

/**
 * An injective text for a value (its type and content; maps in their own order), or undefined
 * for what the cache does not hold (structs, functions, numbers JSON cannot carry).
 */
export function valueKey(value: GoValue): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? `f${value}` : undefined;
    case 'bigint':
      return `i${value}`;
  }
  if (value instanceof GoStruct || value instanceof GoFunc) return undefined;
  if (Array.isArray(value)) {
    let out = '[';
    for (const item of value) {
      const key = valueKey(item);
      if (key === undefined) return undefined;
      out += key + ',';
    }
    return out + ']';
  }
  let out = '{';
  for (const [k, v] of value) {
    const key = valueKey(v);
    if (key === undefined) return undefined;
    out += JSON.stringify(k) + ':' + key + ',';
  }
  return out + '}';
}

function jsonOf(value: GoValue): unknown {
  if (value instanceof Map) {
    // No prototype: a "__proto__" key stays a key.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of value) {
      const item = jsonOf(v);
      if (item === undefined) return undefined;
      out[k] = item;
    }
    return out;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) {
      const item = jsonOf(v);
      if (item === undefined) return undefined;
      out.push(item);
    }
    return out;
  }
  if (typeof value === 'bigint' || value instanceof GoStruct || value instanceof GoFunc) return undefined;
  return value;
}

/** The cache entry for a value's text under a top-level mapping key, if its key is long enough to be worth it. */
export function emittedKey(value: GoValue): string | undefined {
  const key = valueKey(value);
  return key !== undefined && key.length >= EMITTED_MIN_KEY_LENGTH ? sha256(key) : undefined;
}

export function cachedEmitted(key: string): EmittedValue | undefined {
  return active()?.emitted[key];
}

export function recordEmitted(key: string, emitted: EmittedValue): void {
  if (recording) recording.emitted[key] = emitted;
}

/** Starts recording (the build script): every lookup from now on is computed and kept. */
export function startRecording(): void {
  recording = {format: FORMAT, code: '', parsed: {}, emitted: {}, documents: {}};
}

/** Ends recording and returns the cache file's text for cacheFile (its code hash from dist/template beside it). */
export function finishRecording(cacheFile: string): string {
  if (!recording) throw new Error('finishRecording without startRecording');
  const cache = {...recording, code: codeHash(templateDirFor(cacheFile))};
  recording = undefined;
  loaded = undefined;
  return JSON.stringify(cache);
}

/** Forgets the loaded cache, so the next lookup reads MESH_RENDER_CACHE again (tests). */
export function resetRenderCache(): void {
  loaded = undefined;
}
