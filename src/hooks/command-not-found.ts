/**
 * `mesh profil lst`: one error line with the closest command or topic, and exit 1 as kubectl
 * and istioctl do for an unknown command (oclif's own message exits 2 and suggests nothing).
 * `mesh version extra` is a known command with a stray argument, and is said so.
 */
import type {Hook} from '@oclif/core/hooks';
import {unknownCommand, unknownLeadingFlag} from '../ui/unknown-command.js';

const commandNotFound: Hook<'command_not_found'> = async function (options) {
  const {message, hint} = options.id.startsWith('-')
    ? unknownLeadingFlag(this.config, [options.id, ...(options.argv ?? [])])
    : unknownCommand(this.config, options.id.split(':'));
  process.stderr.write(`Error: ${message}\n  hint: ${hint}\n`);
  this.exit(1);
};

export default commandNotFound;
