import { FerryError } from '../errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/**
 * Parses a scheme duration (`90s`, `10m`, `2h`, `7d`, also `500ms`) into milliseconds.
 * One integer and one unit, no spaces or fractions, so a typo never silently means something else.
 * Throws FerryError BAD_DURATION for anything else, including `0d`-style zero when `allowZero` is false.
 */
export function parseDuration(text: string, options: { allowZero?: boolean } = {}): number {
  const match = DURATION.exec(text.trim());
  if (!match) {
    throw new FerryError('BAD_DURATION', `"${text}" is not a duration; expected a whole number and a unit: 90s, 10m, 2h, 7d`, {
      hint: 'units: ms, s, m, h, d',
    });
  }
  const ms = Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  if (!Number.isSafeInteger(ms)) {
    throw new FerryError('BAD_DURATION', `duration "${text}" is too large`);
  }
  if (ms === 0 && options.allowZero !== true) {
    throw new FerryError('BAD_DURATION', `duration "${text}" must be greater than zero`);
  }
  return ms;
}
