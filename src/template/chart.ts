import {readdirSync, readFileSync} from 'node:fs';
import {join, relative, sep} from 'node:path';
import {cachedTrees, loadChartYaml} from './build-cache.js';
import type {TemplateSet} from './exec.js';
import {functions} from './functions/index.js';
import {helmError} from './helm-errors.js';
import {compile, execute} from './template.js';
import {deepCopyValue, fromJson, GoStruct, type GoMap, type GoValue} from './value.js';

/**
 * Renders a Helm chart directory as istioctl 1.31 does (operator/pkg/helm through Helm v4's
 * engine): release "istio", Istio's capabilities, chart defaults coalesced under the given values,
 * every template file rendered in Helm's order (their shared .Values may be changed by an earlier
 * one, as zzz_profile.yaml does), partials skipped, "<no value>" removed.
 */
export interface RenderOptions {
  namespace: string;
  releaseName?: string;
  /** Kubernetes minor version for .Capabilities; Istio 1.31 uses its minimum, 32. */
  kubeMinor?: number;
}

export const ISTIO_MIN_KUBE_MINOR = 32; // as src/render/istio/chart-renderer.ts

interface LoadedChart {
  name: string;
  metadata: Map<string, GoValue>;
  defaults: GoValue;
  files: Map<string, string>;
  /** Template paths ("name/templates/x.yaml") in Helm's render order. */
  order: string[];
  set: TemplateSet;
}

const cache = new Map<string, LoadedChart>();

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Helm's sortTemplates: deeper paths first, then names in reverse byte order. */
function helmOrder(a: string, b: string): number {
  const ca = a.split('/').length;
  const cb = b.split('/').length;
  if (ca !== cb) return cb - ca;
  return Buffer.compare(Buffer.from(b), Buffer.from(a));
}

const METADATA_FIELDS: [string, string][] = [
  ['name', 'Name'],
  ['home', 'Home'],
  ['sources', 'Sources'],
  ['version', 'Version'],
  ['description', 'Description'],
  ['keywords', 'Keywords'],
  ['maintainers', 'Maintainers'],
  ['icon', 'Icon'],
  ['apiVersion', 'APIVersion'],
  ['condition', 'Condition'],
  ['tags', 'Tags'],
  ['appVersion', 'AppVersion'],
  ['deprecated', 'Deprecated'],
  ['annotations', 'Annotations'],
  ['kubeVersion', 'KubeVersion'],
  ['dependencies', 'Dependencies'],
  ['type', 'Type'],
];
const LIST_FIELDS = new Set(['Sources', 'Keywords', 'Maintainers', 'Dependencies']);

function parseYaml(text: string): unknown {
  return loadChartYaml(text);
}

function loadChart(dir: string): LoadedChart {
  const hit = cache.get(dir);
  if (hit) return hit;
  const meta = fromJson(parseYaml(readFileSync(join(dir, 'Chart.yaml'), 'utf8')));
  const metaMap = meta instanceof Map ? meta : new Map<string, GoValue>();
  const name = String(metaMap.get('name') ?? '');
  const metadata = new Map<string, GoValue>();
  for (const [k, f] of METADATA_FIELDS) {
    const v = metaMap.get(k);
    if (f === 'Deprecated') metadata.set(f, v === true);
    else if (f === 'Annotations') metadata.set(f, v instanceof Map ? v : null);
    else if (LIST_FIELDS.has(f)) metadata.set(f, Array.isArray(v) ? v : null);
    else metadata.set(f, v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v));
  }
  let defaults: unknown = {};
  const files = new Map<string, string>();
  const templates: [string, string][] = [];
  for (const abs of walk(dir)) {
    const rel = relative(dir, abs).split(sep).join('/');
    if (rel === 'Chart.yaml') continue;
    if (rel === 'values.yaml') defaults = parseYaml(readFileSync(abs, 'utf8')) ?? {};
    else if (rel.startsWith('templates/')) templates.push([`${name}/${rel}`, readFileSync(abs, 'utf8')]);
    else if (!rel.startsWith('charts/') && rel !== 'values.schema.json')
      files.set(rel, readFileSync(abs, 'utf8'));
  }
  templates.sort((a, b) => helmOrder(a[0], b[0]));
  let set: TemplateSet;
  try {
    // The build cache (build-cache.ts) may hold these very files' trees.
    set = {
      ...compile([], functions),
      trees: cachedTrees(templates, () => compile(templates, functions).trees),
    };
  } catch (e) {
    throw helmError(name, e);
  }
  const loaded: LoadedChart = {
    name,
    metadata,
    defaults: fromJson(defaults),
    files,
    order: templates.map(([n]) => n),
    set,
  };
  cache.set(dir, loaded);
  return loaded;
}

const isTable = (v: GoValue | undefined): v is GoMap => v instanceof Map;

/** Helm's coalesceTables(dst = user, src = defaults): user wins; a user null deletes a default. */
function coalesceTables(dst: GoMap, src: GoMap): GoMap {
  for (const [key, val] of src) {
    const has = dst.has(key);
    const dv = dst.get(key);
    if (has && dv === null) dst.delete(key);
    else if (!has) dst.set(key, val);
    else if (isTable(val) && isTable(dv)) coalesceTables(dv, val);
  }
  return dst;
}

function filesStruct(files: Map<string, string>): GoStruct {
  const get = (name: GoValue): string => (typeof name === 'string' ? (files.get(name) ?? '') : '');
  return new GoStruct(
    'engine.files',
    new Map(),
    new Map<string, (...a: GoValue[]) => GoValue>([
      ['Get', get],
      ['GetBytes', get],
      [
        'Lines',
        (name) => {
          let s = get(name);
          if (s === '') return [];
          if (s.endsWith('\n')) s = s.slice(0, -1);
          return s.split('\n');
        },
      ],
      [
        'Glob',
        (pattern) => {
          const part = (p: string): string =>
            p
              .replace(/[.+^${}()|\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]');
          const re = new RegExp('^' + String(pattern).split('**').map(part).join('.*') + '$');
          return filesStruct(new Map([...files].filter(([k]) => re.test(k))));
        },
      ],
    ]),
  );
}

function capabilities(kubeMinor: number): GoStruct {
  const version = `v1.${kubeMinor}.0`;
  const kube = new GoStruct(
    '*common.KubeVersion',
    new Map<string, GoValue>([
      ['Version', version],
      ['Major', '1'],
      ['Minor', String(kubeMinor)],
    ]),
    new Map([
      ['String', () => version],
      ['GitVersion', () => version],
    ]),
  );
  const helm = new GoStruct(
    'common.HelmVersion',
    new Map<string, GoValue>([
      ['Version', 'v4.2'],
      ['GitCommit', ''],
      ['GitTreeState', ''],
      ['GoVersion', ''],
    ]),
  );
  const apis = new GoStruct('common.VersionSet', new Map(), new Map([['Has', () => true]]));
  return new GoStruct(
    '*common.Capabilities',
    new Map<string, GoValue>([
      ['KubeVersion', kube],
      ['APIVersions', apis],
      ['HelmVersion', helm],
    ]),
  );
}

/** Renders every template of the chart; keys are Helm's ("istiod/templates/x.yaml"), sorted. */
export function renderChart(chartDir: string, values: unknown, opts: RenderOptions): Map<string, string> {
  const chart = loadChart(chartDir);
  const user = fromJson(values ?? {});
  const defaults = deepCopyValue(chart.defaults);
  const vals = isTable(user)
    ? isTable(defaults)
      ? coalesceTables(user, defaults)
      : user
    : isTable(defaults)
      ? defaults
      : new Map<string, GoValue>();
  const chartStruct = new GoStruct(
    'struct { *chart.Metadata; IsRoot bool }',
    new Map([...chart.metadata, ['IsRoot', true]]),
  );
  const top: GoMap = new Map<string, GoValue>([
    ['Chart', chartStruct],
    ['Files', filesStruct(chart.files)],
    [
      'Release',
      new Map<string, GoValue>([
        ['Name', opts.releaseName ?? 'istio'],
        ['Namespace', opts.namespace],
        ['IsUpgrade', false],
        ['IsInstall', false],
        ['Revision', 0n],
        ['Service', 'Helm'],
      ]),
    ],
    ['Capabilities', capabilities(opts.kubeMinor ?? ISTIO_MIN_KUBE_MINOR)],
    ['Values', vals],
    ['Subcharts', new Map()],
  ]);
  const out = new Map<string, string>();
  for (const name of chart.order) {
    if ((name.split('/').pop() ?? '').startsWith('_')) continue;
    top.set(
      'Template',
      new Map<string, GoValue>([
        ['Name', name],
        ['BasePath', `${chart.name}/templates`],
      ]),
    );
    let text: string;
    try {
      text = execute(chart.set, name, top);
    } catch (e) {
      throw helmError(name, e);
    }
    out.set(name, text.replaceAll('<no value>', ''));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
