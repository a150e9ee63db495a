/**
 * Durations in Go's syntax (time.ParseDuration), as istioctl and kubectl take them: "300s", "5m",
 * "1m30s", "1.5h", "250ms"; "0" is the only number allowed without a unit. A bare "5" is refused
 * rather than guessed, since Go tools reading the same flag would refuse it too.
 */
import {MeshError} from '../errors.js';

const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ['ns', 1e-6],
  ['us', 1e-3],
  ['µs', 1e-3],
  ['μs', 1e-3],
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
]);

/** A non-negative duration → milliseconds; anything else is one MeshError naming the flag. */
export function parseDuration(text: string, flag = 'duration'): number {
  if (text === '0') return 0;
  const bad = (expectation: string, hint: string) =>
    new MeshError('bad-duration', `invalid ${flag} "${text}": ${expectation}`, {hint});
  if (/^\d+(\.\d+)?$/.test(text)) {
    throw bad('a duration needs a unit', `write "${text}s" for ${text} seconds (units: ns, us, ms, s, m, h)`);
  }
  const part = /(\d+\.?\d*|\.\d+)([a-zµμ]+)/gy;
  let total = 0;
  let end = 0;
  for (let match = part.exec(text); match; match = part.exec(text)) {
    const unit = UNIT_MS.get(match[2]!);
    if (unit === undefined)
      throw bad(`unknown unit "${match[2]}"`, 'units: ns, us, ms, s, m, h (e.g. 300s, 5m, 1m30s)');
    total += Number(match[1]) * unit;
    end = part.lastIndex;
  }
  if (text === '' || end !== text.length)
    throw bad('expected a duration such as 300s, 5m or 1m30s', 'units: ns, us, ms, s, m, h');
  return total;
}
