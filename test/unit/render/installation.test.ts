import {describe, expect, it} from 'vitest';
import {matchesSelector} from '../../../src/cluster/inventory.js';
import {installationFor, installationOf} from '../../../src/render/installation.js';
import {ownerLabels} from '../../../src/render/labels.js';
import type {IstioOperator} from '../../../src/spec/types.js';

const operator = (spec: IstioOperator['spec'], namespace?: string): IstioOperator =>
  ({
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: {namespace},
    spec,
  }) as IstioOperator;

describe('one installation: revision, install namespace, installed-state name, owner selector', () => {
  it('no revision, "" and "default" are the same installation', () => {
    const expected = {
      revision: 'default',
      namespace: 'istio-system',
      installedStateName: 'installed-state',
      ownerSelector:
        'install.operator.istio.io/owning-resource=installed-state,install.operator.istio.io/owning-resource-namespace=istio-system',
    };
    expect(installationFor(undefined)).toEqual(expected);
    expect(installationFor('')).toEqual(expected);
    expect(installationFor('default', 'istio-system')).toEqual(expected);
    expect(installationOf(operator({}))).toEqual(expected);
  });

  it('a revision names the installed state; the namespace comes from metadata, spec.namespace or values', () => {
    expect(installationOf(operator({revision: 'canary'}, 'mesh-a'))).toEqual({
      revision: 'canary',
      namespace: 'mesh-a',
      installedStateName: 'installed-state-canary',
      ownerSelector:
        'install.operator.istio.io/owning-resource=installed-state-canary,install.operator.istio.io/owning-resource-namespace=mesh-a',
    });
    expect(installationOf(operator({namespace: 'mesh-b'})).namespace).toBe('mesh-b');
    expect(installationOf(operator({values: {global: {istioNamespace: 'mesh-c'}}})).namespace).toBe('mesh-c');
    expect(installationOf(operator({namespace: 'mesh-b'}, 'mesh-a')).namespace).toBe('mesh-a');
  });

  it("an object carrying an installation's owner labels matches its selector, and no other's", () => {
    const canary = installationFor('canary', 'mesh-a');
    const labels = ownerLabels(canary, 'Pilot');
    expect(labels).toMatchObject({'istio.io/rev': 'canary', 'operator.istio.io/component': 'Pilot'});
    expect(matchesSelector(labels, canary.ownerSelector)).toBe(true);
    expect(matchesSelector(labels, installationFor('canary').ownerSelector)).toBe(false);
    expect(matchesSelector(labels, installationFor('default', 'mesh-a').ownerSelector)).toBe(false);
  });
});
