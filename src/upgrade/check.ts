/**
 * istioctl's upgrade eligibility, made strict: the installed control plane's version is read
 * from the cluster, the target comes from the composed spec, and one step may cross at most one
 * minor version (istioctl only warned; skipping a minor is untested upstream). --force turns a
 * failed check into a warning.
 */
import semver from 'semver';
import {MeshError} from '../errors.js';

/** istioctl refused anything older (its upgradeSupportStart). */
const UPGRADE_SUPPORT_START = '1.6.0';

export interface UpgradeCheck {
  /** Lines to print: the passed check, or the warnings --force let through. */
  lines: string[];
}

/** An Istio tag as a version: `1.31.0`, `1.30.0-beta.1`, `1.31.0-distroless` → 1.31.0; undefined for `latest` and the like. */
export function tagVersion(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const clean = semver.valid(tag.replace(/-distroless$/, '')) ?? semver.coerce(tag)?.version;
  return clean && /^\d+\.\d+/.test(tag.replace(/^v/, '')) ? clean : undefined;
}

export function checkUpgrade(
  current: string | undefined,
  targetTag: string,
  options: {force?: boolean; namespace: string; deployment: string},
): UpgradeCheck {
  const target = tagVersion(targetTag);
  const fail = (error: MeshError): UpgradeCheck => {
    if (!options.force) throw error;
    return {lines: [`! ${error.message}; continuing because of --force`]};
  };
  if (!target)
    return fail(
      new MeshError(
        'upgrade-target-unknown',
        `failed to convert the target tag '${targetTag}' into a valid version, you can use --force flag to skip the version check if you know the tag is correct`,
        {hint: 'set an Istio release tag, e.g. --set tag=1.31.0'},
      ),
    );
  if (!current)
    throw new MeshError(
      'upgrade-not-installed',
      `failed to read the current Istio version, error: istio control plane not found in namespace: ${options.namespace}`,
      {hint: `no Deployment ${options.deployment} to upgrade; install it with mesh install`},
    );
  const from = semver.parse(current)!;
  const to = semver.parse(target)!;
  const failed = (reason: string, hint: string) =>
    fail(
      new MeshError(
        'upgrade-unsupported',
        `upgrade version check failed: ${current} -> ${target}. Error: ${reason}`,
        {
          hint,
        },
      ),
    );
  if (semver.lt(current, UPGRADE_SUPPORT_START))
    return failed(`upgrade is not supported before version: ${UPGRADE_SUPPORT_START}`, 'reinstall instead');
  if (semver.lt(target, current))
    return failed(
      'the target version is older than the installed one',
      'a downgrade is not an upgrade: use mesh install, or pass --force',
    );
  if (to.major !== from.major || to.minor - from.minor > 1)
    return failed(
      `upgrading across more than one minor version (${from.major}.${from.minor} to ${to.major}.${to.minor}) in one step is not supported`,
      `upgrade to ${from.major}.${from.minor + 1} first, or pass --force`,
    );
  return {lines: [`Upgrade version check passed: ${current} -> ${target}.`]};
}
