// The describe commands without a cluster: flag parsing and error handling only.
import {captureOutput} from '@oclif/test';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import DescribePod from '../../../src/commands/x/describe/pod.js';
import Telemetry from '../../../src/commands/x/telemetry.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('x describe pod / x telemetry commands', () => {
  it('is also reachable as `experimental describe pod`', () => {
    expect(DescribePod.aliases).toContain('experimental:describe:pod');
  });

  it.each([
    ['x describe pod', DescribePod],
    ['x telemetry', Telemetry],
  ] as const)('%s: an unreadable kubeconfig is one clear error and exit 1', async (_name, Cmd) => {
    const {error, stderr} = await captureOutput(() =>
      Cmd.run(['ratings-v1.bookinfo', '--kubeconfig', '/nonexistent/kubeconfig'], root),
    );
    expect(error?.oclif?.exit).toBe(1);
    expect(stderr).toContain('Error: cannot load kubeconfig /nonexistent/kubeconfig');
    expect(stderr).toContain('hint: pass --kubeconfig <file> or set KUBECONFIG');
  });

  it('requires the pod argument', async () => {
    const {error, stderr} = await captureOutput(() => DescribePod.run([], root));
    expect((error as {oclif?: {exit?: number}} | undefined)?.oclif?.exit).toBe(1);
    expect(stderr).toMatch(/^Error: Missing 1 required arg: pod /);
  });
});
