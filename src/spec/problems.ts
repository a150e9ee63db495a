/**
 * Every problem with the user's input is collected, then reported in one error, so a
 * run shows all of them rather than one per attempt.
 */
import {isMeshError, MeshError} from '../errors.js';

export interface Problem {
  code: string;
  /** The whole line, starting with where it came from: `--set a=b: …`, `-f x.yaml: spec.a: …`. */
  message: string;
  path?: string;
  hint?: string;
}

export function problemOf(error: MeshError): Problem {
  return {code: error.code, message: error.message, path: error.path, hint: error.hint};
}

/** Runs `step`, turning a MeshError into a problem; anything else is a bug and propagates. */
export function collect<T>(problems: Problem[], step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    if (!isMeshError(error)) throw error;
    problems.push(problemOf(error));
    return undefined;
  }
}

export async function collectAsync<T>(problems: Problem[], step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    if (!isMeshError(error)) throw error;
    problems.push(problemOf(error));
    return undefined;
  }
}

/** Throws the problems as one MeshError: a single one as itself, several one per line. */
export function throwProblems(problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) {
    const [only] = problems;
    throw new MeshError(only!.code, only!.message, {path: only!.path, hint: only!.hint});
  }
  const lines = problems.map((problem) => `  ${problem.message}`).join('\n');
  throw new MeshError('invalid-input', `${problems.length} problems:\n${lines}`, {
    path: problems[0]!.path,
    hint: 'fix each of them; `mesh profile dump` shows a valid spec, `-o flags` its paths in the --set grammar',
  });
}
