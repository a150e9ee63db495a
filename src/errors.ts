/**
 * The one error type of mesh. The library throws it; commands turn it into one
 * line on stderr (message, then hint) and an exit code.
 */
export class MeshError extends Error {
  /** A stable, machine-readable code, e.g. `unknown-set-path`. */
  readonly code: string;
  /** What the user can do about it. */
  readonly hint?: string;
  /** The spec path or file the error is about, when there is one. */
  readonly path?: string;
  /** Process exit code; 1 unless a command says otherwise. */
  readonly exitCode: number;

  constructor(
    code: string,
    message: string,
    options: {hint?: string; path?: string; exitCode?: number; cause?: unknown} = {},
  ) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause});
    this.name = 'MeshError';
    this.code = code;
    this.hint = options.hint;
    this.path = options.path;
    this.exitCode = options.exitCode ?? 1;
  }
}

export function isMeshError(error: unknown): error is MeshError {
  return error instanceof MeshError;
}
