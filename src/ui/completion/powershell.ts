/** The PowerShell argument completer: tables of command words, flags and flag values by command path. */
import {flagWords, type CompletionInput, type Node} from './tree.js';

const psQuote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const psArray = (words: readonly string[]) => `@(${words.map(psQuote).join(', ')})`;

export function powershell(input: CompletionInput, nodes: Map<string, Node>): string {
  const {bin} = input;
  const commands: string[] = [];
  const flags: string[] = [];
  const values: string[] = [];
  for (const [path, node] of nodes) {
    commands.push(`  ${psQuote(path)} = ${psArray([...node.next.keys(), ...node.args])}`);
    flags.push(`  ${psQuote(path)} = ${psArray(node.flags.map((f) => `--${f.name}`))}`);
    // A flag without choices answers nothing, so PowerShell completes paths after --kubeconfig.
    for (const flag of node.flags.filter((f) => f.takesValue))
      for (const word of flagWords(flag))
        values.push(`  ${psQuote(`${path} ${word}`)} = ${psArray(flag.options ?? [])}`);
  }
  const valued = input.globals.filter((flag) => flag.takesValue).flatMap(flagWords);
  const booleans = input.globals.filter((flag) => !flag.takesValue).flatMap(flagWords);
  const aliases = Object.entries(input.aliases).map(
    ([alias, word]) => `${psQuote(alias)} = ${psQuote(word)}`,
  );
  return `# ${bin} completion for PowerShell; enable with: ${bin} completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName ${psQuote(bin)} -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $commands = @{
${commands.join('\n')}
  }
  $flags = @{
${flags.join('\n')}
  }
  $values = @{
${values.join('\n')}
  }
  $aliases = @{ ${aliases.join('; ')} }
  $typed = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
  if ($wordToComplete -ne '' -and $typed.Count -gt 0) { $typed = @($typed | Select-Object -SkipLast 1) }
  # The command is the words before the first flag, after the global flags (and their values).
  $path = @()
  $skip = $false
  foreach ($word in $typed) {
    if ($skip) { $skip = $false; continue }
    if ($path.Count -eq 0 -and ${psArray(valued)} -contains $word) { $skip = $true; continue }
    if ($path.Count -eq 0 -and (${psArray(booleans)} -contains $word -or $word -match '^--[a-z-]+=')) { continue }
    if ($word.StartsWith('-')) { break }
    if ($aliases.ContainsKey($word)) { $word = $aliases[$word] }
    $path += $word
  }
  $key = $path -join ' '
  $previous = if ($typed.Count -gt 0) { $typed[-1] } else { '' }
  # Flags once a dash is typed, or where no command word or argument choice may follow.
  $candidates = if ($values.ContainsKey("$key $previous")) { $values["$key $previous"] }
    elseif ($wordToComplete.StartsWith('-') -or $commands[$key].Count -eq 0) { $flags[$key] }
    else { $commands[$key] }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}
