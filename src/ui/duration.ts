/**
 * Durations in Go's syntax (time.ParseDuration), as istioctl and kubectl take them: "300s", "5m",
 * "1m30s", "1.5h", "250ms"; "0" is the only number allowed without a unit. A bare "5" is refused
 * rather than guessed, since Go tools reading the same flag would refuse it too.
 */
import {MeshError} from '../errors.js';

const UNIT_NS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n],
  ['μs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

/** Go's time.Duration is int64 nanoseconds: ParseDuration refuses anything longer. */
const MAX_NS = 2n ** 63n - 1n;
export const MAX_DURATION = '2562047h47m16.854775807s';

/** A non-negative duration → milliseconds; anything else is one MeshError naming the flag. */
export function parseDuration(text: string, flag = 'duration'): number {
  if (text === '0') return 0;
  const bad = (expectation: string, hint: string) =>
    new MeshError('bad-duration', `invalid ${flag} "${text}": ${expectation}`, {hint});
  if (/^\d+(\.\d+)?$/.test(text)) {
    throw bad('a duration needs a unit', `write "${text}s" for ${text} seconds (units: ns, us, ms, s, m, h)`);
  }
  const part = /(\d*)(?:\.(\d*))?([a-zµμ]+)/y;
  let total = 0n;
  let end = 0;
  for (let match = part.exec(text); match && (match[1] || match[2]); match = part.exec(text)) {
    const unit = UNIT_NS.get(match[3]!);
    if (unit === undefined)
      throw bad(`unknown unit "${match[3]}"`, 'units: ns, us, ms, s, m, h (e.g. 300s, 5m, 1m30s)');
    // Exact, as Go counts: whole units plus the fraction's nanoseconds, truncated.
    const fraction = match[2] ?? '';
    total += BigInt(match[1] || 0) * unit + (BigInt(fraction || 0) * unit) / 10n ** BigInt(fraction.length);
    if (total > MAX_NS)
      throw bad(
        `longer than the longest duration, ${MAX_DURATION}`,
        `at most ${MAX_DURATION}, as Go's time.ParseDuration (istioctl, kubectl) allows`,
      );
    end = part.lastIndex;
  }
  if (text === '' || end !== text.length)
    throw bad('expected a duration such as 300s, 5m or 1m30s', 'units: ns, us, ms, s, m, h');
  return Number(total) / 1e6;
}
