/**
 * Base of every mesh command: turns a MeshError into one clear message on stderr
 * (what was wrong, then what to do) and its exit code. Anything else is a bug and
 * keeps oclif's default handling.
 */
import {Command} from '@oclif/core/command';
import {toConfiguredId} from '@oclif/core/util/ids';
import * as Flags from '@oclif/core/flags';
import {isMeshError} from '../errors.js';
import {closest} from '../spec/suggest.js';

export abstract class MeshCommand extends Command {
  // As istioctl's persistent flags: every command takes them (commands that never reach a cluster
  // ignore them), so `mesh --context prod <anything>` works in aliases and scripts.
  static override baseFlags = {
    kubeconfig: Flags.string({
      char: 'c',
      description: 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)',
      helpGroup: 'GLOBAL',
    }),
    context: Flags.string({
      description: 'kubeconfig context to use (default: the current context)',
      helpGroup: 'GLOBAL',
    }),
    debug: Flags.boolean({
      description: 'print stack traces of unexpected errors (also MESH_DEBUG=1)',
      helpGroup: 'GLOBAL',
    }),
  };

  protected override async catch(error: Error & {exitCode?: number; oclif?: unknown}): Promise<unknown> {
    if (isMeshError(error)) {
      const hint = error.hint ? `\n  hint: ${error.hint}` : '';
      this.logToStderr(redact(`Error: ${error.message}${hint}`));
      if (debugEnabled()) this.logToStderr(redact(error.stack ?? ''));
      this.exit(error.exitCode);
    }
    // Bad flags and arguments: one line and exit 1, as kubectl and istioctl do (oclif would exit 2).
    const parseExit = (error.oclif as {exit?: number} | undefined)?.exit;
    if (parseExit === 2 && !(error as {skipOclifErrorHandling?: boolean}).skipOclifErrorHandling) {
      const {message, hint} = this.usage(error);
      this.logToStderr(redact(`Error: ${message}\n  hint: ${hint}`));
      this.exit(1);
    }
    // oclif's own errors (exit) keep their handling; anything else is one line unless debugging.
    if (error.oclif === undefined && !debugEnabled()) {
      this.logToStderr(
        redact(`Error: ${error.message}\n  hint: re-run with --debug (or MESH_DEBUG=1) for details`),
      );
      this.exit(1);
    }
    if (error.oclif === undefined) {
      this.logToStderr(redact(error.stack ?? error.message));
      this.exit(1);
    }
    return super.catch(error);
  }

  /**
   * An unknown flag is named with its command, and its closest flag suggested (`--dryrun` →
   * "--dry-run", istioctl's `--output` → "--output-dir"); other usage errors keep oclif's words.
   */
  private usage(error: Error): {message: string; hint: string} {
    const hint = "add --help to see the command's flags and arguments";
    const unknown = (error as {flags?: unknown}).flags;
    if (!Array.isArray(unknown) || unknown.length === 0) {
      const message = error.message
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('See more help'))
        .join(' ');
      return {message, hint};
    }
    const command = `${this.config.bin} ${toConfiguredId(this.id ?? '', this.config)}`;
    const typed = unknown.map((flag) => String(flag).split('=')[0]!);
    const flags = {...this.ctor.baseFlags, ...this.ctor.flags};
    const known = Object.keys(flags).map((name) => `--${name}`);
    const match = typed[0]!.startsWith('--') ? closest(typed[0]!, known) : undefined;
    return {
      message: `unknown flag${typed.length > 1 ? 's' : ''} ${typed.map((f) => `"${f}"`).join(', ')} for "${command}"`,
      hint: match ? `did you mean "${match}"?` : hint,
    };
  }
}

/**
 * Last line of defence for error text from libraries: user:password in URLs, bearer tokens and
 * token/password fields are masked. mesh's own messages never carry credentials in the first place.
 */
export function redact(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@')
    .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***')
    .replace(
      /((?:token|password|client-key-data|client-certificate-data)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
      '$1***',
    );
}

function debugEnabled(): boolean {
  return process.argv.includes('--debug') || ['1', 'true'].includes(process.env.MESH_DEBUG ?? '');
}

/** Flags shared by every command that composes a spec. */
export const specFlags = {
  filename: Flags.string({
    char: 'f',
    multiple: true,
    description: 'IstioOperator overlay file, applied in order (- reads standard input)',
  }),
  set: Flags.string({
    char: 's',
    multiple: true,
    description: 'override a spec field: path=value (e.g. meshConfig.accessLogFile=/dev/stdout); repeatable',
  }),
  'set-string': Flags.string({multiple: true, description: 'like --set, but the value is always a string'}),
  revision: Flags.string({
    char: 'r',
    description: 'control plane revision (a DNS-1123 label); same as --set revision=<rev>',
  }),
};
