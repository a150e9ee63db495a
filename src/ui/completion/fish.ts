/** The fish completion script: one `complete` line per command word, argument choice and flag. */
import {firstLine, flagWords, functionName, PATH_FLAGS, type CompletionInput, type Node} from './tree.js';

const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function fish(input: CompletionInput, nodes: Map<string, Node>): string {
  const {bin} = input;
  const name = functionName(bin);
  const valued = input.globals.filter((flag) => flag.takesValue);
  const skipped = [
    ...valued.map((flag) => fishQuote(`--${flag.name}=*`)),
    ...input.globals.filter((flag) => !flag.takesValue).flatMap(flagWords),
  ];
  const lines = [
    `# ${bin} completion for fish; enable with: ${bin} completion fish | source`,
    `function ${name}_path --description 'the command words typed so far, after the global flags and before the first flag'`,
    '  set -l path',
    '  set -l skip 0',
    '  for word in (commandline -opc)[2..-1]',
    '    if test $skip = 1',
    '      set skip 0',
    '      continue',
    '    end',
    '    if test -z "$path"',
    '      switch $word',
    ...(valued.length
      ? [`        case ${valued.flatMap(flagWords).join(' ')}`, '          set skip 1', '          continue']
      : []),
    ...(skipped.length ? [`        case ${skipped.join(' ')}`, '          continue'] : []),
    '      end',
    '    end',
    "    string match -q -- '-*' $word; and break",
    ...Object.entries(input.aliases).map(
      ([alias, word]) => `    test $word = ${fishQuote(alias)}; and set word ${fishQuote(word)}`,
    ),
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
    if (node.args.length) lines.push(`complete -c ${bin} ${at} -a ${fishQuote(node.args.join(' '))}`);
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
