/**
 * kubectl and istioctl take their global flags anywhere, `mesh --context kind-a install` included;
 * oclif finds the command only in the first words. The global flags written before the command
 * are moved after it, and `experimental` (istioctl's long name) is read as `x`.
 */
export const GLOBAL_WITH_VALUE: ReadonlySet<string> = new Set(['--kubeconfig', '-c', '--context']);
export const GLOBAL_BOOLEAN: ReadonlySet<string> = new Set(['--debug']);
/** istioctl's names that mesh reads as its own command words. */
export const COMMAND_ALIASES: Readonly<Record<string, string>> = {experimental: 'x'};

export function normalizeArgv(argv: readonly string[]): string[] {
  const globals: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const word = argv[i]!;
    const name = word.startsWith('--') ? word.split('=')[0]! : word;
    if (GLOBAL_BOOLEAN.has(word)) {
      globals.push(word);
      i += 1;
    } else if (GLOBAL_WITH_VALUE.has(name) && (word.includes('=') || i + 1 < argv.length)) {
      globals.push(...(word.includes('=') ? [word] : [word, argv[i + 1]!]));
      i += word.includes('=') ? 1 : 2;
    } else break;
  }
  const rest = argv.slice(i);
  // Nothing after the global flags: leave the line as typed, so the error names what was typed.
  if (rest.length === 0 || rest[0]!.startsWith('-')) return [...argv];
  rest[0] = COMMAND_ALIASES[rest[0]!] ?? rest[0]!;
  if (globals.length === 0) return rest;
  const dashdash = rest.indexOf('--');
  return dashdash < 0
    ? [...rest, ...globals]
    : [...rest.slice(0, dashdash), ...globals, ...rest.slice(dashdash)];
}
