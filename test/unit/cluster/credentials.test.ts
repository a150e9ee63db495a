// Exec credential plugins run as a real child process (a shell script that counts its runs).
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {execCredential} from '../../../src/cluster/credentials.js';
import {MeshError} from '../../../src/errors.js';

/** A plugin printing a credential that expires `expiresInMs` from now (no expiry when undefined). */
function countingPlugin(expiresInMs?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-plugin-'));
  const count = join(dir, 'count');
  const expiry =
    expiresInMs === undefined
      ? ''
      : `,"expirationTimestamp":"${new Date(Date.now() + expiresInMs).toISOString()}"`;
  const script = join(dir, 'plugin.sh');
  writeFileSync(
    script,
    `echo run >> '${count}'\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t0ken"${expiry}}}'\n`,
  );
  return {
    exec: {command: 'sh', args: [script], apiVersion: 'client.authentication.k8s.io/v1'},
    runs: () => readFileSync(count, 'utf8').split('\n').filter(Boolean).length,
  };
}

describe('exec credential plugins', () => {
  it('run once for many concurrent and later requests when the credential has no expiry', async () => {
    const plugin = countingPlugin();
    const tokens = await Promise.all(Array.from({length: 20}, () => execCredential(plugin.exec, 'ctx')));
    await execCredential(plugin.exec, 'ctx');
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['t0ken']));
    expect(plugin.runs()).toBe(1);
  });

  it('run once while the credential is valid, again once it expires', async () => {
    const valid = countingPlugin(3_600_000);
    for (let i = 0; i < 5; i++) await execCredential(valid.exec, 'ctx');
    expect(valid.runs()).toBe(1);
    const expired = countingPlugin(-1000);
    for (let i = 0; i < 3; i++) await execCredential(expired.exec, 'ctx');
    expect(expired.runs()).toBe(3);
  });

  it('a missing plugin binary is one MeshError naming the command and the context', async () => {
    const error = await execCredential({command: 'mesh-no-such-plugin'}, 'dev').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).message).toBe(
      'credential plugin "mesh-no-such-plugin" not found (context "dev")',
    );
  });
});
