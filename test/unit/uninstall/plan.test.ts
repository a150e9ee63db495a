import {describe, expect, it} from 'vitest';
import type {K8sObject} from '../../../src/cluster/kinds.js';
import {installationFor} from '../../../src/render/installation.js';
import {
  confirmQuestion,
  groupByKind,
  orderForDeletion,
  removedLine,
  uninstallRef,
} from '../../../src/uninstall/index.js';

const obj = (kind: string, name: string, namespace?: string, apiVersion = 'v1'): K8sObject => ({
  apiVersion,
  kind,
  metadata: {name, ...(namespace ? {namespace} : {})},
});

describe('uninstall plan order', () => {
  const shuffled = [
    obj('CustomResourceDefinition', 'gateways.networking.istio.io', undefined, 'apiextensions.k8s.io/v1'),
    obj('ClusterRoleBinding', 'istiod-clusterrole-istio-system'),
    obj('IstioOperator', 'installed-state', 'istio-system', 'install.istio.io/v1alpha1'),
    obj('MutatingWebhookConfiguration', 'istio-sidecar-injector'),
    obj('ClusterRole', 'istiod-clusterrole-istio-system'),
    obj('RoleBinding', 'istiod', 'istio-system'),
    obj('ConfigMap', 'istio', 'istio-system'),
    obj('Service', 'istiod', 'istio-system'),
    obj('Deployment', 'istiod', 'istio-system', 'apps/v1'),
    obj('Deployment', 'istio-ingressgateway', 'istio-system', 'apps/v1'),
    obj('ValidatingWebhookConfiguration', 'istio-validator-istio-system'),
    obj('Role', 'istiod', 'istio-system'),
    obj('ServiceAccount', 'istiod', 'istio-system'),
    obj('Deployment', 'istiod', 'istio-system', 'apps/v1'), // listed twice: removed once
    obj(
      'CustomResourceDefinition',
      'authorizationpolicies.security.istio.io',
      undefined,
      'apiextensions.k8s.io/v1',
    ),
  ];

  it('workloads, services, config, RBAC, webhooks, cluster RBAC, the installed state, then CRDs; by name within a kind', () => {
    expect(orderForDeletion(shuffled).map(uninstallRef)).toEqual([
      'Deployment/istio-system/istio-ingressgateway',
      'Deployment/istio-system/istiod',
      'Service/istio-system/istiod',
      'ConfigMap/istio-system/istio',
      'ServiceAccount/istio-system/istiod',
      'RoleBinding/istio-system/istiod',
      'Role/istio-system/istiod',
      'MutatingWebhookConfiguration/istio-sidecar-injector',
      'ValidatingWebhookConfiguration/istio-validator-istio-system',
      'ClusterRole/istiod-clusterrole-istio-system',
      'ClusterRoleBinding/istiod-clusterrole-istio-system',
      'IstioOperator/istio-system/installed-state',
      'CustomResourceDefinition/authorizationpolicies.security.istio.io',
      'CustomResourceDefinition/gateways.networking.istio.io',
    ]);
  });

  it('is stable: ordering an ordered plan changes nothing; input order does not matter', () => {
    const once = orderForDeletion(shuffled);
    expect(orderForDeletion(once)).toEqual(once);
    expect(orderForDeletion([...shuffled].reverse()).map(uninstallRef)).toEqual(once.map(uninstallRef));
  });

  it('within a kind, orders by namespace before name', () => {
    const plan = orderForDeletion([
      obj('Service', 'a', 'zz'),
      obj('Service', 'b', 'aa'),
      obj('Service', 'a', 'aa'),
    ]);
    expect(plan.map(uninstallRef)).toEqual(['Service/aa/a', 'Service/aa/b', 'Service/zz/a']);
  });

  it('groups consecutive objects of one kind: each group is deleted and waited for before the next', () => {
    const groups = groupByKind(orderForDeletion(shuffled));
    expect(groups.map((g) => `${g[0]!.kind}×${g.length}`)).toEqual([
      'Deployment×2',
      'Service×1',
      'ConfigMap×1',
      'ServiceAccount×1',
      'RoleBinding×1',
      'Role×1',
      'MutatingWebhookConfiguration×1',
      'ValidatingWebhookConfiguration×1',
      'ClusterRole×1',
      'ClusterRoleBinding×1',
      'IstioOperator×1',
      'CustomResourceDefinition×2',
    ]);
  });

  it('prints `  Removed Kind/ns/name.` (or `  Would remove …` on a dry run)', () => {
    expect(removedLine(uninstallRef(obj('Deployment', 'istiod', 'istio-system')), false)).toBe(
      '  Removed Deployment/istio-system/istiod.',
    );
    expect(removedLine(uninstallRef(obj('ClusterRole', 'r')), true)).toBe('  Would remove ClusterRole/r.');
  });

  it('asks about what it will remove', () => {
    const objects = orderForDeletion(shuffled);
    expect(
      confirmQuestion({
        purge: true,
        installations: [installationFor('canary'), installationFor('default')],
        objects,
      }),
    ).toBe('This will remove all 14 objects mesh installed, CRDs included. Proceed? (y/N)');
    expect(
      confirmQuestion({
        purge: false,
        installations: [installationFor('canary')],
        objects: objects.slice(0, 3),
      }),
    ).toBe('This will remove the 3 objects of revision canary. Proceed? (y/N)');
  });
});
