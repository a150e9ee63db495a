import {describe, expect, it} from 'vitest';
import {isMeshError} from '../../../src/errors.js';
import {normalizeArgv} from '../../../src/ui/argv.js';
import {parseDuration} from '../../../src/ui/duration.js';

describe('normalizeArgv', () => {
  it.each([
    [
      ['install', '-y'],
      ['install', '-y'],
    ],
    [
      ['--context', 'a', 'install', '-y'],
      ['install', '-y', '--context', 'a'],
    ],
    [
      ['--kubeconfig=k', '-c', 'k2', '--debug', 'x', 'telemetry', 'p'],
      ['x', 'telemetry', 'p', '--kubeconfig=k', '-c', 'k2', '--debug'],
    ],
    [
      ['experimental', 'describe', 'pod', 'p'],
      ['x', 'describe', 'pod', 'p'],
    ],
    [
      ['--context', 'a', 'profile', 'dump', '--', '-x'],
      ['profile', 'dump', '--context', 'a', '--', '-x'],
    ],
    [
      ['--context', 'a'],
      ['--context', 'a'],
    ],
    [['--context'], ['--context']],
    [['--help'], ['--help']],
  ])('%j → %j', (argv, expected) => {
    expect(normalizeArgv(argv)).toEqual(expected);
  });
});

describe('parseDuration (Go syntax)', () => {
  it.each([
    ['300s', 300_000],
    ['5m', 300_000],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['0', 0],
    ['.5s', 500],
    ['1.s', 1000],
    // Below a nanosecond is truncated, as Go does.
    ['1.0000000009s', 1000],
    // Go's longest, int64 nanoseconds: 9223372036854775807 ns.
    ['2562047h47m16.854775807s', 9_223_372_036_854.775],
    ['9223372036854775807ns', 9_223_372_036_854.775],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    [
      '5',
      'invalid --timeout "5": a duration needs a unit',
      'write "5s" for 5 seconds (units: ns, us, ms, s, m, h)',
    ],
    ['5d', 'invalid --timeout "5d": unknown unit "d"', 'units: ns, us, ms, s, m, h (e.g. 300s, 5m, 1m30s)'],
    ['', 'invalid --timeout "": expected a duration such as 300s, 5m or 1m30s', 'units: ns, us, ms, s, m, h'],
    [
      '-5s',
      'invalid --timeout "-5s": expected a duration such as 300s, 5m or 1m30s',
      'units: ns, us, ms, s, m, h',
    ],
    [
      '5s ',
      'invalid --timeout "5s ": expected a duration such as 300s, 5m or 1m30s',
      'units: ns, us, ms, s, m, h',
    ],
    [
      '2562047h47m16.854775808s',
      'invalid --timeout "2562047h47m16.854775808s": longer than the longest duration, 2562047h47m16.854775807s',
      "at most 2562047h47m16.854775807s, as Go's time.ParseDuration (istioctl, kubectl) allows",
    ],
    [
      '9999999h',
      'invalid --timeout "9999999h": longer than the longest duration, 2562047h47m16.854775807s',
      "at most 2562047h47m16.854775807s, as Go's time.ParseDuration (istioctl, kubectl) allows",
    ],
    [
      '.s',
      'invalid --timeout ".s": expected a duration such as 300s, 5m or 1m30s',
      'units: ns, us, ms, s, m, h',
    ],
    [
      's',
      'invalid --timeout "s": expected a duration such as 300s, 5m or 1m30s',
      'units: ns, us, ms, s, m, h',
    ],
  ])('%j is refused', (text, message, hint) => {
    let error: unknown;
    try {
      parseDuration(text, '--timeout');
    } catch (caught) {
      error = caught;
    }
    expect(isMeshError(error)).toBe(true);
    expect((error as Error).message).toBe(message);
    expect((error as {hint?: string}).hint).toBe(hint);
  });
});
