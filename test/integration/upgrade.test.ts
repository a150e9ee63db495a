import yaml from 'js-yaml';
import semver from 'semver';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../src/commands/install.js';
import Upgrade from '../../src/commands/upgrade.js';
import {readObject} from '../../src/cluster/apply.js';
import type {Cluster} from '../../src/cluster/client.js';
import {imageTag} from '../../src/install/preflight.js';
import {ISTIO_VERSION} from '../../src/version.js';
import {kubeconfig, purgeMesh, testCluster} from '../support/cluster.js';
import {runCommand} from '../support/run-command.js';

let cluster: Cluster;
const withConfig = (argv: string[]) => [...argv, '--kubeconfig', kubeconfig()];
const install = (...argv: string[]) => runCommand(Install, withConfig(argv));
const upgrade = (...argv: string[]) => runCommand(Upgrade, withConfig(argv));
const target = semver.parse(ISTIO_VERSION)!;
const twoBack = `${target.major}.${target.minor - 2}.0`;
const oneBack = `${target.major}.${target.minor - 1}.0`;

async function istiodTag(): Promise<string | undefined> {
  const live = await readObject(cluster, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'istiod', namespace: 'istio-system'},
  });
  return live ? imageTag(live) : undefined;
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
});
afterAll(async () => purgeMesh(cluster));

describe('mesh upgrade', () => {
  it('refuses when no control plane of the revision is installed', async () => {
    const result = await upgrade('-y', '--set', 'profile=minimal');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      'Error: failed to read the current Istio version, error: istio control plane not found in namespace: istio-system\n' +
        '  hint: no Deployment istiod to upgrade; install it with mesh install\n',
    );
  });

  it('refuses a two-minor jump and writes nothing', async () => {
    expect((await install('-y', '--set', 'profile=minimal', '--set', `tag=${twoBack}`)).exitCode).toBe(0);
    const result = await upgrade('-y', '--set', 'profile=minimal');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `Error: upgrade version check failed: ${twoBack} -> ${ISTIO_VERSION}. Error: upgrading across more than one minor version (${target.major}.${target.minor - 2} to ${target.major}.${target.minor}) in one step is not supported\n` +
        `  hint: upgrade to ${target.major}.${target.minor - 1} first, or pass --force\n`,
    );
    expect(await istiodTag()).toBe(twoBack);
  });

  it('upgrades one minor in place', async () => {
    expect((await install('-y', '--set', 'profile=minimal', '--set', `tag=${oneBack}`)).exitCode).toBe(0);
    const result = await upgrade('-y', '--set', 'profile=minimal');
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Upgrade version check passed: ${oneBack} -> ${ISTIO_VERSION}.`);
    expect(lines.at(-1)).toBe(`Success. Now the Istio control plane is running at version ${ISTIO_VERSION}.`);
    expect(await istiodTag()).toBe(ISTIO_VERSION);
  });

  it('-o yaml: the version check and the install are one stream of YAML documents', async () => {
    const result = await upgrade('-y', '--dry-run', '-o', 'yaml', '--set', 'profile=minimal');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^---\ntype: notice\nmessage: 'Upgrade version check passed: ${ISTIO_VERSION} -> ${ISTIO_VERSION}\\.'\n---\n`,
      ),
    );
    expect(result.stdout.endsWith('---\ntype: complete\ndryRun: true\n')).toBe(true);
    const docs = yaml.loadAll(result.stdout) as {type: string}[];
    expect(docs.filter((doc) => doc.type === 'finding').length).toBeGreaterThan(0);
  });
});
