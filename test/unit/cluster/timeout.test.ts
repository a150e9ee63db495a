import {afterEach, describe, expect, it, vi} from 'vitest';
import {MAX_TIMER_MS, timeoutSignal} from '../../../src/cluster/timeout.js';
import {collector} from '../../support/gc.js';

const HOURS_600 = 600 * 3_600_000; // --readiness-timeout 600h

describe('timeoutSignal', () => {
  afterEach(() => vi.useRealTimers());

  it('aborts a wait longer than a Node timer holds only when it is over', () => {
    vi.useFakeTimers();
    const signal = timeoutSignal(HOURS_600);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(HOURS_600 - MAX_TIMER_MS - 1);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });

  it("takes Go's longest duration (int64 nanoseconds, about 292 years)", () => {
    vi.useFakeTimers();
    const signal = timeoutSignal(9_223_372_036_854.775);
    vi.advanceTimersByTime(10 * MAX_TIMER_MS);
    expect(signal.aborted).toBe(false);
  });

  it('on real timers: no TimeoutOverflowWarning, and no abort after 1 ms as an overflowed timer does', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const signal = timeoutSignal(HOURS_600);
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off('warning', onWarning);
    expect(signal.aborted).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('fires when only AbortSignal.any refers to it, after garbage collections (waitGone passes it so)', async () => {
    const gc = collector();
    // Nothing but the composite refers to the deadline, as in `AbortSignal.any([timeoutSignal(left), …])`.
    const ended = (() => AbortSignal.any([timeoutSignal(200), new AbortController().signal]))();
    const outcome = new Promise<string>((resolve) => {
      ended.addEventListener('abort', () => resolve('aborted'), {once: true});
      setTimeout(() => resolve('still waiting after 3 s'), 3000);
    });
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await outcome).toBe('aborted');
    expect((ended.reason as Error).name).toBe('TimeoutError');
  });

  it('aborts after a short time as AbortSignal.timeout does', async () => {
    const signal = timeoutSignal(5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });
});
