// The readiness rules per kind, over object states as the apiserver reports them during a rollout.
import {describe, expect, it} from 'vitest';
import {checkReady, needsWait} from '../../../src/cluster/readiness.js';

const deployment = (spec: Record<string, unknown>, status: Record<string, unknown>, generation = 2) => ({
  metadata: {generation},
  spec,
  status,
});

describe('Deployment', () => {
  // A rollout of 2 replicas, step by step.
  const steps: [string, ReturnType<typeof deployment>, string | true][] = [
    [
      'controller has not seen the change',
      deployment({replicas: 2}, {observedGeneration: 1}),
      'waiting for the controller to observe the new generation',
    ],
    [
      'nothing updated yet',
      deployment({replicas: 2}, {observedGeneration: 2, replicas: 2, updatedReplicas: 0}),
      '0 of 2 replicas updated',
    ],
    [
      'old pods still around',
      deployment(
        {replicas: 2},
        {observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 2},
      ),
      '1 old replicas pending termination',
    ],
    [
      'updated, not yet available',
      deployment(
        {replicas: 2},
        {observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1},
      ),
      '1 of 2 replicas available',
    ],
    [
      'done',
      deployment(
        {replicas: 2},
        {observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2},
      ),
      true,
    ],
  ];
  it.each(steps)('%s', (_name, live, expected) => {
    const result = checkReady({kind: 'Deployment'}, live);
    expect(result.ready ? true : result.reason).toBe(expected);
  });

  it('no replicas field means one', () => {
    expect(
      checkReady(
        {kind: 'Deployment'},
        deployment({}, {observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1}),
      ).ready,
    ).toBe(true);
  });

  it('a stalled rollout says so', () => {
    const live = deployment(
      {replicas: 1},
      {
        observedGeneration: 2,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "x" has timed out progressing.',
          },
        ],
      },
    );
    expect(checkReady({kind: 'Deployment'}, live)).toEqual({
      ready: false,
      reason: 'rollout stalled: ReplicaSet "x" has timed out progressing.',
    });
  });
});

describe('other kinds', () => {
  it('DaemonSet: every scheduled pod updated and ready', () => {
    const live = (updated: number, ready: number) => ({
      metadata: {generation: 1},
      status: {
        observedGeneration: 1,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: updated,
        numberReady: ready,
      },
    });
    expect(checkReady({kind: 'DaemonSet'}, live(2, 2))).toEqual({
      ready: false,
      reason: '2 of 3 pods updated',
    });
    expect(checkReady({kind: 'DaemonSet'}, live(3, 1))).toEqual({ready: false, reason: '1 of 3 pods ready'});
    expect(checkReady({kind: 'DaemonSet'}, live(3, 3)).ready).toBe(true);
  });

  it('StatefulSet: updated and ready replicas', () => {
    expect(
      checkReady(
        {kind: 'StatefulSet'},
        {
          metadata: {generation: 1},
          spec: {replicas: 2},
          status: {observedGeneration: 1, updatedReplicas: 2, readyReplicas: 1},
        },
      ),
    ).toEqual({
      ready: false,
      reason: '1 of 2 replicas ready',
    });
  });

  it('Job: complete is ready, failed says why', () => {
    expect(
      checkReady({kind: 'Job'}, {status: {conditions: [{type: 'Complete', status: 'True'}]}}).ready,
    ).toBe(true);
    expect(
      checkReady(
        {kind: 'Job'},
        {
          status: {
            conditions: [
              {
                type: 'Failed',
                status: 'True',
                reason: 'BackoffLimitExceeded',
                message: 'Job has reached the specified backoff limit',
              },
            ],
          },
        },
      ),
    ).toEqual({
      ready: false,
      reason: 'job failed: BackoffLimitExceeded Job has reached the specified backoff limit',
    });
  });

  it('CRD: Established, or why its names were not accepted', () => {
    expect(
      checkReady(
        {kind: 'CustomResourceDefinition'},
        {status: {conditions: [{type: 'Established', status: 'True'}]}},
      ).ready,
    ).toBe(true);
    expect(
      checkReady(
        {kind: 'CustomResourceDefinition'},
        {
          status: {
            conditions: [{type: 'NamesAccepted', status: 'False', message: '"gateways" is already in use'}],
          },
        },
      ),
    ).toEqual({
      ready: false,
      reason: 'names not accepted: "gateways" is already in use',
    });
  });

  it('Namespace: Active', () => {
    expect(checkReady({kind: 'Namespace'}, {status: {phase: 'Terminating'}})).toEqual({
      ready: false,
      reason: 'namespace is Terminating',
    });
    expect(checkReady({kind: 'Namespace'}, {status: {phase: 'Active'}}).ready).toBe(true);
  });

  it('kinds without a rule are ready once accepted and are not waited for', () => {
    expect(needsWait({kind: 'ConfigMap'})).toBe(false);
    expect(checkReady({kind: 'ConfigMap'}, {}).ready).toBe(true);
    expect(needsWait({kind: 'Deployment'})).toBe(true);
  });
});
