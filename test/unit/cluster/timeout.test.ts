import {afterEach, describe, expect, it, vi} from 'vitest';
import {MAX_TIMER_MS, timeoutSignal} from '../../../src/cluster/timeout.js';

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

  it('is AbortSignal.timeout up to the timer limit', async () => {
    const signal = timeoutSignal(5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });
});
