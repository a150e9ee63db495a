/** Pre-flight findings as text lines or JSON: the one formatter of `mesh install` and `mesh precheck`. */
import type {Finding} from '../install/preflight.js';

export interface FindingsOutput {
  /** Structured output (-o json|yaml): each finding is one event. */
  event?: (value: object) => void;
  log: (line: string) => void;
  warn: (line: string) => void;
  /** Only warnings and errors (install); otherwise passed checks are logged too. */
  quiet?: boolean;
}

/** What `mesh precheck` prints when nothing needs attention. */
export const NO_ISSUES_LINE =
  '✔ No issues found when checking the cluster. Istio is safe to install or upgrade!';

const MARKS = {ok: '✔', warning: '!', error: '✘'} as const;

/**
 * Warnings and errors as lines: `✘ [id] message` (errors) or `! [id] message` (warnings), each
 * followed by `  hint: …`. Consecutive findings sharing id, severity and hint (e.g. one missing
 * permission per line) print that hint once, after the last of them.
 */
export function issueLines(findings: readonly Finding[]): string[] {
  const issues = findings.filter((f) => f.severity !== 'ok');
  const lines: string[] = [];
  issues.forEach((finding, i) => {
    lines.push(`${MARKS[finding.severity]} [${finding.id}] ${finding.message}`);
    const next = issues[i + 1];
    const sameGroup =
      next && next.id === finding.id && next.severity === finding.severity && next.hint === finding.hint;
    if (finding.hint && !sameGroup) lines.push(`  hint: ${finding.hint}`);
  });
  return lines;
}

/** Warnings and errors as a JSON array of {id, severity, message, hint}; `[]` when there are none. */
export function issuesJson(findings: readonly Finding[]): string {
  const issues = findings
    .filter((f) => f.severity !== 'ok')
    .map(({id, severity, message, hint}) => ({id, severity, message, ...(hint === undefined ? {} : {hint})}));
  return JSON.stringify(issues, null, 2);
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** Prints pre-flight findings (or one `{type: 'finding', …}` event each); returns true when any is an error. */
export function printFindings(findings: Finding[], out: FindingsOutput): boolean {
  if (out.event) {
    for (const finding of findings) out.event({type: 'finding', ...finding});
  } else {
    if (!out.quiet) for (const f of findings) if (f.severity === 'ok') out.log(`${MARKS.ok} ${f.message}`);
    for (const line of issueLines(findings)) out.warn(line);
  }
  return hasErrors(findings);
}
