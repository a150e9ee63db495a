/** The bash completion function (zsh runs it too, through bashcompinit). */
import {flagWords, functionName, PATH_FLAGS, type CompletionInput, type Node} from './tree.js';

const shQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** `mesh --context a install` and `mesh experimental describe`: the loop finds the command as mesh does. */
function pathLoop(input: CompletionInput): string {
  const valued = input.globals.filter((flag) => flag.takesValue);
  const withValue = valued.flatMap(flagWords).join('|');
  const skipped = [
    ...valued.map((flag) => `--${flag.name}=*`),
    ...input.globals.filter((f) => !f.takesValue).flatMap(flagWords),
  ];
  const aliases = Object.entries(input.aliases)
    .map(([alias, word]) => `    [[ $w == ${shQuote(alias)} ]] && w=${shQuote(word)}\n`)
    .join('');
  return `  # The command is the words before the first flag; global flags (and their values) before it are
  # skipped, as mesh itself skips them. bash splits --context=a into --context, = and a.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ -z $path ]]; then
      case "$w" in
        ${withValue || '--'}) ((i += 1)); [[ \${COMP_WORDS[i]} == = ]] && ((i += 1)); continue ;;
        ${skipped.join('|') || '--'}) continue ;;
      esac
    fi
    [[ $w == -* ]] && break
${aliases}    path="\${path:+$path }$w"
  done
`;
}

function nodeCase(path: string, node: Node): string {
  const values: string[] = [];
  for (const flag of node.flags.filter((f) => f.takesValue)) {
    const reply = flag.options?.length
      ? `COMPREPLY=($(compgen -W ${shQuote(flag.options.join(' '))} -- "$cur")); `
      : PATH_FLAGS.has(flag.name)
        ? 'COMPREPLY=($(compgen -f -- "$cur")); '
        : '';
    values.push(`        ${flagWords(flag).join('|')}) ${reply}return ;;`);
  }
  const commands = [...node.next.keys(), ...node.args].join(' ');
  const flags = node.flags.map((f) => `--${f.name}`).join(' ');
  return [
    `    ${shQuote(path)})`,
    ...(values.length ? ['      case "$prev" in', ...values, '      esac'] : []),
    `      commands=${shQuote(commands)} flags=${shQuote(flags)} ;;`,
  ].join('\n');
}

/** The function and its `complete` line, without a header. */
export function bashBody(input: CompletionInput, nodes: Map<string, Node>): string {
  const name = functionName(input.bin);
  return `${name}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" path="" commands="" flags="" words w i
  ((COMP_CWORD > 1)) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
${pathLoop(input)}  case "$path" in
${[...nodes].map(([path, node]) => nodeCase(path, node)).join('\n')}
    *) return ;;
  esac
  # Flags once a dash is typed, or where no command word or argument choice may follow.
  if [[ $cur == -* || -z $commands ]]; then words=$flags; else words=$commands; fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F ${name} ${input.bin}
`;
}
