import {describe, expect, it} from 'vitest';
import type {Cluster} from '../../../src/cluster/client.js';
import {RestError} from '../../../src/cluster/rest.js';
import {loadSnapshot} from '../../../src/describe/snapshot.js';
import {MeshError} from '../../../src/errors.js';

/** A cluster whose every pod read fails with `error`. */
function failing(error: unknown): Cluster {
  const fail = () => Promise.reject(error);
  return {
    server: 'https://127.0.0.1:6443',
    rest: {send: fail},
  } as unknown as Cluster;
}

async function failure(error: unknown): Promise<MeshError> {
  const caught = await loadSnapshot(failing(error), {pod: 'foo', namespace: 'app'}).catch((e: unknown) => e);
  expect(caught).toBeInstanceOf(MeshError);
  return caught as MeshError;
}

const status = (code: number, reason: string, message: string) =>
  new RestError(code, {kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code});

describe('loadSnapshot: apiserver refusals are one line', () => {
  it('401: credentials rejected and "refresh them", naming the server, no headers', async () => {
    const e = await failure(
      new RestError(
        401,
        {kind: 'Status', message: 'Unauthorized', code: 401},
        undefined,
        'GET',
        'https://k:6443',
      ),
    );
    expect([e.code, e.message, e.hint]).toEqual([
      'unauthorized',
      'credentials rejected: Unauthorized (server https://k:6443)',
      'your credentials were rejected; refresh them',
    ]);
  });

  it("403: Forbidden and the apiserver's message (the body is a JSON string)", async () => {
    const message =
      'pods "foo" is forbidden: User "system:serviceaccount:app:nobody" cannot get resource "pods" in API group "" in the namespace "app"';
    const e = await failure(status(403, 'Forbidden', message));
    expect([e.code, e.message, e.hint]).toEqual([
      'forbidden',
      `failed to read pod app/foo: Forbidden: ${message}`,
      'ask a cluster admin for the permission named above, or use a context that has it',
    ]);
  });

  it('another status: its reason and message, no re-run hint (nothing was written)', async () => {
    const e = await failure(status(500, 'InternalError', 'etcd\nleader changed'));
    expect([e.message, e.hint]).toEqual([
      'failed to read pod app/foo: InternalError: etcd leader changed',
      undefined,
    ]);
  });

  it('a status without a body: the HTTP status text', async () => {
    const e = await failure(new RestError(502, undefined));
    expect(e.message).toBe('failed to read pod app/foo: Bad Gateway');
  });
});
