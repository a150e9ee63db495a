import * as Args from '@oclif/core/args';
import {Help} from '@oclif/core/help';
import {MeshCommand} from '../ui/base-command.js';

/** `mesh help install`, as `kubectl help apply`: oclif's own help, the same text as `--help`. */
export default class HelpCommand extends MeshCommand {
  static override description = 'Show help for a command or topic';
  static override examples = ['<%= config.bin %> help install', '<%= config.bin %> help x describe pod'];
  static override strict = false;
  static override args = {command: Args.string({description: 'the command or topic, e.g. "x describe pod"'})};

  async run(): Promise<void> {
    const {argv} = await this.parse(HelpCommand);
    const words = (argv as string[]).map((word) => (word === 'experimental' ? 'x' : word));
    await new Help(this.config).showHelp(words);
  }
}
