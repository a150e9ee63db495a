// The zsh and fish completion scripts as those shells run them. zsh: the script sourced after
// compinit, its registered completer called with `words` and CURRENT as zsh sets them, and compadd
// standing in for zsh's own (which keeps the candidates starting with the word typed). fish: the
// script sourced, then `complete -C` (what fish offers at TAB). Skipped where the shell is missing
// (.ci/run installs both).
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execa} from 'execa';
import {beforeAll, describe, expect, it} from 'vitest';
import {COMMANDS, completionScript, PROFILES} from '../../support/completion.js';

const has = async (shell: string) => (await execa(shell, ['-c', 'exit 0'], {reject: false})).exitCode === 0;
const [zsh, fish] = await Promise.all([has('zsh'), has('fish')]);
/** The path of each shell's script, as `mesh completion <shell>` prints it. */
const scripts: {[shell: string]: string} = {};
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-completion-'));
  for (const shell of ['zsh', 'fish']) {
    scripts[shell] = join(dir, `mesh.${shell}`);
    writeFileSync(scripts[shell], await completionScript(shell));
  }
});

const CASES: [string[], string][] = [
  [['mesh', ''], COMMANDS],
  [['mesh', 'ins'], 'install'],
  [['mesh', '--context', 'foo', 'install', '--dr'], '--dry-run'],
  [['mesh', 'install', '-y', '--dr'], '--dry-run'],
  [['mesh', 'experimental', ''], 'describe telemetry'],
  [['mesh', 'x', 'describe', ''], 'pod'],
  [['mesh', 'help', 'inst'], 'install'],
  [['mesh', 'completion', ''], 'bash fish powershell zsh'],
  [['mesh', 'profile', 'dump', '-o', ''], 'flags json yaml'],
  [['mesh', 'manifest', 'generate', '--output'], '--output-dir'],
  [['mesh', 'profile', 'dump', ''], PROFILES],
  [['mesh', 'profile', 'diff', 'de'], 'default demo'],
];

/** The candidates zsh would list for the words typed (the last one being completed), sorted. */
async function zshComplete(words: string[]): Promise<string> {
  const driver = `autoload -U compinit && compinit -u -D
source "$SCRIPT"
compadd() {
  local -a found; local take=0
  for arg in "$@"; do
    if ((take)); then [[ $arg == "$PREFIX"* ]] && found+=("$arg"); elif [[ $arg == - ]]; then take=1; fi
  done
  print -rl -- $found
}
words=("$@"); CURRENT=$#; PREFIX=\${words[CURRENT]}
\${=_comps[mesh]}`;
  const result = await execa('zsh', ['-f', '-c', driver, 'zsh', ...words], {env: {SCRIPT: scripts.zsh}});
  return result.stdout.split('\n').filter(Boolean).sort().join(' ');
}

/** What fish offers at TAB after the words typed, without descriptions, sorted. */
async function fishComplete(words: string[]): Promise<string> {
  const line = words.map((w) => (w === '' ? '' : `'${w}'`)).join(' ');
  const result = await execa(
    'fish',
    ['--no-config', '-c', `source $SCRIPT; complete -C ${JSON.stringify(line)}`],
    {
      env: {SCRIPT: scripts.fish},
    },
  );
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.split('\t')[0])
    .sort()
    .join(' ');
}

describe.skipIf(!zsh)('zsh completion', () => {
  it.each(CASES)('%j → %j', async (words, reply) => {
    expect(await zshComplete(words)).toBe(reply.split(' ').sort().join(' '));
  });
});

describe.skipIf(!fish)('fish completion', () => {
  it.each(CASES)('%j → %j', async (words, reply) => {
    expect(await fishComplete(words)).toBe(reply.split(' ').sort().join(' '));
  });
});
