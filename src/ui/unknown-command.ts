/**
 * What `mesh profil lst`, `mesh help instal` and `mesh --dryrun install` get: one error with the
 * closest command, topic or flag, as kubectl and istioctl answer an unknown command or flag.
 */
import type {Config} from '@oclif/core/interfaces';
import {closest, editDistance} from '../spec/suggest.js';
import {COMMAND_ALIASES, GLOBAL_BOOLEAN, GLOBAL_WITH_VALUE} from './argv.js';

export interface Usage {
  message: string;
  hint: string;
}

/** The words typed in place of a command (`profil lst`, `version extra`). */
export function unknownCommand(config: Config, words: readonly string[]): Usage {
  const {bin, commandIDs, topics} = config;
  for (let known = words.length - 1; known > 0; known--) {
    if (commandIDs.includes(words.slice(0, known).join(':'))) {
      const command = words.slice(0, known).join(' ');
      return {
        message: `unexpected argument "${words.slice(known).join(' ')}" for "${bin} ${command}"`,
        hint: `run "${bin} ${command} --help" for its arguments`,
      };
    }
  }
  const id = words.join(':');
  const suggestion = closest(id, [...commandIDs, ...topics.map((topic) => topic.name)]);
  // A one- or two-letter word is "close" to any short name (`ls` to `x`): only suggest a real likeness.
  const alike =
    suggestion !== undefined &&
    (editDistance(id, suggestion) < Math.min(id.length, suggestion.length) || suggestion.startsWith(id));
  return {
    message: `unknown command "${words.join(' ')}"`,
    hint: alike
      ? `did you mean "${bin} ${suggestion.split(':').join(' ')}"?`
      : `run "${bin} --help" for the list of commands`,
  };
}

/**
 * A flag before the command that is not a global flag (`mesh --dryrun install`): its closest
 * flag among the command's after it (global flags included), or among the global flags.
 */
export function unknownLeadingFlag(config: Config, words: readonly string[]): Usage {
  let i = 0;
  while (
    i < words.length &&
    (GLOBAL_BOOLEAN.has(words[i]!) || GLOBAL_WITH_VALUE.has(words[i]!.split('=')[0]!))
  )
    i += GLOBAL_WITH_VALUE.has(words[i]!) ? 2 : 1;
  const flag = words[i] ?? words[0]!;
  const id = commandAfter(config, words.slice(i + 1));
  const flags = id ? Object.keys(config.findCommand(id)?.flags ?? {}) : [];
  const known = [...new Set([...flags, 'kubeconfig', 'context', 'debug'])].map((name) => `--${name}`);
  const match = flag.startsWith('--') ? closest(flag.split('=')[0]!, known) : undefined;
  const command = id ? `${config.bin} ${id.split(':').join(' ')}` : undefined;
  return {
    message: `unknown flag "${flag}"${command ? ` for "${command}"` : ''}`,
    hint: match
      ? `did you mean "${match}"?`
      : `run "${command ?? config.bin} --help" for ${command ? 'its flags' : 'the commands and their flags'}`,
  };
}

/** The longest command named by consecutive words, at the first place one starts. */
function commandAfter(config: Config, words: readonly string[]): string | undefined {
  for (let start = 0; start < words.length; start++) {
    const parts = words.slice(start).map((word, n) => (n === 0 ? (COMMAND_ALIASES[word] ?? word) : word));
    for (let end = parts.length; end > 0; end--) {
      const id = parts.slice(0, end).join(':');
      if (config.commandIDs.includes(id)) return id;
    }
  }
  return undefined;
}
