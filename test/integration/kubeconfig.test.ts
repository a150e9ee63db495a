// kubeconfig as kubectl reads it, through the built CLI in a child process (one process = one
// plugin run): a counting exec credential plugin, a missing KUBECONFIG entry, a current-context
// naming no context, a missing plugin binary, no kubeconfig at all.
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {execa} from 'execa';
import yaml from 'js-yaml';
import {beforeAll, describe, expect, it} from 'vitest';
import {kubeconfig} from '../support/cluster.js';
import {ROOT} from '../support/run-command.js';

const CLI = join(ROOT, 'bin', 'run.js');
let dir: string;
let admin: {server: string; ca: string; cert: string; key: string};

interface Kubeconfig {
  clusters: {cluster: {server: string; 'certificate-authority': string}}[];
  users: {user: {'client-certificate': string; 'client-key': string}}[];
}

/** A kubeconfig for the test server whose user is `user` (YAML), with current-context `current`. */
function write(name: string, user: string, current = 'ctx'): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters:\n- name: c\n  cluster:\n    server: ${admin.server}\n    certificate-authority: ${admin.ca}`,
      `users:\n- name: u\n  user:\n${user}`,
      'contexts:\n- name: ctx\n  context:\n    cluster: c\n    user: u',
      `current-context: ${current}`,
      '',
    ].join('\n'),
  );
  return path;
}

const certUser = () => `    client-certificate: ${admin.cert}\n    client-key: ${admin.key}`;

/** The CLI with this environment instead of the test's KUBECONFIG and HOME. */
function run(args: string[], env: {[key: string]: string}, cwd?: string) {
  const base: NodeJS.ProcessEnv = {...process.env, HOME: dir, CI: '1'};
  delete base.KUBECONFIG;
  return execa(CLI, args, {reject: false, env: {...base, ...env}, extendEnv: false, cwd});
}

/** An executable plugin at `path` printing an ExecCredential with `status` (the cluster admin's cert when omitted). */
function certPlugin(path: string, status?: object): void {
  const credential = JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: status ?? {
      clientCertificateData: readFileSync(admin.cert, 'utf8'),
      clientKeyData: readFileSync(admin.key, 'utf8'),
      expirationTimestamp: new Date(Date.now() + 3_600_000).toISOString(),
    },
  });
  writeFileSync(`${path}.json`, credential);
  writeFileSync(path, `#!/bin/sh\ncat '${path}.json'\n`, {mode: 0o755});
}

const execUser = (command: string) =>
  [
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1',
    `      command: ${command}`,
    '      interactiveMode: Never',
  ].join('\n');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mesh-kubeconfig-'));
  const config = yaml.load(readFileSync(kubeconfig(), 'utf8')) as Kubeconfig;
  admin = {
    server: config.clusters[0]!.cluster.server,
    ca: config.clusters[0]!.cluster['certificate-authority'],
    cert: config.users[0]!.user['client-certificate'],
    key: config.users[0]!.user['client-key'],
  };
});

describe('kubeconfig', () => {
  it('runs an exec credential plugin once per process, however many requests it makes', async () => {
    const count = join(dir, 'count');
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: {
        clientCertificateData: readFileSync(admin.cert, 'utf8'),
        clientKeyData: readFileSync(admin.key, 'utf8'),
      },
    });
    writeFileSync(join(dir, 'credential.json'), credential);
    writeFileSync(join(dir, 'plugin.sh'), `echo run >> '${count}'\ncat '${join(dir, 'credential.json')}'\n`);
    const path = write(
      'exec.kubeconfig',
      [
        '    exec:',
        '      apiVersion: client.authentication.k8s.io/v1',
        '      command: sh',
        `      args: ['${join(dir, 'plugin.sh')}']`,
      ].join('\n'),
    );
    for (const expected of [1, 2]) {
      const result = await run(['precheck', '-r', 'counting'], {KUBECONFIG: path});
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(readFileSync(count, 'utf8').split('\n').filter(Boolean)).toHaveLength(expected);
    }
  });

  it('authenticates with the client certificate an exec plugin prints, as the cluster admin', async () => {
    // A read only an authenticated admin may make: anonymous is refused listing webhook configurations.
    const expected = await run(['tag', 'list', '-o', 'json'], {
      KUBECONFIG: write('admin.kubeconfig', certUser()),
    });
    expect(expected.exitCode).toBe(0);
    certPlugin(join(dir, 'cert-plugin'));
    const result = await run(['tag', 'list', '-o', 'json'], {
      KUBECONFIG: write('exec-cert.kubeconfig', execUser(join(dir, 'cert-plugin'))),
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(expected.stdout);
    expect(result.exitCode).toBe(0);
    // The same plugin without the certificate: refused before any request, as client-go refuses it
    // (going on would be anonymous).
    certPlugin(join(dir, 'no-cert-plugin'), {});
    const none = await run(['tag', 'list', '-o', 'json'], {
      KUBECONFIG: write('exec-none.kubeconfig', execUser(join(dir, 'no-cert-plugin'))),
    });
    expect(none.stderr).toBe(
      `Error: credential plugin "${join(dir, 'no-cert-plugin')}" returned no credential (context "ctx"): its ExecCredential has neither status.token nor status.clientCertificateData and clientKeyData`,
    );
    expect(none.exitCode).toBe(1);
  });

  it('a context naming a user the kubeconfig does not define is refused, as kubectl refuses it', async () => {
    const path = write('nouser.kubeconfig', certUser());
    writeFileSync(path, readFileSync(path, 'utf8').replace('    user: u', '    user: ghost'));
    const result = await run(['precheck'], {KUBECONFIG: path});
    expect(result.stderr).toBe(
      'Error: context "ctx" names user "ghost", which the kubeconfig does not define\n' +
        '  hint: fix the context with: kubectl config set-context, or pass another --context',
    );
    expect(result.exitCode).toBe(1);
  });

  it('runs a relative exec command from the directory of the kubeconfig that names it, as kubectl does', async () => {
    const home = join(dir, 'relative');
    mkdirSync(join(home, 'bin'), {recursive: true});
    certPlugin(join(home, 'bin', 'plugin'));
    writeFileSync(join(home, 'kubeconfig'), readFileSync(write('rel.kubeconfig', execUser('./bin/plugin'))));
    // Run from elsewhere: the command is not relative to the working directory.
    const result = await run(['tag', 'list', '-o', 'json'], {KUBECONFIG: join(home, 'kubeconfig')}, '/');
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const flag = await run(['tag', 'list', '-o', 'json', '--kubeconfig', 'relative/kubeconfig'], {}, dir);
    expect(flag.stderr).toBe('');
    expect(flag.exitCode).toBe(0);
  });

  it('skips a KUBECONFIG entry that does not exist, as kubectl does', async () => {
    const path = write('cert.kubeconfig', certUser());
    const result = await run(['precheck', '-r', 'skip'], {KUBECONFIG: `${join(dir, 'missing')}:${path}`});
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('names a current-context that is not defined and lists the contexts', async () => {
    const path = write('gone.kubeconfig', certUser(), 'gone');
    const result = await run(['precheck'], {KUBECONFIG: path});
    expect(result.stderr).toBe(
      'Error: current-context "gone" not found in kubeconfig (contexts: ctx)\n' +
        '  hint: pass --context, or pick one with: kubectl config use-context <name>',
    );
    expect(result.exitCode).toBe(1);
  });

  it('names a credential plugin that is not installed, and the context', async () => {
    const path = write(
      'noplugin.kubeconfig',
      '    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: mesh-no-such-plugin',
    );
    const result = await run(['precheck'], {KUBECONFIG: path});
    expect(result.stderr).toBe(
      'Error: credential plugin "mesh-no-such-plugin" not found (context "ctx")\n' +
        '  hint: install it, or fix users[].user.exec.command in the kubeconfig',
    );
    expect(result.exitCode).toBe(1);
  });

  it('KUBECONFIG naming only files that do not exist says so', async () => {
    const result = await run(['precheck'], {KUBECONFIG: ['/nope/a', '/nope/b'].join(delimiter)});
    expect(result.stderr).toBe(
      'Error: no kubeconfig: no file KUBECONFIG names exists (/nope/a, /nope/b)\n  hint: fix KUBECONFIG, or pass --kubeconfig',
    );
    expect(result.exitCode).toBe(1);
  });

  it('without any kubeconfig says where one is looked for', async () => {
    const result = await run(['precheck'], {HOME: mkdtempSync(join(tmpdir(), 'mesh-home-'))});
    expect(result.stderr).toBe(
      'Error: no kubeconfig: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config',
    );
    expect(result.exitCode).toBe(1);
  });
});
