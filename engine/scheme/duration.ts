import { FerryError } from '../errors.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90s` → 90000. Throws BAD_DURATION for anything else than digits + ms|s|m|h|d. */
export function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!m) throw new FerryError('BAD_DURATION', `"${text}" is not a duration; expected digits followed by ms, s, m, h or d (e.g. 10m, 7d)`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
