/**
 * verify-install's text output. Objects are named as in every mesh command: `Kind/namespace/name`,
 * cluster-scoped `Kind/name`. By default only failures are listed, then the counts; `-v` (or
 * `-o wide`) lists every object.
 */
import {MeshError} from '../errors.js';
import {lineDiff} from '../ui/line-diff.js';
import type {ObjectResult, VerifyReport} from './check.js';
import {formatDrift, type Drift} from './drift.js';

export const VERIFIED_LINE = '✔ Istio is installed and verified successfully';

/** The error of a report that did not verify; `checks` says where the failures were shown. */
export function verifyFailed(report: VerifyReport, checks: string): MeshError {
  const failed = report.results.filter((r) => r.status !== 'ok').length;
  return new MeshError('verify-failed', 'Istio installation failed', {
    hint: `${failed} object${failed === 1 ? '' : 's'} failed ${checks}; \`mesh install\` re-applies what mesh renders`,
  });
}

export function objectName(result: Pick<ObjectResult, 'kind' | 'name' | 'namespace'>): string {
  return result.namespace
    ? `${result.kind}/${result.namespace}/${result.name}`
    : `${result.kind}/${result.name}`;
}

export function resultLines(result: ObjectResult): string[] {
  if (result.status === 'ok') return [`✔ ${objectName(result)} checked successfully`];
  const lines = [`✘ ${objectName(result)}: ${result.reason ?? result.status}`];
  for (const drift of result.drift ?? []) lines.push(...driftLines(drift));
  return lines;
}

const MAX_CHANGED_LINES = 20;

/**
 * One drift as `    path: "old" → "new"`; when both values are multi-line text (a ConfigMap's
 * mesh config), the path and then only the changed lines: `-` what mesh applies, `+` the cluster's.
 */
export function driftLines(drift: Drift): string[] {
  const {expected, live} = drift;
  if (
    typeof expected !== 'string' ||
    typeof live !== 'string' ||
    !(expected.includes('\n') || live.includes('\n'))
  ) {
    return [`    ${formatDrift(drift)}`];
  }
  const changed = lineDiff(expected.split('\n'), live.split('\n')).filter((line) => !line.startsWith(' '));
  const shown = changed.slice(0, MAX_CHANGED_LINES).map((line) => `      ${line[0]} ${line.slice(1)}`);
  const more = changed.length - shown.length;
  return [
    `    ${drift.path}: (- expected, + live)`,
    ...shown,
    ...(more > 0 ? [`      … ${more} more changed lines`] : []),
  ];
}

export function reportLines(report: VerifyReport, options: {verbose?: boolean} = {}): string[] {
  const shown = options.verbose ? report.results : report.results.filter((r) => r.status !== 'ok');
  const lines = shown.flatMap(resultLines);
  const ok = report.results.length - report.results.filter((r) => r.status !== 'ok').length;
  lines.push(`Checked ${report.results.length} objects: ${ok} ok, ${report.results.length - ok} failed`);
  lines.push(`Checked ${report.counts.customResourceDefinitions} custom resource definitions`);
  lines.push(`Checked ${report.counts.deployments} Istio Deployments`);
  if (report.counts.daemonSets > 0) lines.push(`Checked ${report.counts.daemonSets} Istio Daemonsets`);
  if (report.verified) lines.push(VERIFIED_LINE);
  return lines;
}
