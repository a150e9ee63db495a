/**
 * `mesh profil lst`: one error line with the closest command or topic, and exit 1 as kubectl
 * and istioctl do for an unknown command (oclif's own message exits 2 and suggests nothing).
 * `mesh version extra` is a known command with a stray argument, and is said so.
 */
import type {Hook} from '@oclif/core/hooks';
import {closest, editDistance} from '../spec/suggest.js';

const commandNotFound: Hook<'command_not_found'> = async function (options) {
  const {bin, commandIDs, topics} = this.config;
  const words = options.id.split(':');
  const asTyped = (parts: string[]) => parts.join(' ');
  // this.exit throws: each `return fail(…)` ends the hook.
  const fail = (message: string, hint: string) => {
    process.stderr.write(`Error: ${message}\n  hint: ${hint}\n`);
    this.exit(1);
  };

  for (let known = words.length - 1; known > 0; known--) {
    if (commandIDs.includes(words.slice(0, known).join(':'))) {
      const command = asTyped(words.slice(0, known));
      const extra = asTyped(words.slice(known));
      return fail(
        `unexpected argument "${extra}" for "${bin} ${command}"`,
        `run "${bin} ${command} --help" for its arguments`,
      );
    }
  }
  if (options.id.startsWith('-'))
    return fail(`unknown flag "${options.id}"`, `run "${bin} --help" for the commands and their flags`);

  const candidates = [...commandIDs, ...topics.map((topic) => topic.name)];
  const suggestion = closest(options.id, candidates);
  // A one- or two-letter word is "close" to any short name (`ls` to `x`): only suggest a real likeness.
  const alike =
    suggestion !== undefined &&
    editDistance(options.id, suggestion) < Math.min(options.id.length, suggestion.length);
  return fail(
    `unknown command "${asTyped(words)}"`,
    alike
      ? `did you mean "${bin} ${asTyped(suggestion.split(':'))}"?`
      : `run "${bin} --help" for the list of commands`,
  );
};

export default commandNotFound;
