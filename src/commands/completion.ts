import * as Args from '@oclif/core/args';
import {completionScript, SHELLS, type CompletionCommand} from '../ui/completion.js';
import {MeshCommand} from '../ui/base-command.js';

export default class Completion extends MeshCommand {
  static override description = 'Print a shell completion script for bash, zsh, fish or PowerShell';
  static override examples = [
    'bash, this shell: source <(<%= config.bin %> completion bash)',
    "bash, every shell: echo 'source <(<%= config.bin %> completion bash)' >> ~/.bashrc",
    "zsh: echo 'source <(<%= config.bin %> completion zsh)' >> ~/.zshrc",
    'fish: <%= config.bin %> completion fish > ~/.config/fish/completions/<%= config.bin %>.fish',
    'PowerShell: <%= config.bin %> completion powershell | Out-String | Invoke-Expression',
  ];
  static override args = {
    shell: Args.string({description: 'the shell', options: [...SHELLS], required: true}),
  };

  async run(): Promise<void> {
    const {args} = await this.parse(Completion);
    // An alias (experimental describe pod) is reached through its command's own words.
    const aliases = new Set(this.config.commands.flatMap((command) => command.aliases));
    const commands: CompletionCommand[] = this.config.commands
      .filter((command) => !command.hidden && !aliases.has(command.id))
      .map((command) => ({
        words: command.id.split(':'),
        description: command.summary ?? command.description,
        flags: Object.values(command.flags)
          .filter((flag) => !flag.hidden)
          .map((flag) => ({
            name: flag.name,
            char: flag.char,
            description: flag.summary ?? flag.description,
            takesValue: flag.type === 'option',
            options: flag.type === 'option' ? flag.options : undefined,
          })),
      }));
    process.stdout.write(completionScript(args.shell as (typeof SHELLS)[number], this.config.bin, commands));
  }
}
