/**
 * `mesh profil lst`: one error line with the closest command or topic, and exit 1 as kubectl
 * and istioctl do for an unknown command (oclif's own message exits 2 and suggests nothing).
 */
import type {Hook} from '@oclif/core/hooks';
import {closest} from '../spec/suggest.js';

const commandNotFound: Hook<'command_not_found'> = async function (options) {
  const asTyped = (id: string) => id.replaceAll(':', ' ');
  const known = [...this.config.commandIDs, ...this.config.topics.map((topic) => topic.name)];
  const suggestion = closest(options.id, known);
  const hint = suggestion
    ? `did you mean "${this.config.bin} ${asTyped(suggestion)}"?`
    : `run "${this.config.bin} --help" for the list of commands`;
  process.stderr.write(`Error: unknown command "${asTyped(options.id)}"\n  hint: ${hint}\n`);
  this.exit(1);
};

export default commandNotFound;
