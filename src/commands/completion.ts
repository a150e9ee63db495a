import * as Args from '@oclif/core/args';
import type {Command} from '@oclif/core/command';
import {COMMAND_ALIASES} from '../ui/argv.js';
import {completionScript, SHELLS, type CompletionFlag} from '../ui/completion/index.js';
import {MeshCommand} from '../ui/base-command.js';
import {listProfiles} from '../spec/profiles.js';

/** Commands whose first argument is a profile name (diff's may also be a file: the shell offers files when no name matches). */
const PROFILE_ARGUMENT = new Set(['profile:dump', 'profile:diff']);

export default class Completion extends MeshCommand {
  static override description = 'Print a shell completion script for bash, zsh, fish or PowerShell';
  static override examples = [
    'bash, this shell: source <(<%= config.bin %> completion bash)',
    "bash, every shell: echo 'source <(<%= config.bin %> completion bash)' >> ~/.bashrc",
    "zsh: echo 'source <(<%= config.bin %> completion zsh)' >> ~/.zshrc",
    "fish: echo '<%= config.bin %> completion fish | source' >> ~/.config/fish/config.fish",
    'PowerShell: <%= config.bin %> completion powershell | Out-String | Invoke-Expression',
  ];
  static override args = {
    shell: Args.string({description: 'the shell', options: [...SHELLS], required: true}),
  };

  async run(): Promise<void> {
    const {args} = await this.parse(Completion);
    // An alias (experimental describe pod) is reached through its command's own words.
    const aliases = new Set(this.config.commands.flatMap((command) => command.aliases));
    const commands = this.config.commands
      .filter((command) => !command.hidden && !aliases.has(command.id))
      .map((command) => ({
        words: command.id.split(':'),
        description: command.summary ?? command.description,
        flags: completionFlags(command.flags),
        args: PROFILE_ARGUMENT.has(command.id) ? listProfiles() : Object.values(command.args)[0]?.options,
      }));
    const input = {
      bin: this.config.bin,
      commands,
      globals: completionFlags(MeshCommand.baseFlags),
      aliases: COMMAND_ALIASES,
    };
    process.stdout.write(completionScript(args.shell as (typeof SHELLS)[number], input));
  }
}

/** Both oclif's cached flags (of the manifest) and flag definitions have what completion needs. */
type FlagLike = Pick<Command.Flag.Cached, 'char' | 'hidden' | 'summary' | 'description' | 'type'> & {
  options?: readonly string[];
};

function completionFlags(flags: Record<string, FlagLike>): CompletionFlag[] {
  return Object.entries(flags)
    .filter(([, flag]) => !flag.hidden)
    .map(([name, flag]) => ({
      name,
      char: flag.char,
      description: flag.summary ?? flag.description,
      takesValue: flag.type === 'option',
      options: flag.type === 'option' ? flag.options : undefined,
    }));
}
