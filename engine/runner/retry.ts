/** Exponential backoff with full jitter: attempt 1 → up to base, doubling, capped. */
export function backoffMs(attempt: number, baseMs = 500, maxMs = 30_000, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A real sleep; tests inject their own. */
export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
