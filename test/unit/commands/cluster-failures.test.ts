// Every command family words a cluster failure the same way: a closed port (nothing listens), a
// real HTTP server that rejects the credentials (401), and one that fails reads (500).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {createServer as createTcpServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Install from '../../../src/commands/install.js';
import Precheck from '../../../src/commands/precheck.js';
import TagList from '../../../src/commands/tag/list.js';
import TagSet from '../../../src/commands/tag/set.js';
import Uninstall from '../../../src/commands/uninstall.js';
import Upgrade from '../../../src/commands/upgrade.js';
import VerifyInstall from '../../../src/commands/verify-install.js';
import DescribePod from '../../../src/commands/x/describe/pod.js';
import Telemetry from '../../../src/commands/x/telemetry.js';
import {runCommand} from '../../support/run-command.js';

const NETWORK_HINT =
  '  hint: check that the cluster is up and that --kubeconfig/--context name the right one';
const commands = [
  ['verify-install', VerifyInstall, []],
  ['tag list', TagList, []],
  ['x describe pod', DescribePod, ['ratings.bookinfo']],
  ['x telemetry', Telemetry, ['ratings.bookinfo']],
  ['precheck', Precheck, []],
  ['uninstall', Uninstall, ['--purge', '-y']],
  ['upgrade', Upgrade, ['-y']],
  ['tag set', TagSet, ['prod', '-r', 'default', '-y']],
] as const;
const readOnly = commands.slice(0, 4);

let dir: string;
const servers: Server[] = [];

function kubeconfig(name: string, server: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters:\n- name: c\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true`,
      'users:\n- name: u\n  user:\n    token: NOT-A-VALID-TOKEN',
      'contexts:\n- name: ctx\n  context: {cluster: c, user: u}',
      'current-context: ctx',
      '',
    ].join('\n'),
  );
  return path;
}

/** An HTTP server answering every request with this Status. */
async function answering(code: number, reason: string, message: string): Promise<string> {
  const server = createServer((_request, response) => {
    response.writeHead(code, {'Content-Type': 'application/json'});
    response.end(
      JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code}),
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as {port: number}).port}`;
}

let closedPort: number;
let closed: string;
let rejecting: {path: string; server: string};
let failing: {path: string; server: string};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mesh-failures-'));
  closedPort = await new Promise<number>((resolve) => {
    const server = createTcpServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number};
      server.close(() => resolve(port));
    });
  });
  closed = kubeconfig('closed', `https://127.0.0.1:${closedPort}`);
  const unauthorized = await answering(401, 'Unauthorized', 'Unauthorized');
  rejecting = {path: kubeconfig('rejecting', unauthorized), server: unauthorized};
  const broken = await answering(500, 'InternalError', 'etcd leader changed');
  failing = {path: kubeconfig('failing', broken), server: broken};
});
afterAll(() => {
  for (const server of servers) server.close();
  rmSync(dir, {recursive: true, force: true});
});

describe('cluster failures read the same in every command', () => {
  it.each(commands)('%s: an unreachable server', async (_name, command, argv) => {
    const result = await runCommand(command, [...argv, '--kubeconfig', closed]);
    expect(result.stderr).toBe(
      `Error: cluster unreachable: connect ECONNREFUSED 127.0.0.1:${closedPort} (server https://127.0.0.1:${closedPort})\n` +
        `${NETWORK_HINT}\n`,
    );
    expect(result.exitCode).toBe(1);
  });

  it.each(commands)('%s: rejected credentials', async (_name, command, argv) => {
    const result = await runCommand(command, [...argv, '--kubeconfig', rejecting.path]);
    expect(result.stderr).toBe(
      `Error: credentials rejected: Unauthorized (server ${rejecting.server})\n` +
        '  hint: your credentials were rejected; refresh them\n',
    );
    expect(result.exitCode).toBe(1);
  });

  it('install: the same words as its pre-flight finding; nothing written', async () => {
    const down = await runCommand(Install, ['-y', '--kubeconfig', closed]);
    expect(down.stderr).toBe(
      `✘ [cluster.reachable] cluster unreachable: connect ECONNREFUSED 127.0.0.1:${closedPort} (server https://127.0.0.1:${closedPort})\n` +
        `${NETWORK_HINT}\n` +
        'Error: pre-flight checks failed; nothing was written\n' +
        '  hint: fix the findings above and re-run\n',
    );
    const rejected = await runCommand(Install, ['-y', '--kubeconfig', rejecting.path]);
    expect(rejected.stderr).toBe(
      `✘ [cluster.reachable] credentials rejected: Unauthorized (server ${rejecting.server})\n` +
        '  hint: your credentials were rejected; refresh them\n' +
        'Error: pre-flight checks failed; nothing was written\n' +
        '  hint: fix the findings above and re-run\n',
    );
    expect([down.exitCode, rejected.exitCode]).toEqual([1, 1]);
  });

  it.each(readOnly)(
    '%s: a failed read has no re-run hint (nothing was written)',
    async (_name, command, argv) => {
      const result = await runCommand(command, [...argv, '--kubeconfig', failing.path]);
      expect(result.stderr).toMatch(
        /^Error: failed to (read|list) [^\n]*: InternalError: etcd leader changed\n$/,
      );
      expect(result.exitCode).toBe(1);
    },
  );
});
