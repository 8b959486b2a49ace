import { describe, expect, it } from 'vitest';
import { FerryError } from '../../engine/errors.js';
import { RateBudget, RateBudgetRegistry } from '../../engine/sources/rate-limit.js';
import { backoffMs, callWithRetry } from '../../engine/sources/retry.js';
import { fakeClock } from './qimen-fixtures.js';

describe('RateBudget', () => {
  it('lets perSecond calls go at once, then waits for the oldest to leave the second', () => {
    const b = new RateBudget({ perSecond: 5, perMinute: 100 });
    const waits = Array.from({ length: 7 }, () => b.reserve(10_000));
    expect(waits).toEqual([0, 0, 0, 0, 0, 1000, 1000]);
  });

  it('spreads a burst over the minute once perMinute is used', () => {
    const b = new RateBudget({ perSecond: 1000, perMinute: 100 });
    const waits = Array.from({ length: 102 }, () => b.reserve(0));
    expect(waits.slice(0, 100).every((w) => w === 0)).toBe(true);
    expect(waits.slice(100)).toEqual([60_000, 60_000]);
  });

  it('frees slots as time passes', () => {
    const b = new RateBudget({ perSecond: 2, perMinute: 100 });
    expect([b.reserve(0), b.reserve(0), b.reserve(1_500), b.reserve(1_500)]).toEqual([0, 0, 0, 0]);
    expect(b.reserve(1_500)).toBe(1_000);
  });

  it('blocks every caller until a ban ends', () => {
    const b = new RateBudget({ perSecond: 5, perMinute: 100 });
    b.blockUntil(9_000);
    expect(b.reserve(1_000)).toBe(8_000);
  });
});

describe('RateBudgetRegistry', () => {
  it('shares one budget per credential and keeps others apart', () => {
    const r = new RateBudgetRegistry();
    const limits = { perSecond: 1, perMinute: 10 };
    expect(r.get('qimen:a:1', limits)).toBe(r.get('qimen:a:1', limits));
    expect(r.get('qimen:a:1', limits)).not.toBe(r.get('qimen:a:2', limits));
  });
});

function failing(errors: FerryError[], value = 'ok'): { fn: () => Promise<string>; calls: () => number } {
  let n = 0;
  return {
    fn: async () => {
      const e = errors[n++];
      if (e) throw e;
      return value;
    },
    calls: () => n,
  };
}

const unavailable = (): FerryError => new FerryError('SOURCE_UNAVAILABLE', 'down', { retryable: true });
const banned = (sec: number): FerryError =>
  new FerryError('SOURCE_RATE_LIMITED', 'App Call Limited', { retryable: true, retryAfterSec: sec, remote: { endpoint: 'm @ h', code: 7 } });
const generous = (): RateBudget => new RateBudget({ perSecond: 1000, perMinute: 100_000 });

describe('callWithRetry', () => {
  it('backs off exponentially with jitter on retryable errors, then succeeds', async () => {
    const clock = { ...fakeClock(0), random: () => 0.5 };
    const { fn, calls } = failing([unavailable(), unavailable()]);
    await expect(callWithRetry(fn, generous(), { baseDelayMs: 1000, maxDelayMs: 30_000 }, clock)).resolves.toBe('ok');
    expect(calls()).toBe(3);
    expect(clock.sleeps).toEqual([750, 1500]);
  });

  it.each([
    ['no jitter draw', 0, 3, 2000],
    ['full jitter draw', 0.999999, 3, 4000],
    ['capped', 0.999999, 10, 5000],
  ])('backoffMs: %s', (_name, r, attempt, ms) => {
    expect(backoffMs(attempt, { baseDelayMs: 1000, maxDelayMs: 5000 }, () => r)).toBe(ms);
  });

  it('throws the last error after maxAttempts', async () => {
    const clock = fakeClock(0);
    const { fn, calls } = failing([unavailable(), unavailable(), unavailable()]);
    await expect(callWithRetry(fn, generous(), { maxAttempts: 2, baseDelayMs: 10 }, clock)).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', retryable: true });
    expect(calls()).toBe(2);
  });

  it('does not retry a permanent error', async () => {
    const clock = fakeClock(0);
    const { fn, calls } = failing([new FerryError('SOURCE_AUTH', 'bad sign')]);
    await expect(callWithRetry(fn, generous(), {}, clock)).rejects.toMatchObject({ code: 'SOURCE_AUTH' });
    expect(calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('waits out a short ban for N + 1 seconds', async () => {
    const clock = fakeClock(0);
    const { fn } = failing([banned(5)]);
    await expect(callWithRetry(fn, generous(), { maxBanWaitSec: 120 }, clock)).resolves.toBe('ok');
    expect(clock.sleeps).toEqual([6000]);
  });

  it('stops on a ban longer than maxBanWaitSec with SOURCE_BANNED, not retryable', async () => {
    const clock = fakeClock(0);
    const { fn, calls } = failing([banned(22238)]);
    const error = await callWithRetry(fn, generous(), { maxBanWaitSec: 120 }, clock).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_BANNED', retryable: false, retryAfterSec: 22238, remote: { code: 7 } });
    expect((error as Error).message).toMatch(/banned for 22238 s.*maxBanWaitSec.*run again later/);
    expect(calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('makes every user of the credential wait out a ban one of them saw', async () => {
    const budget = generous();
    const first = fakeClock(0);
    await callWithRetry(failing([banned(10)]).fn, budget, {}, first);
    // Another connector on the same credential, whose clock still reads 0, must not call before 11 s.
    const second = fakeClock(0);
    await callWithRetry(failing([]).fn, budget, {}, second);
    expect(second.sleeps).toEqual([11_000]);
  });

  it('waits for a budget slot before calling', async () => {
    const clock = fakeClock(0);
    const budget = new RateBudget({ perSecond: 1, perMinute: 100 });
    await callWithRetry(async () => 1, budget, {}, clock);
    await callWithRetry(async () => 2, budget, {}, clock);
    expect(clock.sleeps).toEqual([1000]);
  });
});
