/**
 * Shell completion scripts for bash, zsh, fish and PowerShell, generated from oclif's command
 * metadata so they always match the installed commands. Each script completes the command words,
 * then that command's flags, the choices of a flag with fixed options (-o json|yaml) and file
 * names for flags that take a path.
 */
export interface CompletionFlag {
  name: string;
  char?: string;
  description?: string;
  takesValue: boolean;
  options?: readonly string[];
}

export interface CompletionCommand {
  /** Words of the command, e.g. ["x", "describe", "pod"]. */
  words: readonly string[];
  description?: string;
  flags: readonly CompletionFlag[];
}

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

/** Flags whose value is a file or directory: completed with file names. */
const PATH_FLAGS: ReadonlySet<string> = new Set(['filename', 'kubeconfig', 'output-dir']);

interface Node {
  /** Next command words with their one-line descriptions. */
  next: Map<string, string>;
  flags: CompletionFlag[];
}

/** Every command path ("" for the root, "x describe" for a topic) → what may follow it. */
function tree(commands: readonly CompletionCommand[]): Map<string, Node> {
  const nodes = new Map<string, Node>();
  const node = (path: string) => {
    let found = nodes.get(path);
    if (!found) nodes.set(path, (found = {next: new Map(), flags: []}));
    return found;
  };
  node('');
  for (const command of [...commands].sort((a, b) => a.words.join(' ').localeCompare(b.words.join(' ')))) {
    for (let i = 0; i < command.words.length; i++) {
      const parent = node(command.words.slice(0, i).join(' '));
      const word = command.words[i]!;
      if (!parent.next.has(word))
        parent.next.set(word, i === command.words.length - 1 ? firstLine(command.description) : '');
    }
    node(command.words.join(' ')).flags.push(...command.flags);
  }
  return nodes;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim();
}

function flagWords(flag: CompletionFlag): string[] {
  return [`--${flag.name}`, ...(flag.char ? [`-${flag.char}`] : [])];
}

export function completionScript(shell: Shell, bin: string, commands: readonly CompletionCommand[]): string {
  const nodes = tree(commands);
  switch (shell) {
    case 'bash':
      return bash(bin, nodes);
    case 'zsh':
      // zsh runs the bash completion through its bashcompinit layer, as many kubectl-style tools do.
      return `#compdef ${bin}\nautoload -U +X bashcompinit && bashcompinit\n${bash(bin, nodes)}`;
    case 'fish':
      return fish(bin, nodes);
    case 'powershell':
      return powershell(bin, nodes);
  }
}

const fn = (bin: string) => `_${bin.replace(/[^A-Za-z0-9_]/g, '_')}_complete`;
const shQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(bin: string, nodes: Map<string, Node>): string {
  const cases: string[] = [];
  for (const [path, node] of nodes) {
    const valueCases: string[] = [];
    for (const flag of node.flags.filter((f) => f.takesValue)) {
      const pattern = flagWords(flag).join('|');
      if (flag.options?.length)
        valueCases.push(`        ${pattern}) words=${shQuote(flag.options.join(' '))} ;;`);
      else if (PATH_FLAGS.has(flag.name))
        valueCases.push(`        ${pattern}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`);
      else valueCases.push(`        ${pattern}) return ;;`);
    }
    const words = [...node.next.keys(), ...node.flags.flatMap((f) => `--${f.name}`)].join(' ');
    cases.push(
      `    ${shQuote(path)})\n      case "$prev" in\n${valueCases.join('\n')}${valueCases.length ? '\n' : ''}        *) words=${shQuote(words)} ;;\n      esac ;;`,
    );
  }
  return `# ${bin} completion for bash; enable with: source <(${bin} completion bash)
${fn(bin)}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" path="" words="" w i
  ((COMP_CWORD > 1)) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # The command is the words before the first flag.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ $w == -* ]] && break
    path="\${path:+$path }$w"
  done
  case "$path" in
${cases.join('\n')}
    *) return ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F ${fn(bin)} ${bin}
`;
}

const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fish(bin: string, nodes: Map<string, Node>): string {
  const name = fn(bin);
  const lines = [
    `# ${bin} completion for fish; enable with: ${bin} completion fish > ~/.config/fish/completions/${bin}.fish`,
    `function ${name}_path --description 'the command words typed so far, before the first flag'`,
    '  set -l path',
    '  for word in (commandline -opc)[2..-1]',
    "    string match -q -- '-*' $word; and break",
    '    set path $path $word',
    '  end',
    "  string join ' ' $path",
    'end',
    `function ${name}_at --description 'true when the command typed so far is $argv[1]'`,
    `  set -l path (${name}_path)`,
    '  test "$path" = "$argv[1]"',
    'end',
    `complete -c ${bin} -f`,
  ];
  for (const [path, node] of nodes) {
    const at = `-n ${fishQuote(`${name}_at ${fishQuote(path)}`)}`;
    for (const [word, description] of node.next)
      lines.push(
        `complete -c ${bin} ${at} -a ${fishQuote(word)}${description ? ` -d ${fishQuote(description)}` : ''}`,
      );
    for (const flag of node.flags) {
      const value = !flag.takesValue
        ? ''
        : flag.options?.length
          ? ` -x -a ${fishQuote(flag.options.join(' '))}`
          : PATH_FLAGS.has(flag.name)
            ? ' -r -F'
            : ' -x';
      const short = flag.char ? ` -s ${flag.char}` : '';
      const description = flag.description ? ` -d ${fishQuote(firstLine(flag.description))}` : '';
      lines.push(`complete -c ${bin} ${at}${short} -l ${flag.name}${value}${description}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const psQuote = (text: string) => `'${text.replace(/'/g, "''")}'`;

function powershell(bin: string, nodes: Map<string, Node>): string {
  const table: string[] = [];
  const values: string[] = [];
  for (const [path, node] of nodes) {
    const words = [...node.next.keys(), ...node.flags.map((f) => `--${f.name}`)];
    table.push(`  ${psQuote(path)} = @(${words.map(psQuote).join(', ')})`);
    for (const flag of node.flags.filter((f) => f.options?.length))
      for (const word of flagWords(flag))
        values.push(`  ${psQuote(`${path} ${word}`)} = @(${flag.options!.map(psQuote).join(', ')})`);
  }
  return `# ${bin} completion for PowerShell; enable with: ${bin} completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName ${psQuote(bin)} -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $commands = @{
${table.join('\n')}
  }
  $values = @{
${values.join('\n')}
  }
  $typed = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
  if ($wordToComplete -ne '' -and $typed.Count -gt 0) { $typed = @($typed | Select-Object -SkipLast 1) }
  $path = @()
  foreach ($word in $typed) { if ($word.StartsWith('-')) { break }; $path += $word }
  $key = $path -join ' '
  $previous = if ($typed.Count -gt 0) { $typed[-1] } else { '' }
  $candidates = if ($values.ContainsKey("$key $previous")) { $values["$key $previous"] } else { $commands[$key] }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}
