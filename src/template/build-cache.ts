import {createHash} from 'node:crypto';
import {closeSync, openSync, readdirSync, readFileSync, readSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join, relative, sep} from 'node:path';
import yaml from 'js-yaml';
import type {Tree} from './parse.js';
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

/**
 * The file: one line of JSON (format, code hash, and where each entry's JSON sits in the rest),
 * then the entries' JSON back to back, ASCII only (other characters as \u escapes): Node decodes
 * ASCII many times faster than UTF-8, and only the entries a render asks for are parsed.
 * Entry keys: "p:" + sha256(YAML text) for fromYaml values, "e:" + sha256(valueKey) for emitted
 * values, "d:" + sha256(YAML text) for loaded documents, "v:" + sha256(YAML text) for a chart's
 * values.yaml, "t:" + sha256(template files) for a chart's parse trees.
 */
interface CacheHeader {
  format: number;
  /** sha256 over dist/template's .js files (path and content), as the build saw them. */
  code: string;
  /** Entry key → [offset, length] in the text after the header line. */
  entries: Record<string, [number, number]>;
}

const FORMAT = 2;

/** Inputs smaller than this are cheaper to compute than to look up. */
export const PARSED_MIN_LENGTH = 2048;
export const EMITTED_MIN_KEY_LENGTH = 4096;

/** What lookups need of the entries: the recording's Map, or a file read entry by entry. */
interface Entries {
  get(key: string): string | undefined;
  has(key: string): boolean;
  keys(): Iterable<string>;
}

let loaded: Entries | null | undefined;
let recording: Map<string, string> | undefined;

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

/**
 * The hash of the engine's built code: the .js files under dist/template, by relative path and
 * content, and the version of js-yaml they load YAML with.
 */
export function codeHash(templateDir: string): string {
  const hash = createHash('sha256');
  for (const file of jsFiles(templateDir)) {
    hash.update(relative(templateDir, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  const jsYaml = JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('js-yaml/package.json'), 'utf8'),
  ) as {version: string};
  hash.update(`js-yaml@${jsYaml.version}`);
  return hash.digest('hex');
}

/** dist/template beside a cache file in dist/. */
function templateDirFor(cacheFile: string): string {
  return join(dirname(cacheFile), 'template');
}

/** The cache file's text for these entries (key → JSON). */
export function serializeCache(code: string, entries: ReadonlyMap<string, string>): string {
  const index: CacheHeader['entries'] = {};
  let data = '';
  for (const [key, json] of entries) {
    const ascii = json.replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    index[key] = [data.length, ascii.length];
    data += ascii;
  }
  const header: CacheHeader = {format: FORMAT, code, entries: index};
  return JSON.stringify(header) + '\n' + data;
}

/** A cache file's code hash and entries (key → JSON); throws on a file of another format. */
export function parseCache(text: string): {code: string; entries: Map<string, string>} {
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as CacheHeader;
  if (header.format !== FORMAT) throw new Error(`render cache format ${header.format}, not ${FORMAT}`);
  const data = newline + 1;
  const entries = new Map<string, string>();
  for (const [key, [offset, length]] of Object.entries(header.entries))
    entries.set(key, text.slice(data + offset, data + offset + length));
  return {code: header.code, entries};
}

/**
 * The cache file's entries, each read from the file when asked for: a render needs a fraction of
 * them (one profile's documents), and reading is what costs on a cold start.
 */
class FileEntries implements Entries {
  constructor(
    private readonly fd: number,
    private readonly dataStart: number,
    private readonly index: CacheHeader['entries'],
  ) {}
  get(key: string): string | undefined {
    const at = Object.hasOwn(this.index, key) ? this.index[key] : undefined;
    if (!at) return undefined;
    const buffer = Buffer.allocUnsafe(at[1]);
    if (readSync(this.fd, buffer, 0, at[1], this.dataStart + at[0]) !== at[1]) return undefined;
    return buffer.toString('latin1', 0, at[1]);
  }
  has(key: string): boolean {
    return Object.hasOwn(this.index, key);
  }
  keys(): Iterable<string> {
    return Object.keys(this.index);
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** Reads the header line of an open cache file; the entries stay on disk until asked for. */
function openEntries(fd: number): {code: string; entries: FileEntries} {
  const chunks: Buffer[] = [];
  let length = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const read = readSync(fd, chunk, 0, chunk.length, length);
    if (read === 0) throw new Error('render cache: no header line');
    const newline = chunk.subarray(0, read).indexOf(10);
    if (newline >= 0) {
      chunks.push(chunk.subarray(0, newline));
      length += newline;
      break;
    }
    chunks.push(chunk.subarray(0, read));
    length += read;
  }
  const header = JSON.parse(Buffer.concat(chunks, length).toString('latin1')) as CacheHeader;
  if (header.format !== FORMAT) throw new Error(`render cache format ${header.format}, not ${FORMAT}`);
  return {code: header.code, entries: new FileEntries(fd, length + 1, header.entries)};
}

function load(): Entries | null {
  const file = process.env.MESH_RENDER_CACHE;
  if (!file) return null;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const {code, entries} = openEntries(fd);
    if (code === codeHash(templateDirFor(file))) return entries;
  } catch {
    // missing, unreadable or of another format: render without it
  }
  if (fd !== undefined) closeSync(fd);
  return null;
}

function active(): Entries | null {
  if (recording) return recording;
  if (loaded === undefined) loaded = load();
  return loaded;
}

let emittedEntries: boolean | undefined;

/** Whether toYaml should look for cached values (computing their keys costs a walk of the value). */
export function emittedCacheActive(): boolean {
  if (recording) return true;
  const cache = active();
  if (cache === null) return false;
  emittedEntries ??= [...cache.keys()].some((key) => key.startsWith('e:'));
  return emittedEntries;
}

/** fromYaml's document for this text, a new value on every call: from the cache, else undefined. */
export function cachedParse(text: string): GoValue | undefined {
  const cache = text.length >= PARSED_MIN_LENGTH ? active() : null;
  if (!cache) return undefined;
  const key = 'p:' + sha256(text);
  // The base chart parses each CRD twice: the JSON is kept (fromJson makes new maps every time).
  let json = parsedJson.get(key);
  if (json === undefined) {
    const hit = cache.get(key);
    if (hit === undefined) return undefined;
    json = JSON.parse(hit) as unknown;
    parsedJson.set(key, json);
  }
  hits++;
  return fromJson(json);
}

const parsedJson = new Map<string, unknown>();

let hits = 0;

/** How many lookups the cache has answered in this process (tests, diagnostics). */
export function renderCacheHits(): number {
  return hits;
}

/** Keeps parse(text)'s value in the cache being recorded, if JSON carries it exactly. */
export function recordParse(text: string, value: GoValue): void {
  if (!recording || text.length < PARSED_MIN_LENGTH) return;
  const key = 'p:' + sha256(text);
  if (recording.has(key)) return;
  const json = jsonOf(value);
  if (json === undefined) return;
  const text2 = JSON.stringify(json);
  // No NaN, ±Infinity or -0, and maps that keep their order through JSON.
  if (valueKey(fromJson(JSON.parse(text2))) === valueKey(value)) recording.set(key, text2);
}

/** JSON-exact data loaded from a text: from the cache (a new value on every call), else load(text). */
function cachedLoad<T>(prefix: string, text: string, load: (text: string) => T): T {
  const cache = text.length >= PARSED_MIN_LENGTH ? active() : null;
  if (!cache) return load(text);
  const key = prefix + sha256(text);
  const hit = cache.get(key);
  if (hit !== undefined) {
    hits++;
    return JSON.parse(hit) as T;
  }
  const value = load(text);
  if (recording && isJsonExact(value)) recording.set(key, JSON.stringify(value));
  return value;
}

/**
 * yaml.loadAll(text) with js-yaml's default schema, as the render pipeline reads the documents a
 * chart renders (src/render/istio/generate.ts): from the cache when it holds the text (new
 * objects on every call: callers change them), else loaded (and recorded when recording).
 */
export function loadDocuments(text: string): unknown[] {
  return cachedLoad('d:', text, (t) => yaml.loadAll(t));
}

/** A chart's values.yaml or Chart.yaml as Helm's loader reads it (YAML 1.2 core schema), cached likewise. */
export function loadChartYaml(text: string): unknown {
  return cachedLoad('v:', text, (t) => yaml.load(t, {schema: yaml.CORE_SCHEMA}));
}

// --- parse trees ---------------------------------------------------------------------------

/** A chart's templates as compile() gets them, as one key. */
function templatesKey(files: readonly (readonly [string, string])[]): string {
  const hash = createHash('sha256');
  for (const [name, text] of files) hash.update(`${name.length}:${name}${text.length}:`).update(text);
  return 't:' + hash.digest('hex');
}

interface SerializedTrees {
  /** The compiled set: template name → index in trees. */
  names: [string, number][];
  /** Every tree, its nodes' `tree` fields as indexes here; its text is its file's (parseName). */
  trees: {name: string; parseName: string; root: unknown}[];
}

/**
 * The parse trees of a chart's templates (compile's result for these files): from the cache when
 * it holds these exact files, else compileTrees() (recorded when recording). Parsing the demo's
 * four charts is ~150 KB of templates, tens of milliseconds before the JIT warms up.
 */
export function cachedTrees(
  files: readonly (readonly [string, string])[],
  compileTrees: () => Map<string, Tree>,
): Map<string, Tree> {
  const cache = active();
  if (!cache) return compileTrees();
  const key = templatesKey(files);
  const texts = new Map(files);
  const hit = cache.get(key);
  if (hit !== undefined) {
    const revived = reviveTrees(hit, texts);
    if (revived) {
      hits++;
      return revived;
    }
  }
  const trees = compileTrees();
  if (recording) {
    const json = serializeTrees(trees, texts);
    const revived = json === undefined ? undefined : reviveTrees(json, texts);
    if (json !== undefined && revived && sameTrees(trees, revived)) recording.set(key, json);
  }
  return trees;
}

function serializeTrees(trees: Map<string, Tree>, texts: Map<string, string>): string | undefined {
  const ids = new Map<Tree, number>();
  const order: Tree[] = [];
  const idOf = (tree: Tree): number => {
    let id = ids.get(tree);
    if (id === undefined) {
      id = order.length;
      ids.set(tree, id);
      order.push(tree);
    }
    return id;
  };
  const names: [string, number][] = [...trees].map(([name, tree]) => [name, idOf(tree)]);
  const serialized: SerializedTrees['trees'] = [];
  const replacer = (key: string, value: unknown): unknown => {
    if (key === 'tree' && typeof value === 'object' && value !== null) return idOf(value as Tree);
    if (typeof value === 'bigint') return {$bigint: value.toString()};
    return value;
  };
  // Nodes may name trees not yet listed: serialize until every one is.
  for (let i = 0; i < order.length; i++) {
    const tree = order[i]!;
    if (texts.get(tree.parseName) !== tree.text) return undefined;
    serialized.push({
      name: tree.name,
      parseName: tree.parseName,
      root: JSON.parse(JSON.stringify(tree.root, replacer)) as unknown,
    });
  }
  return JSON.stringify({names, trees: serialized} satisfies SerializedTrees);
}

function reviveTrees(json: string, texts: Map<string, string>): Map<string, Tree> | undefined {
  const {names, trees} = JSON.parse(json) as SerializedTrees;
  const revived: Tree[] = [];
  for (const {name, parseName, root} of trees) {
    const text = texts.get(parseName);
    if (text === undefined) return undefined;
    revived.push({name, parseName, text, root: root as Tree['root']});
  }
  const link = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = link(value[i]);
      return value;
    }
    const node = value as Record<string, unknown>;
    if (typeof node.$bigint === 'string') return BigInt(node.$bigint);
    // for-in: no key array per node (JSON.parse gives plain objects, own keys only).
    for (const key in node) {
      const field = node[key];
      if (key === 'tree' && typeof field === 'number') node[key] = revived[field];
      else if (typeof field === 'object' && field !== null) node[key] = link(field);
    }
    return node;
  };
  for (const tree of revived) link(tree.root);
  return new Map(names.map(([name, id]) => [name, revived[id]!]));
}

/** Whether two compiled sets are the same trees (nodes compared field by field, `tree` by name and text). */
function sameTrees(a: Map<string, Tree>, b: Map<string, Tree>): boolean {
  const same = (x: unknown, y: unknown, key?: string): boolean => {
    if (key === 'tree') {
      const [tx, ty] = [x as Tree, y as Tree];
      return tx.name === ty.name && tx.parseName === ty.parseName && tx.text === ty.text;
    }
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) return Object.is(x, y);
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const kx = Object.keys(x);
    if (kx.length !== Object.keys(y).length) return false;
    return kx.every(
      (k) => k in y && same((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], k),
    );
  };
  if (a.size !== b.size) return false;
  for (const [name, tree] of a) {
    const other = b.get(name);
    if (!other || !same(tree, other, 'tree') || !same(tree.root, other.root)) return false;
  }
  return true;
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
 * for what the cache does not hold (structs, functions, numbers JSON cannot carry). Each kind has
 * its own first character and strings carry their length, so no two values share a text.
 */
export function valueKey(value: GoValue): string | undefined {
  if (value === null) return 'z';
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? `d${value};` : undefined;
    case 'bigint':
      return `i${value};`;
  }
  if (value instanceof GoStruct || value instanceof GoFunc) return undefined;
  if (Array.isArray(value)) {
    let out = '[';
    for (const item of value) {
      const key = valueKey(item);
      if (key === undefined) return undefined;
      out += key;
    }
    return out + ']';
  }
  let out = '{';
  for (const [k, v] of value) {
    const key = valueKey(v);
    if (key === undefined) return undefined;
    out += `${k.length}:${k}${key}`;
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
  return key !== undefined && key.length >= EMITTED_MIN_KEY_LENGTH ? 'e:' + sha256(key) : undefined;
}

export function cachedEmitted(key: string): EmittedValue | undefined {
  const hit = active()?.get(key);
  if (hit === undefined) return undefined;
  hits++;
  return JSON.parse(hit) as EmittedValue;
}

export function recordEmitted(key: string, emitted: EmittedValue): void {
  if (recording) recording.set(key, JSON.stringify(emitted));
}

/** Starts recording (the build script): every lookup from now on is computed and kept. */
export function startRecording(): void {
  recording = new Map();
}

/** Ends recording and returns the cache file's text for cacheFile (its code hash from dist/template beside it). */
export function finishRecording(cacheFile: string): string {
  if (!recording) throw new Error('finishRecording without startRecording');
  const text = serializeCache(codeHash(templateDirFor(cacheFile)), recording);
  recording = undefined;
  resetRenderCache();
  return text;
}

/** Forgets the loaded cache, so the next lookup reads MESH_RENDER_CACHE again (tests). */
export function resetRenderCache(): void {
  if (loaded instanceof FileEntries) loaded.close();
  loaded = undefined;
  emittedEntries = undefined;
  parsedJson.clear();
}
