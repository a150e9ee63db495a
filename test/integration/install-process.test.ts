// mesh install as a user runs it: the built CLI in a child process, with a real terminal (a pty
// from util-linux `script`) for the confirmation prompt, and a real SIGINT for Ctrl-C.
import {join} from 'node:path';
import {execa} from 'execa';
import yaml from 'js-yaml';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {kubeconfig, ownedVersions, purgeMesh, testCluster, type TestCluster} from '../support/cluster.js';
import {ROOT} from '../support/run-command.js';

const CLI = join(ROOT, 'bin', 'run.js');
let cluster: TestCluster;

/** Runs the CLI under a pseudo-terminal, typing `input`; returns what the terminal showed and the exit code. */
async function onTerminal(args: string[], input: string): Promise<{output: string; exitCode: number}> {
  // A sized terminal, as a user's is (an unsized pty gets plain lines: see progressMode).
  const command = `stty cols 100 rows 40; exec ${[CLI, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ')}`;
  const result = await execa('script', ['-qefc', command, '/dev/null'], {
    input,
    reject: false,
    env: {CI: ''},
  });
  return {output: result.stdout.replaceAll('\r', ''), exitCode: result.exitCode ?? 1};
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
  const first = await execa(
    CLI,
    ['install', '-y', '--set', 'profile=minimal', '--kubeconfig', kubeconfig()],
    {reject: false},
  );
  expect(first.exitCode, first.stderr).toBe(0);
});
afterAll(async () => {
  await purgeMesh(cluster);
});

describe('mesh install in a terminal', () => {
  it('--diff shows the plan, then answering n cancels with exit 1 and writes nothing', async () => {
    const before = await ownedVersions(cluster);
    const {output, exitCode} = await onTerminal(
      [
        'install',
        '--diff',
        '--set',
        'profile=minimal',
        '--set',
        'values.pilot.traceSampling=50',
        '--kubeconfig',
        kubeconfig(),
      ],
      'n\n',
    );
    expect(output).toContain('update    Deployment/istio-system/istiod');
    expect(output).toContain(
      'spec.template.spec.containers[name:discovery].env[name:PILOT_TRACE_SAMPLING].value: "1" → "50"',
    );
    // Istio's `values` ConfigMap records the values istiod was rendered with.
    expect(output).toContain('update    ConfigMap/istio-system/values');
    expect(output).toMatch(/Plan: 0 to create, 2 to update, \d+ unchanged, 0 to prune/);
    expect(output).toContain(
      'This will install the Istio 1.31.0 profile "minimal" into the cluster. Proceed? (y/N)',
    );
    expect(output).toContain('Cancelled.');
    expect(exitCode).toBe(1);
    expect(await ownedVersions(cluster)).toEqual(before);
  });

  it('shows a live spinner naming what it waits for, then the istioctl-style lines', async () => {
    const {output, exitCode} = await onTerminal(
      [
        'install',
        '-y',
        '--set',
        'profile=minimal',
        '--set',
        'values.pilot.traceSampling=7',
        '--kubeconfig',
        kubeconfig(),
      ],
      '',
    );
    expect(exitCode).toBe(0);
    expect(output).toMatch(
      /[-\\|/⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Processing resources for Istiod\. Waiting for Deployment\/istio-system\/istiod/,
    );
    expect(output).toContain('✔ Istiod installed');
    expect(output).toContain('✔ Installation complete');
  });

  it('end of input at the prompt cancels too', async () => {
    const before = await ownedVersions(cluster);
    const {output, exitCode} = await onTerminal(
      ['install', '--set', 'profile=minimal', '--kubeconfig', kubeconfig()],
      '\u0004',
    );
    expect(output).toContain('Cancelled.');
    expect(exitCode).toBe(1);
    expect(await ownedVersions(cluster)).toEqual(before);
  });
});

describe('mesh install -o json', () => {
  it('prints one JSON event per line, ending with complete', async () => {
    const result = await execa(
      CLI,
      ['install', '-y', '-o', 'json', '--set', 'profile=minimal', '--kubeconfig', kubeconfig()],
      {reject: false},
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const events = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as {type: string; displayName?: string});
    expect(events.filter((e) => e.type === 'component-ready').map((e) => e.displayName)).toEqual([
      'Istio core',
      'Istiod',
    ]);
    expect(events.at(-1)).toEqual({type: 'complete', dryRun: false});
    expect(events.some((e) => e.type === 'finding')).toBe(true);
  });

  it('-o yaml prints the same events as YAML documents, each opened by a --- line', async () => {
    const run = (output: string) =>
      execa(
        CLI,
        ['install', '--dry-run', '-o', output, '--set', 'profile=minimal', '--kubeconfig', kubeconfig()],
        {
          reject: false,
        },
      );
    const [json, yamlRun] = [await run('json'), await run('yaml')];
    expect(json.exitCode, json.stderr).toBe(0);
    expect(yamlRun.exitCode, yamlRun.stderr).toBe(0);
    expect(yamlRun.stderr).toBe(json.stderr);
    const jsonEvents = json.stdout.split('\n').map((line) => JSON.parse(line) as object);
    // Each event is its JSON line's object dumped as YAML (objects apply concurrently, so their order varies).
    const expected = jsonEvents.map((event) => `---\n${yaml.dump(event, {lineWidth: -1}).trimEnd()}`);
    const documents = yamlRun.stdout.split(/\n(?=---\n)/);
    expect([...documents].sort()).toEqual([...expected].sort());
    expect(yaml.loadAll(yamlRun.stdout)).toHaveLength(jsonEvents.length);
    expect(documents.at(-1)).toBe('---\ntype: complete\ndryRun: true');
  });
});

describe('mesh install --verify -o json', () => {
  it("ends the event stream with verify-install's report as one more event", async () => {
    const result = await execa(
      CLI,
      ['install', '-y', '--verify', '-o', 'json', '--set', 'profile=minimal', '--kubeconfig', kubeconfig()],
      {reject: false},
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const events = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as {type: string; [key: string]: unknown});
    expect(events.at(-2)).toEqual({type: 'complete', dryRun: false});
    const report = events.at(-1) as {
      type: string;
      verified: boolean;
      revision: string;
      namespace: string;
      counts: object;
    };
    expect({
      type: report.type,
      verified: report.verified,
      revision: report.revision,
      namespace: report.namespace,
    }).toEqual({
      type: 'verify',
      verified: true,
      revision: 'default',
      namespace: 'istio-system',
    });
    // The same document verify-install -o json prints for this installation, results and counts alike.
    const alone = await execa(CLI, ['verify-install', '-o', 'json', '--kubeconfig', kubeconfig()], {
      reject: false,
    });
    expect({...report, type: undefined}).toEqual({...(JSON.parse(alone.stdout) as object), type: undefined});
  });
});

describe('mesh install across Istio releases', () => {
  it('warns that Istio is being upgraded, then downgraded, and goes on', async () => {
    const base = ['install', '-y', '--set', 'profile=minimal', '--kubeconfig', kubeconfig()];
    const up = await execa(CLI, [...base, '--set', 'tag=1.32.0'], {reject: false});
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stderr).toContain('! [install.version] Istio is being upgraded from 1.31.0 to 1.32.0');
    const down = await execa(CLI, base, {reject: false});
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stderr).toContain('! [install.version] Istio is being downgraded from 1.32.0 to 1.31.0');
    const same = await execa(CLI, base, {reject: false});
    expect(same.stderr).not.toContain('install.version');
  });
});

describe('mesh install interrupted', () => {
  it('Ctrl-C stops at once, says what was applied, and a re-run converges', async () => {
    const args = [
      'install',
      '-y',
      '--readiness-timeout',
      '120s',
      '--kubeconfig',
      kubeconfig(),
      '--set',
      'profile=minimal',
    ];
    const stuck = [
      '--set',
      'components.ingressGateways[9].name=stuck-gateway',
      '--set',
      'components.ingressGateways[name:stuck-gateway].k8s.nodeSelector.mesh\\.test/never=true',
    ];
    const child = execa(CLI, [...args, ...stuck], {reject: false, env: {CI: '1'}});
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`never started waiting for the gateway:\n${seen}`)),
        60_000,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('Waiting for Deployment/istio-system/stuck-gateway')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const signalledAt = Date.now();
    child.kill('SIGINT');
    const result = await child;
    expect(Date.now() - signalledAt).toBeLessThan(5000);
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain('Error: interrupted; ');
    expect(result.stderr).toContain('  Deployment/istio-system/stuck-gateway');
    expect(result.stderr).toContain('hint: re-run the same command: it converges');

    const rerun = await execa(CLI, args, {reject: false});
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain('✔ Installation complete');
    // The run without the gateway prunes what the interrupted run left behind.
    expect(rerun.stdout).toContain('  Removed Deployment/istio-system/stuck-gateway.');
  });
});
