import {describe, expect, it} from 'vitest';
import {checkUpgrade, tagVersion} from '../../../src/upgrade/check.js';

const where = {namespace: 'istio-system', deployment: 'istiod'};

describe('upgrade version checks', () => {
  it('reads release tags as versions, not floating tags', () => {
    expect(tagVersion('1.29.6')).toBe('1.29.6');
    expect(tagVersion('1.30.0-beta.1')).toBe('1.30.0-beta.1');
    expect(tagVersion('1.29.6-distroless')).toBe('1.29.6');
    expect(tagVersion('latest')).toBeUndefined();
    expect(tagVersion(undefined)).toBeUndefined();
  });

  it('passes one minor or a patch', () => {
    expect(checkUpgrade('1.28.3', '1.29.6', where).lines).toEqual([
      'Upgrade version check passed: 1.28.3 -> 1.29.6.',
    ]);
    expect(checkUpgrade('1.29.1', '1.29.6', where).lines).toEqual([
      'Upgrade version check passed: 1.29.1 -> 1.29.6.',
    ]);
  });

  it('refuses two minors, a downgrade, an unknown target and a missing control plane', () => {
    expect(() => checkUpgrade('1.27.0', '1.29.6', where)).toThrow(
      'upgrade version check failed: 1.27.0 -> 1.29.6. Error: upgrading across more than one minor version (1.27 to 1.29) in one step is not supported',
    );
    expect(() => checkUpgrade('1.29.6', '1.28.0', where)).toThrow(
      'upgrade version check failed: 1.29.6 -> 1.28.0. Error: the target version is older than the installed one',
    );
    expect(() => checkUpgrade('1.29.6', 'latest', where)).toThrow(
      "failed to convert the target tag 'latest' into a valid version",
    );
    expect(() => checkUpgrade(undefined, '1.29.6', where)).toThrow(
      'failed to read the current Istio version, error: istio control plane not found in namespace: istio-system',
    );
  });

  it('--force turns a failed check into a warning', () => {
    expect(checkUpgrade('1.27.0', '1.29.6', {...where, force: true}).lines).toEqual([
      '! upgrade version check failed: 1.27.0 -> 1.29.6. Error: upgrading across more than one minor version (1.27 to 1.29) in one step is not supported; continuing because of --force',
    ]);
  });
});
