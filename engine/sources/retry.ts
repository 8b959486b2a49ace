import { FerryError, isFerryError, toFerryError } from '../errors.js';
import type { RateBudget } from './rate-limit.js';

/** Retry settings of a connection (QimenConnection.retry and rateLimit.maxBanWaitSec). */
export interface RetryPolicy {
  /** Total attempts including the first. Default 4. */
  maxAttempts?: number;
  /** First backoff; doubles each attempt. Default 1000. */
  baseDelayMs?: number;
  /** Backoff cap. Default 30000. */
  maxDelayMs?: number;
  /** A ban longer than this is not waited out. Default 120. */
  maxBanWaitSec?: number;
}

/** Clock and randomness, injected so tests can assert waits exactly. */
export interface RetryClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1); default Math.random. */
  random?: () => number;
}

/** Called before each wait, for logging. */
export type RetryObserver = (info: { attempt: number; waitMs: number; error: FerryError }) => void;

/** Backoff before attempt `attempt + 1`: exponential, capped, with equal jitter (half fixed, half random). */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const base = policy.baseDelayMs ?? 1_000;
  const cap = policy.maxDelayMs ?? 30_000;
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

function banError(e: FerryError, seconds: number, maxSec: number): FerryError {
  const app = e.remote?.endpoint ?? 'the app';
  return new FerryError(
    'SOURCE_BANNED',
    `Qimen says app ${app} is banned for ${seconds} s; more than maxBanWaitSec (${maxSec} s); run again later`,
    { retryable: false, retryAfterSec: seconds, remote: e.remote, cause: e, hint: 'lower rateLimit.perSecond/perMinute if bans recur' },
  );
}

/**
 * Runs `fn` under the budget: each attempt first waits for a budget slot. A retryable FerryError
 * is retried after backoff with jitter, or after `retryAfterSec + 1` s when the remote named a
 * ban (also blocking the shared budget); a ban longer than `maxBanWaitSec` becomes SOURCE_BANNED,
 * not retryable. Non-retryable errors and the last attempt's error are thrown unchanged.
 */
export async function callWithRetry<T>(
  fn: () => Promise<T>,
  budget: RateBudget,
  policy: RetryPolicy,
  clock: RetryClock,
  observe?: RetryObserver,
): Promise<T> {
  const maxAttempts = Math.max(1, policy.maxAttempts ?? 4);
  const maxBan = policy.maxBanWaitSec ?? 120;
  for (let attempt = 1; ; attempt++) {
    const wait = budget.reserve(clock.now());
    if (wait > 0) await clock.sleep(wait);
    try {
      return await fn();
    } catch (thrown) {
      const e = isFerryError(thrown) ? thrown : toFerryError(thrown);
      if (!e.retryable) throw e;
      let waitMs: number;
      if (e.retryAfterSec !== undefined) {
        if (e.retryAfterSec > maxBan) throw banError(e, e.retryAfterSec, maxBan);
        waitMs = (e.retryAfterSec + 1) * 1_000;
        budget.blockUntil(clock.now() + waitMs);
      } else {
        waitMs = backoffMs(attempt, policy, clock.random ?? Math.random);
      }
      if (attempt >= maxAttempts) throw e;
      observe?.({ attempt, waitMs, error: e });
      // A ban is waited out through the budget's block on the next reserve, not twice.
      if (e.retryAfterSec === undefined) await clock.sleep(waitMs);
    }
  }
}
