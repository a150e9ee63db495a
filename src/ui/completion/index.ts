/**
 * Shell completion scripts for bash, zsh, fish and PowerShell, generated from oclif's command
 * metadata so they always match the installed commands. Each script completes the command words
 * (global flags before them skipped, aliases read as their command), then that command's flags,
 * argument choices, the choices of a flag with fixed options (-o json|yaml) and file names for
 * flags that take a path.
 */
import {bashBody} from './bash.js';
import {fish} from './fish.js';
import {powershell} from './powershell.js';
import {tree, type CompletionInput} from './tree.js';

export type {CompletionCommand, CompletionFlag, CompletionInput} from './tree.js';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(shell: Shell, input: CompletionInput): string {
  const nodes = tree(input);
  const {bin} = input;
  switch (shell) {
    case 'bash':
      return `# ${bin} completion for bash; enable with: source <(${bin} completion bash)\n${bashBody(input, nodes)}`;
    case 'zsh':
      // zsh runs the bash completion through its bashcompinit layer, as many kubectl-style tools do.
      return `#compdef ${bin}\n# ${bin} completion for zsh; enable with: source <(${bin} completion zsh)\nautoload -U +X bashcompinit && bashcompinit\n${bashBody(input, nodes)}`;
    case 'fish':
      return fish(input, nodes);
    case 'powershell':
      return powershell(input, nodes);
  }
}
