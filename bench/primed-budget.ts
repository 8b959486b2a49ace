import { type RateBudgetRegistry, type RateLimits, sharedRateBudgets } from '../engine/sources/rate-limit.js';

/**
 * A Qimen call budget in its steady state. A fresh budget lets a whole minute's calls out at once
 * (5 a second until 100 are used), so a run of a few minutes would look faster than the budget
 * allows; primed, a short run sees the rate a long-running ferry sees.
 */

/**
 * Fills the budget of `credential` (as the Qimen source keys it: `qimen:<appKey>:<customerId>`)
 * with the minute before `now` full of calls evenly spaced, so the next call may go at `now` and
 * each later one a per-minute gap after the previous: the steady state of a long run.
 */
export function primeBudget(credential: string, limits: RateLimits, now: number, registry: RateBudgetRegistry = sharedRateBudgets): void {
  const budget = registry.get(credential, limits);
  const gap = 60_000 / limits.perMinute;
  for (let i = 0; i < limits.perMinute; i++) budget.reserve(now - 60_000 + i * gap);
}

/** Calls a primed budget lets out in `ms` (one at the start, then one per per-minute gap). */
export function callsAllowed(ms: number, limits: RateLimits): number {
  return Math.floor(ms / (60_000 / limits.perMinute)) + 1;
}
