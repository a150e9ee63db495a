/**
 * The `mesh manifest generate` runs the render tests share: every built-in profile and the
 * variants of issue 3, each with the name of its golden file. Outputs are computed once per
 * test file (in-process, through the oclif command) and parsed with js-yaml.
 */
import {createHash} from 'node:crypto';
import yaml from 'js-yaml';
import ManifestGenerate from '../../../src/commands/manifest/generate.js';
import type {K8sObject} from '../../../src/render/index.js';
import {ROOT, runCommand, type CommandResult} from '../../support/run-command.js';

/** A fixture's path relative to the repository root (as golden headers and error messages show it). */
export const fixture = (name: string): string => `test/fixtures/manifest-generate/${name}`;

export interface ManifestCase {
  /** Golden file name under test/golden/manifest-generate/, without `.yaml`. */
  name: string;
  /** The arguments after `mesh manifest generate`; `-f` files relative to the repository root. */
  args: string[];
  /** The install namespace the output should start with. */
  namespace: string;
}

export const PROFILE_CASES: ManifestCase[] = [
  'default',
  'demo',
  'minimal',
  'empty',
  'preview',
  'ambient',
].map((profile) => ({
  name: profile,
  args: profile === 'default' ? [] : ['--set', `profile=${profile}`],
  namespace: 'istio-system',
}));

export const VARIANT_CASES: ManifestCase[] = [
  {name: 'access-log', args: ['--set', 'meshConfig.accessLogFile=/dev/stdout'], namespace: 'istio-system'},
  {
    name: 'demo-without-egress',
    args: [
      '--set',
      'profile=demo',
      '--set',
      'components.egressGateways[name:istio-egressgateway].enabled=false',
    ],
    namespace: 'istio-system',
  },
  {
    name: 'pilot-replicas-resources',
    args: [
      '--set',
      'components.pilot.k8s.replicaCount=2',
      '--set',
      'values.pilot.autoscaleEnabled=false',
      '--set',
      'components.pilot.k8s.resources.requests.cpu=1',
    ],
    namespace: 'istio-system',
  },
  {name: 'second-gateway', args: ['-f', fixture('second-gateway.yaml')], namespace: 'istio-system'},
  {name: 'revision-canary', args: ['-r', 'canary'], namespace: 'istio-system'},
  {name: 'overlay-patch', args: ['-f', fixture('overlay-patch.yaml')], namespace: 'istio-system'},
];

export const ALL_CASES: ManifestCase[] = [...PROFILE_CASES, ...VARIANT_CASES];

/** argv for the command: `-f` files become absolute, so the tests do not depend on the working directory. */
export function argvOf(args: readonly string[]): string[] {
  return args.map((arg, i) => (args[i - 1] === '-f' ? `${ROOT}${arg}` : arg));
}

export async function generate(args: readonly string[]): Promise<CommandResult> {
  return runCommand(ManifestGenerate, argvOf(args));
}

const outputs = new Map<string, Promise<CommandResult>>();

/** The command's result for a case, computed once. */
export function outputOf(manifestCase: ManifestCase): Promise<CommandResult> {
  let output = outputs.get(manifestCase.name);
  if (!output) {
    output = generate(manifestCase.args);
    outputs.set(manifestCase.name, output);
  }
  return output;
}

/** The YAML documents of a manifest, parsed. */
export function parseManifest(text: string): K8sObject[] {
  return yaml.loadAll(text) as K8sObject[];
}

export async function objectsOf(manifestCase: ManifestCase): Promise<K8sObject[]> {
  const result = await outputOf(manifestCase);
  if (result.exitCode !== 0)
    throw new Error(`manifest generate ${manifestCase.args.join(' ')} failed: ${result.stderr}`);
  return parseManifest(result.stdout);
}

/** The one object of a kind and name, or an error naming what is there. */
export function find(
  objects: readonly K8sObject[],
  kind: string,
  name: string,
  namespace?: string,
): K8sObject {
  const found = objects.filter(
    (o) =>
      o.kind === kind &&
      o.metadata.name === name &&
      (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (found.length !== 1) {
    const present = objects
      .filter((o) => o.kind === kind)
      .map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    throw new Error(
      `expected one ${kind} ${name}, found ${found.length}; ${kind}s present: ${present.join(', ')}`,
    );
  }
  return found[0]!;
}

/**
 * A golden file's text: a header naming the command, then the output with each CRD's `spec`
 * replaced by one line holding its SHA-256. The CRDs are Istio's base chart's (and mesh's own
 * IstioOperator CRD, manifests/crds/); eliding them keeps the goldens readable instead of
 * repeating megabytes of schema each, while any change to a CRD still changes the golden.
 * Everything else is the command's output, byte for byte.
 */
export function goldenText(manifestCase: ManifestCase, stdout: string): string {
  const documents = stdout === '' ? [] : stdout.split(/^---\n/m);
  const elided = documents.map((document) => {
    if (!/^kind: CustomResourceDefinition$/m.test(document)) return document;
    const at = document.search(/^spec:$/m);
    if (at < 0) throw new Error(`a CustomResourceDefinition without a top-level spec:\n${document}`);
    const spec = document.slice(at);
    const digest = createHash('sha256').update(spec).digest('hex');
    return `${document.slice(0, at)}spec: <elided: ${spec.split('\n').length - 1} lines, sha256 ${digest}>\n`;
  });
  const header = `# mesh manifest generate ${manifestCase.args.join(' ')}`.trimEnd();
  return `${header}\n${elided.join('---\n')}`;
}
