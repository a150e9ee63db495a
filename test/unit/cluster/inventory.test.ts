// Owner-selector matching, used when pre-flight's webhook list stands in for prune's own list.
import {describe, expect, it} from 'vitest';
import {matchesSelector} from '../../../src/cluster/inventory.js';
import {installationFor} from '../../../src/render/installation.js';

describe('matchesSelector', () => {
  const owner = installationFor('canary', 'istio-system').ownerSelector;
  const labels = {
    'install.operator.istio.io/owning-resource': 'installed-state-canary',
    'install.operator.istio.io/owning-resource-namespace': 'istio-system',
    'istio.io/rev': 'canary',
  };

  it('matches when every term is present with its value', () => {
    expect(matchesSelector(labels, owner)).toBe(true);
  });

  it('does not match another revision or another install namespace', () => {
    expect(matchesSelector(labels, installationFor(undefined, 'istio-system').ownerSelector)).toBe(false);
    expect(matchesSelector(labels, installationFor('canary', 'other').ownerSelector)).toBe(false);
  });

  it('does not match objects without labels or with a missing key', () => {
    expect(matchesSelector(undefined, owner)).toBe(false);
    expect(matchesSelector({'istio.io/rev': 'canary'}, owner)).toBe(false);
  });

  it('an empty selector matches everything, as the API server treats it', () => {
    expect(matchesSelector(undefined, '')).toBe(true);
  });

  it('a value containing "=" is compared whole', () => {
    expect(matchesSelector({a: 'b=c'}, 'a=b=c')).toBe(true);
    expect(matchesSelector({a: 'b'}, 'a=b=c')).toBe(false);
  });
});
