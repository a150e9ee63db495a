import {describe, expect, it} from 'vitest';
import {allows, describeAccess, type ResourceRule} from '../../../src/install/permissions.js';

const deploymentsCreate = {group: 'apps', resource: 'deployments', namespace: 'istio-system', verb: 'create'};

describe('allows', () => {
  it('matches group, resource and verb, with * wildcards', () => {
    expect(
      allows([{apiGroups: ['apps'], resources: ['deployments'], verbs: ['create']}], deploymentsCreate),
    ).toBe(true);
    expect(allows([{apiGroups: ['*'], resources: ['*'], verbs: ['*']}], deploymentsCreate)).toBe(true);
    expect(
      allows([{apiGroups: [''], resources: ['deployments'], verbs: ['create']}], deploymentsCreate),
    ).toBe(false);
    expect(
      allows([{apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list']}], deploymentsCreate),
    ).toBe(false);
    expect(allows([{apiGroups: ['apps'], resources: ['replicasets'], verbs: ['*']}], deploymentsCreate)).toBe(
      false,
    );
  });

  it('a rule limited to named objects does not grant the kind', () => {
    const rule: ResourceRule = {
      apiGroups: ['apps'],
      resources: ['deployments'],
      verbs: ['create'],
      resourceNames: ['istiod'],
    };
    expect(allows([rule], deploymentsCreate)).toBe(false);
  });

  it('the core group is the empty string', () => {
    expect(
      allows([{apiGroups: [''], resources: ['configmaps'], verbs: ['patch']}], {
        group: '',
        resource: 'configmaps',
        namespace: 'x',
        verb: 'patch',
      }),
    ).toBe(true);
  });

  it('no rules, no access', () => {
    expect(allows([], deploymentsCreate)).toBe(false);
  });
});

describe('describeAccess', () => {
  it('names the resource with its group and where', () => {
    expect(describeAccess(deploymentsCreate)).toBe(
      'cannot create deployments.apps in namespace istio-system',
    );
    expect(
      describeAccess({group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', verb: 'patch'}),
    ).toBe('cannot patch customresourcedefinitions.apiextensions.k8s.io (cluster-wide)');
    expect(describeAccess({group: '', resource: 'services', namespace: 'gw', verb: 'delete'})).toBe(
      'cannot delete services in namespace gw',
    );
  });
});
