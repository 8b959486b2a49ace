/**
 * Call budgets per API credential. Qimen bans an app that calls too fast, and the ban hits every
 * connector using that app key, so the budget is shared process-wide by credential (appKey +
 * customerId) through a registry. A budget only computes waits: callers sleep with their own
 * (injectable) clock, so tests never really wait.
 */

/** Limits of one budget. */
export interface RateLimits {
  perSecond: number;
  perMinute: number;
}

/** Default Qimen/Jushuitan limits (spec §7: 5 requests/second, 100/minute). */
export const DEFAULT_RATE_LIMITS: RateLimits = { perSecond: 5, perMinute: 100 };

/**
 * A sliding-window budget. `reserve(now)` books the earliest slot at or after `now` that keeps
 * at most `perSecond` calls in any 1 s and `perMinute` in any 60 s, and returns how long to wait
 * for it. Slots are handed out in order, so concurrent callers queue fairly.
 */
export class RateBudget {
  private slots: number[] = [];
  private blockedUntil = 0;

  constructor(readonly limits: RateLimits) {}

  /** Books a slot; returns the ms to wait before calling (0 when the call may go now). */
  reserve(now: number): number {
    const { perSecond, perMinute } = this.limits;
    const n = this.slots.length;
    let at = Math.max(now, this.blockedUntil, this.slots[n - 1] ?? 0);
    if (n >= perSecond) at = Math.max(at, (this.slots[n - perSecond] as number) + 1_000);
    if (n >= perMinute) at = Math.max(at, (this.slots[n - perMinute] as number) + 60_000);
    this.slots.push(at);
    // Only the last perMinute slots can ever constrain a later one.
    if (this.slots.length > Math.max(perSecond, perMinute)) this.slots.splice(0, this.slots.length - Math.max(perSecond, perMinute));
    return at - now;
  }

  /** Records a ban seen by any user of this credential: nobody calls before `untilMs`. */
  blockUntil(untilMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
  }
}

/** A map from credential to budget; the first caller's limits win for a credential. */
export class RateBudgetRegistry {
  private readonly budgets = new Map<string, RateBudget>();

  /** The budget for `credential`, created with `limits` on first use. */
  get(credential: string, limits: RateLimits): RateBudget {
    let b = this.budgets.get(credential);
    if (!b) {
      b = new RateBudget(limits);
      this.budgets.set(credential, b);
    }
    return b;
  }
}

/** The process-wide registry every connector uses unless a test injects its own. */
export const sharedRateBudgets = new RateBudgetRegistry();
