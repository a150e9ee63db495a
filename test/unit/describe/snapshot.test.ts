import {ApiException} from '@kubernetes/client-node';
import {describe, expect, it} from 'vitest';
import type {Cluster} from '../../../src/cluster/client.js';
import {loadSnapshot} from '../../../src/describe/snapshot.js';
import {MeshError} from '../../../src/errors.js';

const HEADERS = {'audit-id': '3f1c0f1e-0000-4000-8000-000000000000', 'content-type': 'application/json'};

/** A cluster whose every pod read fails with `error`. */
function failing(error: unknown): Cluster {
  const fail = () => Promise.reject(error);
  return {
    server: 'https://127.0.0.1:6443',
    core: {readNamespacedPod: fail, readNamespace: fail},
  } as unknown as Cluster;
}

async function failure(error: unknown): Promise<MeshError> {
  const caught = await loadSnapshot(failing(error), {pod: 'foo', namespace: 'app'}).catch((e: unknown) => e);
  expect(caught).toBeInstanceOf(MeshError);
  return caught as MeshError;
}

const status = (code: number, reason: string, message: string) =>
  JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code});

describe('loadSnapshot: apiserver refusals are one line', () => {
  it('401 (client-node gives no body): Unauthorized and "refresh them", no headers', async () => {
    const e = await failure(new ApiException(401, 'Unauthorized', undefined, HEADERS));
    expect([e.code, e.message, e.hint]).toEqual([
      'unauthorized',
      'failed to read pod app/foo: Unauthorized: Unauthorized',
      'your credentials were rejected; refresh them',
    ]);
  });

  it("403: Forbidden and the apiserver's message (the body is a JSON string)", async () => {
    const message =
      'pods "foo" is forbidden: User "system:serviceaccount:app:nobody" cannot get resource "pods" in API group "" in the namespace "app"';
    const e = await failure(
      new ApiException(403, 'Unknown API Status Code!', status(403, 'Forbidden', message), HEADERS),
    );
    expect([e.code, e.message, e.hint]).toEqual([
      'forbidden',
      `failed to read pod app/foo: Forbidden: ${message}`,
      'ask a cluster admin for the permission named above, or use a context that has it',
    ]);
  });

  it('another status: its reason and message, no re-run hint (nothing was written)', async () => {
    const e = await failure(
      new ApiException(
        500,
        'Unknown API Status Code!',
        status(500, 'InternalError', 'etcd\nleader changed'),
        HEADERS,
      ),
    );
    expect([e.message, e.hint]).toEqual([
      'failed to read pod app/foo: InternalError: etcd leader changed',
      undefined,
    ]);
  });

  it('a status without a body: the HTTP status text', async () => {
    const e = await failure(new ApiException(502, 'Unknown API Status Code!', '', HEADERS));
    expect(e.message).toBe('failed to read pod app/foo: Bad Gateway');
  });

  it('never the exception text (headers, "HTTP-Code")', async () => {
    for (const code of [401, 403, 500]) {
      const e = await failure(new ApiException(code, 'Unknown API Status Code!', undefined, HEADERS));
      expect(e.message).not.toMatch(/HTTP-Code|Headers|audit-id|\n/);
    }
  });
});
