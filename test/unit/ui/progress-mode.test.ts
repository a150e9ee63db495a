import {afterEach, describe, expect, it, vi} from 'vitest';
import {progressMode} from '../../../src/ui/progress.js';

const stream = (isTTY: boolean, columns: number | undefined) =>
  ({isTTY, columns}) as unknown as NodeJS.WriteStream;

describe('progressMode', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('draws a spinner only on a sized terminal outside CI', () => {
    vi.stubEnv('CI', '');
    expect(progressMode(undefined, stream(true, 120))).toBe('tty');
    // A pty nobody sized reports 0 columns: ora would clear rows forever, so plain lines instead.
    expect(progressMode(undefined, stream(true, 0))).toBe('plain');
    expect(progressMode(undefined, stream(true, undefined))).toBe('plain');
    expect(progressMode(undefined, stream(false, 120))).toBe('plain');
    expect(progressMode('json', stream(true, 120))).toBe('json');
    expect(progressMode('yaml', stream(true, 120))).toBe('yaml');
    vi.stubEnv('CI', 'true');
    expect(progressMode(undefined, stream(true, 120))).toBe('plain');
  });
});
