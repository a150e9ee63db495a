/** What a revision name must be: it becomes part of object names and label values. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `installed-state-<revision>` is a label value (owning-resource), and label values hold at most 63 characters. */
export const MAX_REVISION_LENGTH = 63 - 'installed-state-'.length;

export const REVISION_FORMAT = `a revision name: a DNS-1123 label of at most ${MAX_REVISION_LENGTH} characters, e.g. canary or 1-31-0`;

/** Why a revision name is unacceptable, or undefined when it is fine ("" means no revision). */
export function revisionProblem(revision: string): string | undefined {
  if (revision === '') return undefined;
  const reasons: string[] = [];
  if (!DNS1123_LABEL.test(revision)) {
    reasons.push(
      "must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit)",
    );
  }
  if (revision.length > MAX_REVISION_LENGTH) {
    reasons.push(
      `must be at most ${MAX_REVISION_LENGTH} characters, it has ${revision.length} (installed-state-<revision> is a label value, limited to 63)`,
    );
  }
  return reasons.length ? `invalid revision "${revision}": ${reasons.join('; and ')}` : undefined;
}
