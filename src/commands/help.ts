import * as Args from '@oclif/core/args';
import {Help} from '@oclif/core/help';
import {MeshError} from '../errors.js';
import {COMMAND_ALIASES} from '../ui/argv.js';
import {MeshCommand} from '../ui/base-command.js';
import {unknownCommand} from '../ui/unknown-command.js';

/** `mesh help install`, as `kubectl help apply`: oclif's own help, the same text as `--help`. */
export default class HelpCommand extends MeshCommand {
  static override description = 'Show help for a command or topic';
  static override examples = ['<%= config.bin %> help install', '<%= config.bin %> help x describe pod'];
  static override strict = false;
  static override args = {command: Args.string({description: 'the command or topic, e.g. "x describe pod"'})};

  async run(): Promise<void> {
    const {argv} = await this.parse(HelpCommand);
    const words = (argv as string[]).map((word, i) => (i === 0 ? (COMMAND_ALIASES[word] ?? word) : word));
    const id = words.join(':');
    // `mesh help instal` answers as `mesh instal` does, with the closest command.
    if (words.length > 0 && !this.config.findCommand(id) && !this.config.findTopic(id)) {
      const {message, hint} = unknownCommand(this.config, words);
      throw new MeshError('unknown-command', message, {hint});
    }
    await new Help(this.config).showHelp(words);
  }
}
