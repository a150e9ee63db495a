/**
 * verify-install's text output, in istioctl's form. Objects are named `name.namespace`;
 * cluster-scoped ones `name.` (istioctl prints an empty namespace after the dot, and scripts
 * that parse its output expect that).
 */
import type {ObjectResult, VerifyReport} from './check.js';
import {formatDrift} from './drift.js';

export const VERIFIED_LINE = '✔ Istio is installed and verified successfully';
export const NOT_INSTALLED_LINE = '! No Istio installation found';

export function objectName(result: Pick<ObjectResult, 'name' | 'namespace'>): string {
  return `${result.name}.${result.namespace ?? ''}`;
}

export function resultLines(result: ObjectResult): string[] {
  if (result.status === 'ok') return [`✔ ${result.kind}: ${objectName(result)} checked successfully`];
  const lines = [`✘ ${result.kind}: ${objectName(result)}: ${result.reason ?? result.status}`];
  for (const drift of result.drift ?? []) lines.push(`    ${formatDrift(drift)}`);
  return lines;
}

export function reportLines(report: VerifyReport): string[] {
  const lines = report.results.flatMap(resultLines);
  lines.push(`Checked ${report.counts.customResourceDefinitions} custom resource definitions`);
  lines.push(`Checked ${report.counts.deployments} Istio Deployments`);
  if (report.counts.daemonSets > 0) lines.push(`Checked ${report.counts.daemonSets} Istio Daemonsets`);
  if (report.verified) lines.push(VERIFIED_LINE);
  return lines;
}
