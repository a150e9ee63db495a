// The bash completion script as bash runs it: sourced in a bash process, with COMP_WORDS and
// COMP_CWORD set as bash sets them for the words typed so far (the last one being completed).
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {execa} from 'execa';
import {beforeAll, describe, expect, it} from 'vitest';
import {COMMANDS, completionScript, PROFILES} from '../../support/completion.js';
import {ROOT} from '../../support/run-command.js';

let bash = '';
beforeAll(async () => {
  bash = await completionScript('bash');
});

/** COMPREPLY, space-separated, for the words typed; the last word is the one being completed. */
async function complete(...words: string[]): Promise<string> {
  const driver = `${bash}
COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=()
_mesh_complete; echo "\${COMPREPLY[*]}"`;
  return (await execa('bash', ['-c', driver, 'bash', ...words])).stdout;
}

describe('bash completion', () => {
  it.each([
    [['mesh', ''], COMMANDS],
    [['mesh', '--'], '--kubeconfig --context --debug'],
    // Global flags before the command are skipped with their values, as mesh skips them.
    [['mesh', '--context', 'foo', 'in'], 'install'],
    [['mesh', '--context', 'foo', 'install', '--dr'], '--dry-run'],
    [['mesh', '--context', '=', 'foo', 'install', '--dr'], '--dry-run'],
    [['mesh', '-c', 'k', '--debug', 'manifest', 'generate', '--output'], '--output-dir'],
    [['mesh', 'install', '-y', '--dr'], '--dry-run'],
    [['mesh', '--context', ''], ''],
    // experimental is x, as mesh reads it.
    [['mesh', 'experimental', ''], 'describe telemetry'],
    [['mesh', 'experimental', 'describe', ''], 'pod'],
    // help takes the command words and topics.
    [['mesh', 'help', ''], COMMANDS],
    [['mesh', 'help', 'inst'], 'install'],
    [['mesh', 'help', 'x', ''], 'describe telemetry'],
    [['mesh', 'help', 'experimental', ''], 'describe telemetry'],
    // completion's argument choices; its flags once a dash is typed.
    [['mesh', 'completion', ''], 'bash zsh fish powershell'],
    [['mesh', 'completion', '--'], '--kubeconfig --context --debug'],
    [['mesh', 'profile', 'dump', '-o', ''], 'yaml json flags'],
    // Istio's profiles for profile dump and diff.
    [['mesh', 'profile', 'dump', ''], PROFILES],
    [['mesh', 'profile', 'diff', 'de'], 'default demo'],
  ])('%j → %j', async (words, reply) => {
    expect(await complete(...words)).toBe(reply);
  });
});

describe('completion scripts', () => {
  it.each([
    ['bash', 0, '# mesh completion for bash; enable with: source <(mesh completion bash)'],
    ['zsh', 1, '# mesh completion for zsh; enable with: source <(mesh completion zsh)'],
    ['fish', 0, '# mesh completion for fish; enable with: mesh completion fish | source'],
    [
      'powershell',
      0,
      '# mesh completion for PowerShell; enable with: mesh completion powershell | Out-String | Invoke-Expression',
    ],
  ])('%s names its own enable line, as the README does', async (shell, line, header) => {
    expect((await completionScript(shell)).split('\n')[line]).toBe(header);
    const enable = header.split('enable with: ')[1]!;
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(enable);
  });
});
