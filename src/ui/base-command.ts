/**
 * Base of every mesh command: turns a MeshError into one clear message on stderr
 * (what was wrong, then what to do) and its exit code. Anything else is a bug and
 * keeps oclif's default handling.
 */
import {Command, Flags} from '@oclif/core';
import {isMeshError} from '../errors.js';

export abstract class MeshCommand extends Command {
  protected override async catch(error: Error & {exitCode?: number}): Promise<unknown> {
    if (isMeshError(error)) {
      const hint = error.hint ? `\n  hint: ${error.hint}` : '';
      this.logToStderr(`Error: ${error.message}${hint}`);
      this.exit(error.exitCode);
    }
    return super.catch(error);
  }
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
  revision: Flags.string({char: 'r', description: 'control plane revision (a DNS-1123 label); same as --set revision=<rev>'}),
};

/** Flags shared by every command that talks to a cluster. */
export const clusterFlags = {
  kubeconfig: Flags.string({char: 'c', description: 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)'}),
  context: Flags.string({description: 'kubeconfig context to use (default: the current context)'}),
};
