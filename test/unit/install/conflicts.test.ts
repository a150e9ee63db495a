import {describe, expect, it} from 'vitest';
import {applyConflicts} from '../../../src/cluster/apply.js';
import type {K8sObject} from '../../../src/cluster/kinds.js';
import {
  conflictError,
  conflictLine,
  describeConflicts,
  resolveField,
} from '../../../src/install/conflicts.js';
import {formatPlan} from '../../../src/install/plan.js';

/** The Status a 409 apply conflict carries (causes serialize their type as `reason`). */
const status = (causes: {message: string; field: string}[]) => ({
  code: 409,
  body: {
    kind: 'Status',
    status: 'Failure',
    reason: 'Conflict',
    code: 409,
    message: `Apply failed with ${causes.length} conflict: …`,
    details: {causes: causes.map((cause) => ({reason: 'FieldManagerConflict', ...cause}))},
  },
});

const istiod = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'istiod',
    namespace: 'istio-system',
    annotations: {'sidecar.istio.io/inject': 'false', sidecar: 'x'},
  },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          {name: 'other', image: 'a'},
          {
            name: 'discovery',
            image: 'docker.io/istio/pilot:1.31.0',
            ports: [
              {containerPort: 8080, protocol: 'TCP', name: 'http'},
              {containerPort: 15010, protocol: 'TCP', name: 'grpc'},
            ],
          },
        ],
      },
    },
  },
} as K8sObject;

const validator = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: {name: 'istiod-default-validator'},
  webhooks: [{name: 'validation.istio.io', failurePolicy: 'Ignore', sideEffects: 'None'}],
} as K8sObject;

describe('applyConflicts', () => {
  it('reads each field and its manager from the Status causes', () => {
    const error = status([
      {message: 'conflict with "someone"', field: '.spec.replicas'},
      {
        message: 'conflict with "kubectl-edit" using apps/v1 at 2026-01-02T03:04:05Z',
        field: '.spec.template.spec.containers[name="discovery"].image',
      },
    ]);
    expect(applyConflicts(error)).toEqual([
      {field: '.spec.replicas', manager: 'someone'},
      {field: '.spec.template.spec.containers[name="discovery"].image', manager: 'kubectl-edit'},
    ]);
  });

  it('is undefined for other errors: a 409 without conflict causes, a 404, a string body', () => {
    expect(applyConflicts({code: 409, body: {reason: 'AlreadyExists'}})).toBeUndefined();
    expect(applyConflicts({code: 404, body: {}})).toBeUndefined();
    expect(applyConflicts(new Error('boom'))).toBeUndefined();
    const text = status([{message: 'conflict with "a \\"b\\""', field: '.data.x'}]);
    expect(applyConflicts({code: 409, body: JSON.stringify(text.body)})).toEqual([
      {field: '.data.x', manager: 'a "b"'},
    ]);
  });
});

describe('resolveField', () => {
  it('follows names, keyed list items, indexes and unescaped dotted keys', () => {
    expect(resolveField(istiod, '.spec.replicas').value).toBe(1);
    expect(resolveField(istiod, '.spec.template.spec.containers[name="discovery"].image').value).toBe(
      'docker.io/istio/pilot:1.31.0',
    );
    expect(
      resolveField(
        istiod,
        '.spec.template.spec.containers[name="discovery"].ports[containerPort=15010,protocol="TCP"].name',
      ).value,
    ).toBe('grpc');
    expect(resolveField(istiod, '.spec.template.spec.containers[0].image').value).toBe('a');
    expect(resolveField(istiod, '.metadata.annotations.sidecar.istio.io/inject').value).toBe('false');
    expect(resolveField({metadata: {finalizers: ['a', 'b']}}, '.metadata.finalizers[="b"]').value).toBe('b');
    expect(resolveField(istiod, '.spec.paused').found).toBe(false);
    expect(resolveField(istiod, '.spec.template.spec.containers[name="gone"].image').found).toBe(false);
  });
});

describe('describeConflicts', () => {
  it("adds mesh's value; fields Istio's controllers rewrite are expected, not reported", () => {
    expect(
      describeConflicts(validator, [
        {field: '.webhooks[name="validation.istio.io"].failurePolicy', manager: 'pilot-discovery'},
      ]),
    ).toEqual({conflicts: [], expected: true});
    expect(
      describeConflicts(validator, [
        {field: '.webhooks[name="validation.istio.io"].failurePolicy', manager: 'pilot-discovery'},
        {field: '.webhooks[name="validation.istio.io"].sideEffects', manager: 'someone'},
      ]),
    ).toEqual({
      conflicts: [
        {
          object: 'ValidatingWebhookConfiguration/istiod-default-validator',
          field: '.webhooks[name="validation.istio.io"].sideEffects',
          manager: 'someone',
          value: 'None',
        },
      ],
      expected: false,
    });
  });

  it('never shows a Secret value', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {name: 's', namespace: 'n'},
      data: {key: 'c2VjcmV0'},
    };
    expect(describeConflicts(secret as K8sObject, [{field: '.data.key', manager: 'x'}]).conflicts).toEqual([
      {object: 'Secret/n/s', field: '.data.key', manager: 'x', value: '<redacted>'},
    ]);
  });
});

describe('conflictError', () => {
  it('names each field, its manager and the value mesh would set, and hints --force', () => {
    const error = conflictError([
      {object: 'Deployment/istio-system/istiod', field: '.spec.replicas', manager: 'someone', value: 1},
      {
        object: 'ConfigMap/istio-system/istio',
        field: '.data.mesh',
        manager: 'kubectl',
        value: `x: ${'y'.repeat(80)}`,
      },
      {object: 'Deployment/istio-system/istiod', field: '.spec.template', manager: 'someone'},
    ]);
    expect(error.code).toBe('field-conflict');
    expect(error.message).toBe(
      [
        '3 fields are owned by another field manager; nothing was written:',
        '  Deployment/istio-system/istiod .spec.replicas: owned by "someone" (mesh would set 1)',
        `  ConfigMap/istio-system/istio .data.mesh: owned by "kubectl" (mesh would set "x: ${'y'.repeat(55)}…)`,
        '  Deployment/istio-system/istiod .spec.template: owned by "someone"',
      ].join('\n'),
    );
    expect(error.hint).toBe('re-run with --force to take them over');
    expect(conflictError([{object: 'A/b', field: '.c', manager: 'd', value: true}]).message).toBe(
      '1 field is owned by another field manager; nothing was written:\n  A/b .c: owned by "d" (mesh would set true)',
    );
    expect(conflictError([{object: 'A/b', field: '.c', manager: 'd'}]).hint).toBe(
      're-run with --force to take it over',
    );
  });
});

describe('formatPlan with conflicts', () => {
  it('lists the conflicting fields before the changes and counts them on the Plan line', () => {
    const conflict = {
      object: 'Deployment/istio-system/istiod',
      field: '.spec.replicas',
      manager: 'someone',
      value: 1,
    };
    expect(conflictLine(conflict)).toBe('.spec.replicas: owned by "someone" (mesh would set 1)');
    expect(
      formatPlan([
        {
          action: 'conflict',
          object: conflict.object,
          changes: ['spec.replicas: 3 → 1'],
          conflicts: [conflict],
        },
        {action: 'unchanged', object: 'ServiceAccount/istio-system/istiod', changes: []},
      ]),
    ).toEqual([
      'conflict  Deployment/istio-system/istiod',
      '            .spec.replicas: owned by "someone" (mesh would set 1)',
      '            spec.replicas: 3 → 1',
      'Plan: 0 to create, 0 to update, 1 unchanged, 0 to prune, 1 in conflict',
    ]);
  });
});
