// `mesh precheck` without a cluster: an unreachable server, bad input, flags.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Precheck from '../../../src/commands/precheck.js';
import {runCommand} from '../../support/run-command.js';

let dir: string;
let port: number;
let closed: string;

/** A port that was just free: nothing listens on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mesh-precheck-'));
  port = await closedPort();
  closed = join(dir, 'closed.kubeconfig');
  writeFileSync(
    closed,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: c\n  cluster:\n    server: https://127.0.0.1:${port}\n    insecure-skip-tls-verify: true`,
      'users:',
      '- name: u\n  user: {}',
      'contexts:',
      '- name: closed-port\n  context: {cluster: c, user: u}',
      'current-context: closed-port',
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('mesh precheck without a cluster', () => {
  it('an unreachable server is one clear line naming the server, and exit 1', async () => {
    const result = await runCommand(Precheck, ['--kubeconfig', closed]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `Error: cluster unreachable: connect ECONNREFUSED 127.0.0.1:${port} (server https://127.0.0.1:${port})\n` +
        '  hint: check that the cluster is up and that --kubeconfig/--context name the right one\n',
    );
  });

  it('-o json prints the unreachable finding as a JSON array and exits 1', async () => {
    const result = await runCommand(Precheck, ['--kubeconfig', closed, '-o', 'json']);
    expect(result.exitCode).toBe(1);
    const findings = JSON.parse(result.stdout) as {
      id: string;
      severity: string;
      message: string;
      hint?: string;
    }[];
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({id: 'cluster.reachable', severity: 'error'});
    expect(findings[0]!.message).toContain(`server https://127.0.0.1:${port}`);
    expect(Object.keys(findings[0]!)).toEqual(['id', 'severity', 'message', 'hint']);
    expect(result.stderr).toMatch(/^Error: cluster unreachable: connect ECONNREFUSED /);
  });

  it('bad input fails before the cluster is contacted', async () => {
    const result = await runCommand(Precheck, [
      '--kubeconfig',
      closed,
      '--set',
      'components.pilot.k8s.replicaCont=2',
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'unknown field "replicaCont" in components.pilot.k8s (did you mean "replicaCount"?)',
    );
    expect(result.stderr).not.toContain('unreachable');
  });

  it('never prints credentials: neither a password in the server URL nor a token', async () => {
    const secretKubeconfig = join(dir, 'secret.kubeconfig');
    writeFileSync(
      secretKubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters:\n- name: c\n  cluster:\n    server: https://admin:PASSWORD123@127.0.0.1:${port}\n    insecure-skip-tls-verify: true`,
        'users:\n- name: u\n  user:\n    token: SECRET-TOKEN-XYZ',
        'contexts:\n- name: secret\n  context: {cluster: c, user: u}',
        'current-context: secret',
        '',
      ].join('\n'),
    );
    for (const argv of [[], ['--debug'], ['-o', 'json']]) {
      const result = await runCommand(Precheck, ['--kubeconfig', secretKubeconfig, ...argv]);
      expect(result.exitCode).toBe(1);
      const output = result.stdout + result.stderr;
      expect(output).toContain(`server https://127.0.0.1:${port}`);
      expect(output).not.toContain('PASSWORD123');
      expect(output).not.toContain('SECRET-TOKEN-XYZ');
    }
  });

  it('a kubeconfig that is not valid YAML is named with the line, never quoted', async () => {
    const broken = join(dir, 'broken.kubeconfig');
    writeFileSync(
      broken,
      'apiVersion: v1\nusers:\n- name: u\n  user:\n    token: SECRET-TOKEN-XYZ\n  - bad: [\n',
    );
    const result = await runCommand(Precheck, ['--kubeconfig', broken]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^Error: cannot load kubeconfig ${broken}: invalid YAML at line \\d+, column \\d+: `),
    );
    expect(result.stderr).not.toContain('SECRET-TOKEN-XYZ');
  });

  it('reads every file of a KUBECONFIG list, as kubectl does', async () => {
    const first = join(dir, 'first.kubeconfig');
    writeFileSync(first, 'apiVersion: v1\nkind: Config\npreferences: {}\n');
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = `${first}:${closed}`;
    try {
      const result = await runCommand(Precheck, []);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`(server https://127.0.0.1:${port})`);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });

  it('an unknown context is one clear error', async () => {
    const result = await runCommand(Precheck, ['--kubeconfig', closed, '--context', 'nope']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: context "nope" not found in kubeconfig (contexts: closed-port)');
  });

  it('accepts only json and yaml as output formats', async () => {
    const result = await runCommand(Precheck, ['--kubeconfig', closed, '-o', 'xml']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error: Expected --output=xml to be one of: json, yaml');
  });
});
