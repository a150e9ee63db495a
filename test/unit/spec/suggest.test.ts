import {describe, expect, it} from 'vitest';
import {closest} from '../../../src/spec/suggest.js';

describe('closest', () => {
  it.each([
    ['--dryrun', ['--dry-run', '--diff'], '--dry-run'],
    // A word that begins one candidate, or one and the longer names it begins.
    ['--output', ['--output-dir', '--set'], '--output-dir'],
    ['pro', ['precheck', 'profile', 'profile:dump', 'profile:list'], 'profile'],
    // Too short, or the start of two unrelated names: no suggestion.
    ['--o', ['--output-dir'], undefined],
    ['--re', ['--revision', '--readiness-timeout', '--reuse-values'], undefined],
    ['frobnicate', ['install', 'precheck'], undefined],
  ] as const)('%s among %j → %s', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
});
