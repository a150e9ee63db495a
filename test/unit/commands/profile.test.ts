import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import ProfileDiff from '../../../src/commands/profile/diff.js';
import ProfileDump from '../../../src/commands/profile/dump.js';
import ProfileList from '../../../src/commands/profile/list.js';
import {runCommand} from '../../support/run-command.js';

/** Istio 1.31.0's profiles, sorted. */
const PROFILES = [
  'ambient',
  'default',
  'demo',
  'empty',
  'minimal',
  'openshift',
  'openshift-ambient',
  'preview',
  'remote',
  'stable',
];

describe('mesh profile list', () => {
  it('prints the profiles, indented', async () => {
    const result = await runCommand(ProfileList, []);
    expect(result.stdout).toBe(
      `Istio configuration profiles:\n${PROFILES.map((name) => `    ${name}\n`).join('')}`,
    );
    expect(result.exitCode).toBe(0);
  });
});

describe('mesh profile dump', () => {
  it('prints a subtree with --config-path', async () => {
    const result = await runCommand(ProfileDump, ['minimal', '--config-path', 'components.ingressGateways']);
    expect(result.stdout).toBe('- name: istio-ingressgateway\n  enabled: false\n');
  });

  it('prints path=value flags under -p as whole --set paths, sorted and quoted', async () => {
    const result = await runCommand(ProfileDump, ['demo', '-o', 'flags', '-p', 'components.egressGateways']);
    expect(result.stdout).toBe(
      [
        'components.egressGateways=[]',
        'components.egressGateways[0].enabled=true',
        'components.egressGateways[0].name="istio-egressgateway"',
        '',
      ].join('\n'),
    );
  });

  it('prints flags relative to spec: no apiVersion, kind, metadata or spec. prefix', async () => {
    const result = await runCommand(ProfileDump, ['minimal', '-o', 'flags']);
    expect(result.stdout.split('\n').slice(0, 4)).toEqual([
      'components.base.enabled=true',
      'components.egressGateways=[]',
      'components.egressGateways[0].enabled=false',
      'components.egressGateways[0].name="istio-egressgateway"',
    ]);
    expect(result.stdout).not.toMatch(/^(apiVersion|kind|metadata|spec)[.=]/m);
    expect(result.stdout).toContain('\nprofile="minimal"\n');
  });

  it('-p with a selector keeps it, so the lines still name the element', async () => {
    const result = await runCommand(ProfileDump, [
      '-o',
      'flags',
      '-p',
      'components.ingressGateways[name:istio-ingressgateway].enabled',
    ]);
    expect(result.stdout).toBe('components.ingressGateways[name:istio-ingressgateway].enabled=true\n');
  });

  it('an index past the end names one new element for the whole command', async () => {
    const sets = [
      '--set',
      'components.pilot.k8s.env[5].name=A',
      '--set',
      'components.pilot.k8s.env[5].value=B',
      '--set',
      'components.pilot.k8s.env[7].name=C',
    ];
    const result = await runCommand(ProfileDump, [...sets, '-p', 'components.pilot.k8s', '-o', 'json']);
    expect(JSON.parse(result.stdout)).toEqual({env: [{name: 'A', value: 'B'}, {name: 'C'}]});
  });

  it('prints the whole IstioOperator with its header', async () => {
    const result = await runCommand(ProfileDump, ['--set', 'meshConfig.accessLogFile=/dev/stdout']);
    expect(
      result.stdout.startsWith(
        'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  namespace: istio-system\nspec:\n',
      ),
    ).toBe(true);
    expect(result.stdout).toContain('    accessLogFile: /dev/stdout\n');
  });

  it('prints json indented by 4', async () => {
    const result = await runCommand(ProfileDump, ['-o', 'json', '-p', 'components.base']);
    expect(result.stdout).toBe('{\n    "enabled": true\n}\n');
  });

  it('refuses a profile name together with -f', async () => {
    const result = await runCommand(ProfileDump, ['demo', '-f', 'x.yaml']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: cannot specify both profile name and filename flag');
  });

  it('reports an unknown --set path with exit 1 and a did-you-mean', async () => {
    const result = await runCommand(ProfileDump, ['--set', 'components.pilot.k8s.replicaCont=2']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'Error: --set components.pilot.k8s.replicaCont=2: unknown field "replicaCont" in components.pilot.k8s (did you mean "replicaCount"?)',
    );
  });

  it('reports an unknown profile', async () => {
    const result = await runCommand(ProfileDump, ['demoo']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `Error: unknown profile "demoo" (did you mean "demo"?)\n  hint: available profiles: ${PROFILES.join(', ')}; or pass an IstioOperator file with -f\n`,
    );
  });
});

describe('mesh profile diff', () => {
  it('says identical profiles are identical, exit 0', async () => {
    const result = await runCommand(ProfileDiff, ['default', 'default']);
    expect(result).toMatchObject({stdout: 'Profiles are identical\n', exitCode: 0});
  });

  it('shows a line diff and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mesh-diff-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(
      file,
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  hub: example.test/istio\n',
    );
    const result = await runCommand(ProfileDiff, ['default', file]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout.startsWith('The difference between profiles:\n')).toBe(true);
    expect(result.stdout).toContain('\n-  hub: docker.io/istio\n+  hub: example.test/istio\n');
  });
});
