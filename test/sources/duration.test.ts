import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../engine/scheme/duration.js';

describe('parseDuration', () => {
  it.each([
    ['seconds', '90s', 90_000],
    ['minutes', '10m', 600_000],
    ['hours', '2h', 7_200_000],
    ['days', '7d', 604_800_000],
    ['milliseconds', '500ms', 500],
    ['surrounding spaces', ' 5m ', 300_000],
  ])('%s: %s', (_name, text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['no unit', '90'],
    ['unknown unit', '3w'],
    ['fraction', '1.5h'],
    ['negative', '-5m'],
    ['two parts', '1h30m'],
    ['empty', ''],
    ['zero without allowZero', '0s'],
    ['overflow', '99999999999999999d'],
  ])('rejects %s (%s) with BAD_DURATION', (_name, text) => {
    expect(() => parseDuration(text)).toThrow(expect.objectContaining({ code: 'BAD_DURATION' }));
  });

  it('accepts zero when allowed (lag and lookback may be 0)', () => {
    expect(parseDuration('0m', { allowZero: true })).toBe(0);
  });
});
