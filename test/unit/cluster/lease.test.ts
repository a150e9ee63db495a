// The install lock: holder formatting and expiry (pure), and the acquire/take-over/release protocol
// against an in-memory Lease store that answers as the apiserver does (409 on create of an existing
// Lease and on an update with a stale resourceVersion, 404 when absent).
import {describe, expect, it, vi} from 'vitest';
import type {Cluster} from '../../../src/cluster/client.js';
import {
  acquireLock,
  describeHolder,
  holderIdentity,
  isFree,
  lockName,
  microTime,
  type Lease,
} from '../../../src/cluster/lease.js';
import {RestError} from '../../../src/cluster/rest.js';
import {installationFor} from '../../../src/render/installation.js';

describe('lease helpers', () => {
  it('names the lock per revision', () => {
    expect(lockName(undefined)).toBe('mesh-install-default');
    expect(lockName('')).toBe('mesh-install-default');
    expect(lockName('canary')).toBe('mesh-install-canary');
  });

  it('formats MicroTime with six fractional digits', () => {
    expect(microTime(new Date('2026-12-02T00:01:02.345Z'))).toBe('2026-12-02T00:01:02.345000Z');
  });

  it('identifies the holder by host, pid and start time; describes it without the time stamp', () => {
    const identity = holderIdentity(new Date('2026-12-02T00:01:02.000Z'), 'build-7', 1234);
    expect(identity).toBe('build-7/1234/2026-12-02T00:01:02.000Z');
    expect(describeHolder({holderIdentity: identity, acquireTime: '2026-12-02T00:01:02.000000Z'})).toBe(
      'build-7/1234 since 00:01:02 UTC',
    );
    // Another tool's identity is shown whole.
    expect(describeHolder({holderIdentity: 'operator-xyz', acquireTime: '2026-12-02T10:11:12.000000Z'})).toBe(
      'operator-xyz since 10:11:12 UTC',
    );
  });

  it('is free without a holder, or once renewTime + leaseDurationSeconds has passed', () => {
    const renewTime = '2026-12-02T00:00:00.000000Z';
    const at = (iso: string) => Date.parse(iso);
    expect(isFree(undefined, 0)).toBe(true);
    expect(isFree({holderIdentity: '', renewTime}, at(renewTime))).toBe(true);
    const held = {holderIdentity: 'h/1/t', renewTime, leaseDurationSeconds: 30};
    expect(isFree(held, at('2026-12-02T00:00:29.999Z'))).toBe(false);
    expect(isFree(held, at('2026-12-02T00:00:30.000Z'))).toBe(false);
    expect(isFree(held, at('2026-12-02T00:00:30.001Z'))).toBe(true);
  });
});

/** An apiserver holding Leases, as far as the lock uses it. */
function fakeCluster(options: {namespaces?: string[]} = {}) {
  const namespaces = new Set(options.namespaces ?? ['istio-system']);
  const leases = new Map<string, Lease>();
  let version = 0;
  const journal: string[] = [];
  const send = async ({method, path, body}: {method: string; path: string; body?: unknown}) => {
    journal.push(`${method} ${path}`);
    if (path === '/api/v1/namespaces' && method === 'POST') {
      namespaces.add((body as Lease).metadata.name);
      return body;
    }
    const match = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/(.+))?$/.exec(path)!;
    const [, ns, named] = match;
    if (!namespaces.has(ns!))
      throw new RestError(404, {reason: 'NotFound', message: `namespaces "${ns}" not found`});
    const input = body as Lease;
    const key = `${ns}/${named ?? input.metadata.name}`;
    const stored = leases.get(key);
    switch (method) {
      case 'POST': {
        if (stored) throw new RestError(409, {reason: 'AlreadyExists', message: 'already exists'});
        const created = {
          ...input,
          metadata: {...input.metadata, uid: `u${++version}`, resourceVersion: String(version)},
        };
        leases.set(key, created);
        return structuredClone(created);
      }
      case 'GET':
        if (!stored) throw new RestError(404, {reason: 'NotFound', message: 'not found'});
        return structuredClone(stored);
      case 'PUT': {
        if (!stored) throw new RestError(404, {reason: 'NotFound', message: 'not found'});
        if (input.metadata.resourceVersion !== stored.metadata.resourceVersion)
          throw new RestError(409, {reason: 'Conflict', message: 'the object has been modified'});
        const updated = {...input, metadata: {...input.metadata, resourceVersion: String(++version)}};
        leases.set(key, updated);
        return structuredClone(updated);
      }
      case 'DELETE': {
        const pre = (body as {preconditions?: {resourceVersion?: string}}).preconditions;
        if (!stored) throw new RestError(404, {reason: 'NotFound', message: 'not found'});
        if (pre?.resourceVersion && pre.resourceVersion !== stored.metadata.resourceVersion)
          throw new RestError(409, {reason: 'Conflict', message: 'precondition failed'});
        leases.delete(key);
        return {};
      }
    }
    throw new Error(`unexpected ${method} ${path}`);
  };
  const cluster = {rest: {send}} as unknown as Cluster;
  return {cluster, leases, namespaces, journal};
}

const held = (renewTime: string, holderIdentity = 'other/99/2026-12-02T00:00:00.000Z'): Lease => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: {name: 'mesh-install-default', namespace: 'istio-system', resourceVersion: '0'},
  spec: {holderIdentity, leaseDurationSeconds: 30, acquireTime: renewTime, renewTime},
});

describe('acquireLock', () => {
  it('creates the Lease, holds it with a readable identity, and deletes it on release', async () => {
    const fake = fakeCluster();
    const lock = await acquireLock(fake.cluster, {installation: installationFor('default'), waitMs: 0});
    expect(lock.waited).toBe(false);
    const lease = fake.leases.get('istio-system/mesh-install-default')!;
    expect(lease.spec?.holderIdentity).toMatch(/^[^/]+\/\d+\/\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(lease.spec?.leaseDurationSeconds).toBe(30);
    expect(lease.spec?.renewTime).toMatch(/\.\d{6}Z$/);
    await lock.release();
    expect(fake.leases.size).toBe(0);
  });

  it('fails at once naming the holder when the Lease is held and waitMs is 0', async () => {
    const fake = fakeCluster();
    fake.leases.set('istio-system/mesh-install-default', held(microTime(new Date())));
    const since = describeHolder(held(microTime(new Date())).spec).split(' since ')[1];
    await expect(
      acquireLock(fake.cluster, {installation: installationFor('default'), waitMs: 0}),
    ).rejects.toThrow(
      `another mesh install of revision "default" is running (held by other/99 since ${since})`,
    );
    expect(fake.journal.filter((line) => !line.startsWith('GET') && !line.startsWith('POST'))).toEqual([]);
  });

  it('takes over an expired Lease with an update guarded by its resourceVersion', async () => {
    const fake = fakeCluster();
    fake.leases.set('istio-system/mesh-install-default', held('2020-01-01T00:00:00.000000Z'));
    const lock = await acquireLock(fake.cluster, {installation: installationFor('default'), waitMs: 0});
    const lease = fake.leases.get('istio-system/mesh-install-default')!;
    expect(lease.spec?.holderIdentity).not.toContain('other/99');
    expect(lease.spec?.leaseTransitions).toBe(1);
    await lock.release();
  });

  it('of two runs taking over one expired Lease, one wins and the other waits for it', async () => {
    const fake = fakeCluster();
    fake.leases.set('istio-system/mesh-install-default', held('2020-01-01T00:00:00.000000Z'));
    const waits: string[] = [];
    const options = {installation: installationFor('default'), waitMs: 5000, pollMs: 20};
    const first = acquireLock(fake.cluster, {...options, onWait: (m) => waits.push(`a ${m}`)});
    const second = acquireLock(fake.cluster, {...options, onWait: (m) => waits.push(`b ${m}`)});
    const winner = await Promise.race([first, second]);
    expect(winner.waited).toBe(false);
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect(waits[0]).toMatch(
      /^[ab] Waiting for the install lock mesh-install-default held by .+ since \d\d:\d\d:\d\d UTC \(--wait-lock=false to fail at once\)$/,
    );
    await winner.release();
    const loser = await (waits[0]!.startsWith('a') ? first : second);
    expect(loser.waited).toBe(true);
    await loser.release();
    expect(fake.leases.size).toBe(0);
  });

  it('renews while held, and a renewal that finds the Lease taken reports it lost', async () => {
    const fake = fakeCluster();
    const lost: string[] = [];
    const lock = await acquireLock(fake.cluster, {
      installation: installationFor('canary'),
      waitMs: 0,
      renewMs: 10,
      onLost: (m) => lost.push(m),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.journal.some((line) => line.startsWith('PUT'))).toBe(true);
    // Someone else takes it over (as if this run had stalled past the expiry).
    const key = 'istio-system/mesh-install-canary';
    fake.leases.set(key, {
      ...fake.leases.get(key)!,
      metadata: {...fake.leases.get(key)!.metadata, resourceVersion: 'x'},
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lost).toHaveLength(1);
    await lock.release();
    expect(fake.leases.has(key)).toBe(true); // not ours to delete
  });

  it('gives up after waitMs with the holder named', async () => {
    const fake = fakeCluster();
    fake.leases.set('istio-system/mesh-install-default', held(microTime(new Date())));
    await expect(
      acquireLock(fake.cluster, {installation: installationFor('default'), waitMs: 100, pollMs: 20}),
    ).rejects.toThrow(/^timed out after 0s waiting for the install lock mesh-install-default/);
  });

  it('creates the install namespace first when asked to; without one to create, takes no lock', async () => {
    const fake = fakeCluster({namespaces: []});
    const none = await acquireLock(fake.cluster, {installation: installationFor('default'), waitMs: 0});
    expect(fake.leases.size).toBe(0);
    await none.release();
    const namespace = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'istio-system'}};
    const lock = await acquireLock(fake.cluster, {
      installation: installationFor('default'),
      waitMs: 0,
      createNamespace: namespace,
      namespaceAbsent: true,
    });
    expect(fake.namespaces.has('istio-system')).toBe(true);
    expect(fake.leases.size).toBe(1);
    await lock.release();
  });
});
