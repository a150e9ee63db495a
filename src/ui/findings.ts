/** Prints pre-flight findings; returns true when any is an error. */
import type {Finding} from '../install/preflight.js';

export interface FindingsOutput {
  json: boolean;
  log: (line: string) => void;
  warn: (line: string) => void;
  /** Only warnings and errors (install); precheck shows everything. */
  quiet?: boolean;
}

export function printFindings(findings: Finding[], out: FindingsOutput): boolean {
  for (const finding of findings) {
    if (out.json) {
      out.log(JSON.stringify({type: 'finding', ...finding}));
      continue;
    }
    if (finding.severity === 'ok') {
      if (!out.quiet) out.log(`✔ ${finding.message}`);
      continue;
    }
    const mark = finding.severity === 'error' ? '✘' : '❗';
    out.warn(`${mark} [${finding.id}] ${finding.message}${finding.hint ? `\n    hint: ${finding.hint}` : ''}`);
  }
  return findings.some((f) => f.severity === 'error');
}
