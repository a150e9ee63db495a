/** The command tree every shell's completion script is generated from. */
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
  /** The choices of its first argument, when fixed (completion bash|zsh|…). */
  args?: readonly string[];
}

export interface CompletionInput {
  bin: string;
  commands: readonly CompletionCommand[];
  /** Flags every command takes, which may also come before the command (mesh --context a install). */
  globals: readonly CompletionFlag[];
  /** Other names of a command word (experimental → x). */
  aliases: Readonly<Record<string, string>>;
}

export interface Node {
  /** Next command words with their one-line descriptions. */
  next: Map<string, string>;
  /** Choices of the command's first argument. */
  args: readonly string[];
  flags: CompletionFlag[];
}

/** Flags whose value is a file or directory: completed with file names. */
export const PATH_FLAGS: ReadonlySet<string> = new Set(['filename', 'kubeconfig', 'output-dir']);

/**
 * Every command path ("" for the root, "x describe" for a topic) → what may follow it. The root
 * takes the global flags; `help` is followed by the command words, as `help x describe` is.
 */
export function tree(input: CompletionInput): Map<string, Node> {
  const nodes = new Map<string, Node>();
  const node = (path: string) => {
    let found = nodes.get(path);
    if (!found) nodes.set(path, (found = {next: new Map(), args: [], flags: []}));
    return found;
  };
  node('').flags.push(...input.globals);
  const sorted = [...input.commands].sort((a, b) => a.words.join(' ').localeCompare(b.words.join(' ')));
  for (const command of sorted) {
    for (let i = 0; i < command.words.length; i++) {
      const parent = node(command.words.slice(0, i).join(' '));
      const word = command.words[i]!;
      if (!parent.next.has(word))
        parent.next.set(word, i === command.words.length - 1 ? firstLine(command.description) : '');
    }
    const own = node(command.words.join(' '));
    own.flags.push(...command.flags);
    own.args = command.args ?? [];
  }
  if (nodes.has('help'))
    for (const [path, found] of [...nodes])
      if (found.next.size > 0 && path !== 'help') node(path ? `help ${path}` : 'help').next = found.next;
  return nodes;
}

export function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim();
}

export function flagWords(flag: CompletionFlag): string[] {
  return [`--${flag.name}`, ...(flag.char ? [`-${flag.char}`] : [])];
}

/** The shell function's name: _mesh_complete. */
export const functionName = (bin: string) => `_${bin.replace(/[^A-Za-z0-9_]/g, '_')}_complete`;
