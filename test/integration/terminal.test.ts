// mesh install on a real terminal (a pty from util-linux `script`): Ctrl-C stops and clears the
// spinner, then prints the same summary as in CI logs; the spinner honours NO_COLOR and its
// "Waiting for …" line is cut to one row of the terminal, so redrawing it erases nothing above.
/* eslint-disable no-control-regex -- terminal escape sequences are what this file reads */
import {join} from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Cluster} from '../../src/cluster/client.js';
import {objectRef} from '../../src/cluster/kinds.js';
import {prepareInstall} from '../../src/install/prepare.js';
import {kubeconfig, purgeMesh, testCluster} from '../support/cluster.js';
import {ROOT} from '../support/run-command.js';

const CLI = join(ROOT, 'bin', 'run.js');
let cluster: Cluster;

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
const ARGS = [
  'install',
  '-y',
  '--readiness-timeout',
  '120s',
  '--kubeconfig',
  kubeconfig(),
  '--set',
  'profile=minimal',
];
const STUCK = [
  '--set',
  'components.ingressGateways[9].name=stuck-gateway',
  '--set',
  'components.ingressGateways[name:stuck-gateway].k8s.nodeSelector.mesh\\.test/never=true',
];

/**
 * Runs the CLI on a pty of `columns` columns; once the terminal shows `until`, types Ctrl-C (the
 * terminal turns it into SIGINT, or ora's raw-mode stdin handler does). Returns the raw bytes shown.
 */
async function onTerminal(
  args: string[],
  options: {columns: number; until: string; env?: Record<string, string>},
): Promise<{raw: string; exitCode: number}> {
  const command = `stty cols ${options.columns} rows 40; exec ${[process.execPath, CLI, ...args].map(quote).join(' ')}`;
  const child = execa('script', ['-qefc', command, '/dev/null'], {
    reject: false,
    stdin: 'pipe',
    // As on a developer's terminal: no CI variable at all (ora reads its mere presence as CI).
    extendEnv: false,
    env: {...withoutCI(), TERM: 'xterm', ...options.env},
  });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never showed ${options.until}:\n${seen}`)), 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(options.until)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.stdin!.write('\x03');
  const result = await child;
  return {raw: String(result.stdout), exitCode: result.exitCode ?? 1};
}

function withoutCI(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (key !== 'CI' && value !== undefined) env[key] = value;
  return env;
}

/** What a terminal would show at the end: carriage returns and line erases applied, escapes dropped. */
function screen(raw: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of raw.replaceAll('\r\n', '\n').match(/\x1b\[[0-9;?]*[A-Za-z]|\r|\n|[^\x1b\r\n]+/g) ??
    []) {
    if (token === '\n') {
      lines.push(line);
      line = '';
    } else if (token === '\r' || token === '\x1b[1G' || token === '\x1b[G') line = '';
    else if (token === '\x1b[1A' || token === '\x1b[A') line = lines.pop() ?? '';
    else if (token.startsWith('\x1b[')) {
      if (/^\x1b\[[02]?K$/.test(token)) line = '';
    } else line += token;
  }
  if (line) lines.push(line);
  // `^C` is the terminal echoing the keystroke, not mesh's output.
  return lines.map((l) => l.replaceAll('^C', '')).filter((l) => l.trim() !== '');
}

beforeAll(async () => {
  cluster = await testCluster();
  await purgeMesh(cluster);
});
afterAll(async () => {
  await purgeMesh(cluster);
});

describe('mesh install on a terminal', () => {
  it('Ctrl-C stops and clears the spinner, then prints the applied objects, exit 130', async () => {
    const {raw, exitCode} = await onTerminal([...ARGS, ...STUCK], {
      columns: 200,
      until: 'Waiting for Deployment/istio-system/stuck-gateway',
    });
    expect(exitCode).toBe(130);
    const shown = screen(raw);
    // What stays on screen: the finished components, then the summary; no spinner line.
    expect(shown.slice(0, 3), shown.join('\n')).toEqual([
      '✔ Istio core installed',
      '✔ Istiod installed',
      '✘ Ingress gateways encountered an error: interrupted',
    ]);
    const error = 3;
    // Nothing of the spinner is left on screen.
    expect(shown.filter((line) => line.includes('Processing resources'))).toEqual([]);
    expect(shown[error]).toMatch(/^Error: interrupted; \d+ objects were applied:$/);
    expect(shown).toContain('  Deployment/istio-system/stuck-gateway');
    expect(shown.at(-1)).toBe('  hint: re-run the same command: it converges');
    // The summary is the same as in CI logs: one line per applied object.
    const count = Number(/(\d+) objects/.exec(shown[error]!)![1]);
    const listed = shown.slice(error + 1, -1).map((line) => line.trim());
    expect(listed).toHaveLength(count);
    // In plan order, whatever order the concurrent applies finished in.
    const sets = [...ARGS, ...STUCK].filter((_, i, all) => all[i - 1] === '--set');
    const order = (await prepareInstall({sets})).objects.map(objectRef);
    expect(listed).toEqual(order.filter((ref) => listed.includes(ref)));
  });

  it.each([60, 80])(
    'NO_COLOR, %i columns: no colour escapes; the Waiting line is cut to one row and erases nothing above',
    async (columns) => {
      const {raw, exitCode} = await onTerminal([...ARGS, ...STUCK], {
        columns,
        until: 'Ingress gateways. Waiting for',
        env: {NO_COLOR: '1'},
      });
      expect(exitCode).toBe(130);
      expect(raw).not.toMatch(/\x1b\[[0-9;]*m/);
      // A spinner line ora counts as wrapped is cleared by moving up a row, erasing the line above.
      expect(raw).not.toContain('\x1b[1A');
      const shown = screen(raw);
      expect(shown.slice(0, 3), shown.join('\n')).toEqual([
        '✔ Istio core installed',
        '✔ Istiod installed',
        '✘ Ingress gateways encountered an error: interrupted',
      ]);
      const spinnerLines = raw
        .replaceAll('^C', '')
        .split(/\r|\n|\x1b\[[0-9;?]*[A-Za-z]/)
        .filter((l) => l.includes('Processing resources'));
      expect(spinnerLines.length).toBeGreaterThan(0);
      // Frame, space and text: 2 narrower than ora's count of text + 4.
      for (const line of spinnerLines) expect(line.length, line).toBeLessThanOrEqual(columns - 2);
      // Without the spinner's frame and its space.
      expect(spinnerLines.map((line) => line.slice(2))).toContain(
        `${'Processing resources for Ingress gateways. Waiting for Deployment/istio-system/stuck-gateway'.slice(0, columns - 5)}…`,
      );
    },
  );
});
