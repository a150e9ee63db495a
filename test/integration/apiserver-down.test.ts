/**
 * A dead apiserver is called dead: an install waiting for readiness when the apiserver dies ends
 * naming the cluster as unreachable, not blaming the objects it could no longer observe. Runs on
 * a control plane of its own, since it kills that control plane's kube-apiserver.
 */
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startControlPlane, type ControlPlane} from '../support/controlplane.js';
import {ROOT} from '../support/run-command.js';

const CLI = join(ROOT, 'bin', 'run.js');
let cp: ControlPlane;

beforeAll(async () => {
  cp = await startControlPlane({});
}, 120_000);
// stop() reports the apiserver this file killed as a crash: expected here.
afterAll(async () => cp?.stop().catch(() => undefined));

describe('the apiserver dies during the readiness wait', () => {
  it('the install ends with "cluster unreachable", naming the server', async () => {
    const child = execa(
      CLI,
      [
        'install',
        '-y',
        '-o',
        'json',
        '--readiness-timeout',
        '30s',
        '--set',
        'profile=minimal',
        // A gateway no node can take: the install waits for it until the apiserver is gone.
        '--set',
        'components.ingressGateways[9].name=stuck-gateway',
        '--set',
        'components.ingressGateways[name:stuck-gateway].k8s.nodeSelector.mesh\\.test/never=true',
        '--kubeconfig',
        cp.kubeconfigPath,
      ],
      {reject: false},
    );
    let seen = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never waited for the gateway:\n${seen}`)), 90_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (/"type":"waiting"[^\n]*stuck-gateway/.test(seen)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    process.kill(cp.pids['kube-apiserver']!, 'SIGKILL');
    const result = await child;
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`: cluster unreachable: [^\\n]+ \\(server ${cp.server.replace(/\./g, '\\.')}\\)`),
    );
  }, 150_000);
});
