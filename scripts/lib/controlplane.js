// @ts-check
// A real local Kubernetes control plane: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler and kwok, spawned directly as processes on 127.0.0.1 with one fake Node.
// Plain ESM JavaScript so that both the tests (TypeScript, through controlplane.d.ts) and
// scripts/cluster.js (plain Node 20) can use it. Meant to run inside the loopback-only
// network namespace (scripts/netns.js).
//
// Never prints private keys: they go to files (mode 0600) in the temp dir, the kubeconfig
// refers to them by path, and openssl's stdout is discarded.
import {spawn} from 'node:child_process';
import {closeSync, constants, openSync, readFileSync, rmSync} from 'node:fs';
import {access, chmod, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {request as httpRequest} from 'node:http';
import {request} from 'node:https';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'];
const NODE_NAME = 'kwok-node-0';
const NODE_IP = '127.0.0.10';
const SERVICE_CIDR = '10.0.0.0/24';
const POD_CIDR = '10.244.0.0/24';
const ALLOW_PATHS = '/healthz,/readyz,/livez,/metrics';

/**
 * Resolves the directory holding the control-plane binaries: `opts.binDir`, else
 * `$MESH_CONTROLPLANE_BIN`, else the last stdout line of scripts/build-controlplane.sh
 * (which returns at once when the binaries are cached).
 * @param {{binDir?: string}} [opts]
 * @returns {Promise<string>}
 */
export async function resolveBinDir(opts = {}) {
  if (opts.binDir) return opts.binDir;
  if (process.env.MESH_CONTROLPLANE_BIN) return process.env.MESH_CONTROLPLANE_BIN;
  const script = join(repoRoot, 'scripts', 'build-controlplane.sh');
  let stdout;
  try {
    ({stdout} = await execa('bash', [script], {cwd: repoRoot, stderr: 'inherit'}));
  } catch (error) {
    throw new Error(`building the control plane failed (${script}): ${shortError(error)}`, {cause: error});
  }
  const last = stdout.trim().split('\n').pop();
  if (!last) throw new Error(`${script} printed no bin directory`);
  return last.trim();
}

/**
 * @param {import('./controlplane.js').StartOptions} [opts]
 * @returns {Promise<import('./controlplane.js').ControlPlane>}
 */
export async function startControlPlane(opts = {}) {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const say = opts.log ?? (() => {});
  const binDir = await resolveBinDir(opts);
  const stagesDir = opts.stagesDir ?? process.env.MESH_CONTROLPLANE_STAGES ?? join(binDir, '..', 'stages');
  for (const name of BINARIES) {
    await access(join(binDir, name)).catch(() => {
      throw new Error(
        `control-plane binary ${join(binDir, name)} is missing; run scripts/build-controlplane.sh`,
      );
    });
  }
  const stageFiles = (await readdir(stagesDir).catch(() => []))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(stagesDir, f));
  if (stageFiles.length === 0) throw new Error(`no kwok stage YAMLs in ${stagesDir}`);

  const setpriv = await findExecutable('setpriv');
  const dir = await mkdtemp(join(tmpdir(), 'mesh-controlplane-'));
  /** @type {Proc[]} */
  const procs = [];
  let stopping = false;
  let stopped = false;

  // Last resort if the process exits without stop() (crash, process.exit): kill what we
  // started, synchronously, and remove the temp dir.
  const onExit = () => {
    for (const p of procs) if (p.exit === undefined) safeKill(p.child.pid, 'SIGKILL');
    if (!opts.keepDir) rmSync(dir, {recursive: true, force: true});
  };
  process.on('exit', onExit);

  /** @returns {Error | undefined} */
  const deadComponentError = () => {
    const dead = procs.find((p) => p.exit !== undefined);
    if (!dead) return undefined;
    return new Error(
      `control plane component ${dead.name} exited (${dead.exit}) before stop; last lines of its log:\n` +
        tail(dead.logPath, 20),
    );
  };

  const assertAlive = () => {
    if (stopping) return;
    const err = deadComponentError();
    if (err) throw err;
  };

  const stop = async () => {
    if (stopped) return;
    const early = stopping ? undefined : deadComponentError();
    stopping = true;
    stopped = true;
    // Clients first, then the apiserver, then etcd: each stops quickly when what it talks to
    // is still there (an apiserver without etcd retries until it is killed).
    const order = [['kwok', 'kube-scheduler', 'kube-controller-manager'], ['kube-apiserver'], ['etcd']];
    for (const group of order) await Promise.all(procs.filter((p) => group.includes(p.name)).map(terminate));
    process.removeListener('exit', onExit);
    if (!opts.keepDir) await rm(dir, {recursive: true, force: true});
    if (early) throw early;
  };

  /**
   * @param {string} name
   * @param {string[]} args
   * @param {NodeJS.ProcessEnv} [env]
   */
  const launch = (name, args, env) => {
    const logPath = join(dir, `${name}.log`);
    const fd = openSync(logPath, 'a', 0o600);
    // detached: its own process group, so a Ctrl-C in the terminal does not reach it;
    // stop() (or the exit hook) ends it.
    // setpriv --pdeathsig: the kernel kills the component if this process dies without
    // running stop() or the exit hook (SIGKILL, a crash). It execs, so the pid is the component's.
    const [file, argv] = setpriv
      ? [setpriv, ['--pdeathsig', 'SIGKILL', '--', join(binDir, name), ...args]]
      : [join(binDir, name), args];
    const child = spawn(file, argv, {
      cwd: dir,
      stdio: ['ignore', fd, fd],
      detached: true,
      env: {...process.env, ...env},
    });
    closeQuietly(fd); // the child has its own copy
    /** @type {Proc} */
    const p = {name, child, fd, logPath, exit: undefined, exited: undefined};
    p.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        p.exit = signal ? `signal ${signal}` : `code ${code}`;
        resolve();
      });
      child.on('error', (err) => {
        p.exit = `spawn error: ${err.message}`;
        resolve();
      });
    });
    procs.push(p);
    say(`started ${name} (pid ${child.pid})`);
    return p;
  };

  try {
    if (opts.signal?.aborted) throw abortError();
    const pki = await makePki(dir);
    const [etcdPort, etcdPeerPort, apiPort, kcmPort, schedPort, kwokPort] = await freePorts(6);
    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfigPath = join(dir, 'kubeconfig');
    await writeFile(kubeconfigPath, kubeconfig(server, pki), {mode: 0o600});

    const deadline = started + timeoutMs;
    const waitFor = async (/** @type {string} */ what, /** @type {() => Promise<boolean>} */ check) => {
      for (;;) {
        assertAlive();
        if (opts.signal?.aborted) throw abortError();
        if (await check().catch(() => false)) return;
        if (Date.now() > deadline)
          throw new Error(`control plane not ready after ${timeoutMs / 1000}s: ${what}`);
        await sleep(200);
      }
    };

    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const peerUrl = `http://127.0.0.1:${etcdPeerPort}`;
    launch('etcd', [
      '--name=node0',
      `--data-dir=${join(dir, 'etcd-data')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=node0=${peerUrl}`,
      '--unsafe-no-fsync=true',
      '--auto-compaction-retention=1',
      '--log-level=warn',
    ]);
    await waitFor('etcd /health', async () => {
      const res = await httpGet(`${etcdUrl}/health`);
      return res.status === 200 && /"health"\s*:\s*"true"/.test(res.text);
    });
    say(`etcd healthy after ${elapsed(started)}`);

    launch('kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      '--etcd-prefix=/registry',
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'apiserver-certs')}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--allow-privileged=true',
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      // The `kubernetes` Service's endpoints cannot be 127.0.0.1 (loopback is rejected by
      // validation); nothing here routes to it anyway.
      '--endpoint-reconciler-type=none',
      '--enable-priority-and-fairness=false',
      '--profiling=false',
    ]);
    const [ca, cert, key] = await Promise.all(
      [pki.caCert, pki.adminCert, pki.adminKey].map((p) => readFile(p)),
    );
    /** @type {(method: string, path: string, body?: unknown) => Promise<{status: number, body: any}>} */
    const api = (method, path, body) => apiRequest(server, {ca, cert, key}, method, path, body);
    await waitFor('kube-apiserver /readyz', async () => (await api('GET', '/readyz')).status === 200);
    say(`kube-apiserver ready after ${elapsed(started)}`);

    launch('kube-controller-manager', [
      `--kubeconfig=${kubeconfigPath}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${kcmPort}`,
      `--authorization-always-allow-paths=${ALLOW_PATHS}`,
      `--root-ca-file=${pki.caCert}`,
      `--service-account-private-key-file=${pki.saKey}`,
      `--cluster-signing-cert-file=${pki.caCert}`,
      `--cluster-signing-key-file=${pki.caKey}`,
      '--leader-elect=false',
      '--profiling=false',
    ]);
    launch('kube-scheduler', [
      `--kubeconfig=${kubeconfigPath}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${schedPort}`,
      `--authorization-always-allow-paths=${ALLOW_PATHS}`,
      '--leader-elect=false',
      '--profiling=false',
    ]);
    launch(
      'kwok',
      [
        '--manage-all-nodes=true',
        `--kubeconfig=${kubeconfigPath}`,
        ...stageFiles.map((f) => `--config=${f}`),
        '--node-ip=',
        `--node-port=${kwokPort}`,
        `--server-address=127.0.0.1:${kwokPort}`,
        `--cidr=${POD_CIDR}`,
        '--node-lease-duration-seconds=40',
      ],
      // kwok also loads $KWOK_WORKDIR/kwok.yaml when present: keep it away from ~/.kwok.
      {KWOK_WORKDIR: join(dir, 'kwok')},
    );

    const created = await api('POST', '/api/v1/nodes', fakeNode());
    if (created.status !== 201) {
      throw new Error(
        `creating node ${NODE_NAME} failed: HTTP ${created.status} ${created.body?.message ?? ''}`,
      );
    }
    await waitFor(`node ${NODE_NAME} Ready`, async () => {
      const {status, body} = await api('GET', `/api/v1/nodes/${NODE_NAME}`);
      const ready = body?.status?.conditions?.find((/** @type {any} */ c) => c.type === 'Ready');
      // kcm removes the not-ready taint once the node is Ready; wait for that too, or the
      // first pods of a test could stay Pending for a scheduling back-off.
      const taints = body?.spec?.taints ?? [];
      return status === 200 && ready?.status === 'True' && taints.length === 0;
    });
    say(`node Ready after ${elapsed(started)}`);
    await waitFor('ServiceAccount default/default', async () => {
      return (await api('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200;
    });
    say(`control plane ready after ${elapsed(started)}`);

    return {
      kubeconfigPath,
      server,
      dir,
      binDir,
      startMs: Date.now() - started,
      pids: Object.fromEntries(procs.map((p) => [p.name, /** @type {number} */ (p.child.pid)])),
      assertAlive,
      stop,
    };
  } catch (error) {
    // Prefer the message naming a dead component over a secondary symptom (e.g. ECONNREFUSED).
    const dead = deadComponentError();
    await stop().catch(() => {});
    throw dead ?? error;
  }
}

/**
 * @typedef {{name: string, child: import('node:child_process').ChildProcess, fd: number, logPath: string,
 *   exit: string | undefined, exited: Promise<void> | undefined}} Proc
 * @typedef {{caCert: string, caKey: string, serverCert: string, serverKey: string, adminCert: string,
 *   adminKey: string, saKey: string, saPub: string}} Pki
 */

/**
 * @param {string} name
 * @returns {Promise<string | undefined>}
 */
async function findExecutable(name) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  for (const d of dirs.filter(Boolean)) {
    const candidate = join(d, name);
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}

/** @param {Proc} p */
async function terminate(p) {
  if (p.exit !== undefined) return;
  safeKill(p.child.pid, 'SIGTERM');
  const killed = await Promise.race([p.exited?.then(() => true), sleep(5000).then(() => false)]);
  if (!killed && p.exit === undefined) {
    safeKill(p.child.pid, 'SIGKILL');
    await p.exited;
  }
}

/**
 * @param {number | undefined} pid
 * @param {NodeJS.Signals} signal
 */
function safeKill(pid, signal) {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** @param {number} fd */
function closeQuietly(fd) {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

/**
 * @param {string} file
 * @param {number} n
 */
function tail(file, n) {
  try {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    return lines.slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

/** @param {number} since */
function elapsed(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

function abortError() {
  return new Error('control plane start aborted');
}

/** @param {unknown} error */
function shortError(error) {
  const e = /** @type {{shortMessage?: string, message?: string}} */ (error);
  return e.shortMessage ?? e.message ?? String(error);
}

/**
 * Free TCP ports on 127.0.0.1: bind port 0 (all at once, so they differ), then release.
 * @param {number} n
 * @returns {Promise<number[]>}
 */
async function freePorts(n) {
  const servers = await Promise.all(
    Array.from(
      {length: n},
      () =>
        new Promise((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => /** @type {import('node:net').AddressInfo} */ (s.address()).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

const OPENSSL_CNF = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = IP:127.0.0.1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
[client_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

/**
 * CA, apiserver serving certificate, admin client certificate (system:masters) and the
 * service-account key pair, all with the openssl CLI.
 * @param {string} dir
 * @returns {Promise<Pki>}
 */
async function makePki(dir) {
  const f = (/** @type {string} */ name) => join(dir, name);
  const cnf = f('openssl.cnf');
  await writeFile(cnf, OPENSSL_CNF);
  // stdout is discarded: nothing openssl prints can reach a log or the terminal.
  const openssl = async (/** @type {string[]} */ args) => {
    try {
      await execa('openssl', args, {cwd: dir, stdin: 'ignore', stdout: 'ignore', env: {OPENSSL_CONF: cnf}});
    } catch (error) {
      const stderr = String(/** @type {{stderr?: unknown}} */ (error).stderr ?? '').slice(0, 2000);
      throw new Error(`openssl ${args[0]} failed: ${stderr || shortError(error)}`, {cause: error});
    }
  };
  const ecKey = (/** @type {string} */ out) =>
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', out]);
  const signed = async (
    /** @type {string} */ name,
    /** @type {string} */ subj,
    /** @type {string} */ ext,
  ) => {
    await ecKey(f(`${name}.key`));
    await openssl([
      'req',
      '-new',
      '-config',
      cnf,
      '-key',
      f(`${name}.key`),
      '-subj',
      subj,
      '-out',
      f(`${name}.csr`),
    ]);
    await openssl([
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      '-CAserial',
      f('ca.srl'),
      '-CAcreateserial',
      '-days',
      '365',
      '-sha256',
      '-extfile',
      cnf,
      '-extensions',
      ext,
      '-out',
      f(`${name}.crt`),
    ]);
  };

  await ecKey(f('ca.key'));
  await openssl([
    'req',
    '-x509',
    '-new',
    '-config',
    cnf,
    '-extensions',
    'ca_ext',
    '-key',
    f('ca.key'),
    '-subj',
    '/CN=mesh-local-ca',
    '-days',
    '3650',
    '-sha256',
    '-out',
    f('ca.crt'),
  ]);
  await Promise.all([
    signed('apiserver', '/CN=kube-apiserver', 'server_ext'),
    signed('admin', '/O=system:masters/CN=admin', 'client_ext'),
    (async () => {
      await openssl([
        'genpkey',
        '-algorithm',
        'RSA',
        '-pkeyopt',
        'rsa_keygen_bits:2048',
        '-out',
        f('sa.key'),
      ]);
      await openssl(['pkey', '-in', f('sa.key'), '-pubout', '-out', f('sa.pub')]);
    })(),
  ]);
  for (const key of ['ca.key', 'apiserver.key', 'admin.key', 'sa.key']) await chmod(f(key), 0o600);
  return {
    caCert: f('ca.crt'),
    caKey: f('ca.key'),
    serverCert: f('apiserver.crt'),
    serverKey: f('apiserver.key'),
    adminCert: f('admin.crt'),
    adminKey: f('admin.key'),
    saKey: f('sa.key'),
    saPub: f('sa.pub'),
  };
}

/**
 * A kubeconfig that refers to the certificate files by path (no key material inside).
 * @param {string} server
 * @param {Pki} pki
 */
function kubeconfig(server, pki) {
  const q = (/** @type {string} */ s) => JSON.stringify(s);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: mesh-local',
    '  cluster:',
    `    server: ${q(server)}`,
    `    certificate-authority: ${q(pki.caCert)}`,
    'users:',
    '- name: admin',
    '  user:',
    `    client-certificate: ${q(pki.adminCert)}`,
    `    client-key: ${q(pki.adminKey)}`,
    'contexts:',
    '- name: mesh-local',
    '  context:',
    '    cluster: mesh-local',
    '    user: admin',
    'current-context: mesh-local',
    '',
  ].join('\n');
}

function fakeNode() {
  const resources = {cpu: '32', memory: '256Gi', pods: '110'};
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: NODE_NAME,
      annotations: {'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0'},
      labels: {
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': NODE_NAME,
        type: 'kwok',
      },
    },
    spec: {},
    status: {
      allocatable: resources,
      capacity: resources,
      addresses: [
        {type: 'InternalIP', address: NODE_IP},
        {type: 'Hostname', address: NODE_NAME},
      ],
      nodeInfo: {architecture: 'amd64', operatingSystem: 'linux'},
    },
  };
}

/**
 * @param {string} url
 * @returns {Promise<{status: number, text: string}>}
 */
function httpGet(url) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {timeout: 2000}, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({status: res.statusCode ?? 0, text}));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: GET ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * @param {string} server
 * @param {{ca: Buffer, cert: Buffer, key: Buffer}} tls
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<{status: number, body: any}>}
 */
function apiRequest(server, tls, method, path, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, server),
      {
        method,
        ...tls,
        timeout: 5000,
        headers: {accept: 'application/json', ...(payload ? {'content-type': 'application/json'} : {})},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let parsed;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
          resolve({status: res.statusCode ?? 0, body: parsed});
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on('error', reject);
    req.end(payload);
  });
}
