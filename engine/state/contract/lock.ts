/**
 * Contract: the per-scheme run lock — exclusive, released, taken over only when its holder is
 * dead (same host) or silent for too long, and atomically so that one contender wins.
 */
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCK_STALE_MS } from '../lock-policy.js';
import type { LockHandle } from '../store.js';
import { type ContractContext, deadPid, expectFerryError, SCHEME } from './context.js';

const MINUTE = 60_000;
/** A live process on a machine we cannot inspect: only its heartbeat can make it stale. */
const REMOTE = { pid: process.pid, host: 'other-host.invalid' };

/** Settles `attempts` and checks exactly one acquired while the rest got STATE_LOCKED. */
async function expectOneWinner(attempts: Promise<LockHandle>[]): Promise<LockHandle> {
  const results = await Promise.allSettled(attempts);
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r) => r.status === 'rejected');
  expect(won).toHaveLength(1);
  for (const r of lost) expect(r.reason).toMatchObject({ code: 'STATE_LOCKED' });
  return (won[0] as PromiseFulfilledResult<LockHandle>).value;
}

/** Registers the lock tests. */
export function describeLockContract(ctx: ContractContext): void {
  describe('run lock', () => {
    it('hands out the lock with its holder and refuses a second taker, naming the holder', async () => {
      const lock = await ctx.store.acquireLock(SCHEME);
      expect(lock.holder).toStrictEqual({ pid: process.pid, host: hostname(), since: ctx.clock.iso() });
      const error = await expectFerryError(ctx.store.acquireLock(SCHEME), 'STATE_LOCKED');
      for (const part of [String(process.pid), hostname(), ctx.clock.iso()]) {
        expect(error.message).toContain(part);
      }
    });

    it('lets the next run in after release, and release is idempotent', async () => {
      const first = await ctx.store.acquireLock(SCHEME);
      await first.release();
      await first.release();
      const second = await ctx.store.acquireLock(SCHEME);
      await first.release();
      await expectFerryError(ctx.store.acquireLock(SCHEME), 'STATE_LOCKED');
      await second.release();
    });

    it('locks each scheme on its own', async () => {
      await ctx.store.acquireLock(SCHEME);
      await expect(ctx.store.acquireLock('other')).resolves.toMatchObject({ scheme: 'other' });
    });

    it('takes over the lock of a dead process on this host', async () => {
      const dead = await ctx.store.acquireLock(SCHEME, { owner: { pid: deadPid(), host: hostname() } });
      const taker = await ctx.store.acquireLock(SCHEME);
      expect(taker.holder.pid).toBe(process.pid);
      await expectFerryError(dead.heartbeat(), 'STATE_LOCKED');
      await dead.release();
      await expectFerryError(ctx.store.acquireLock(SCHEME), 'STATE_LOCKED');
    });

    it('does not judge a pid on another host by this host', async () => {
      await ctx.store.acquireLock(SCHEME, { owner: { pid: deadPid(), host: REMOTE.host } });
      await expectFerryError(ctx.store.acquireLock(SCHEME), 'STATE_LOCKED');
    });

    it.each([
      { name: 'at the stale limit stays locked', staleAfterMs: 5 * MINUTE, age: 5 * MINUTE, taken: false },
      { name: 'past the stale limit is taken over', staleAfterMs: 5 * MINUTE, age: 5 * MINUTE + 1, taken: true },
      { name: 'within the default limit stays locked', staleAfterMs: undefined, age: DEFAULT_LOCK_STALE_MS, taken: false },
      { name: 'past the default limit is taken over', staleAfterMs: undefined, age: DEFAULT_LOCK_STALE_MS + 1, taken: true },
    ])('a silent holder $name', async ({ staleAfterMs, age, taken }) => {
      await ctx.store.acquireLock(SCHEME, { owner: REMOTE });
      ctx.clock.advance(age);
      const attempt = ctx.store.acquireLock(SCHEME, { staleAfterMs });
      if (taken) await expect(attempt).resolves.toMatchObject({ holder: { pid: process.pid } });
      else await expectFerryError(attempt, 'STATE_LOCKED');
    });

    it('stays held while the holder heartbeats', async () => {
      const lock = await ctx.store.acquireLock(SCHEME, { owner: REMOTE });
      for (let i = 0; i < 3; i++) {
        ctx.clock.advance(4 * MINUTE);
        await lock.heartbeat();
      }
      ctx.clock.advance(4 * MINUTE);
      await expectFerryError(ctx.store.acquireLock(SCHEME, { staleAfterMs: 5 * MINUTE }), 'STATE_LOCKED');
    });

    it('lets exactly one of several concurrent contenders win a free lock', async () => {
      const attempts = Array.from({ length: 4 }, () => ctx.store.acquireLock(SCHEME));
      await expectOneWinner(attempts);
    });

    it('lets exactly one of several concurrent contenders take over a stale lock', async () => {
      await ctx.store.acquireLock(SCHEME, { owner: { pid: deadPid(), host: hostname() } });
      const attempts = [1, 2, 3].map(() => ctx.store.acquireLock(SCHEME));
      const winner = await expectOneWinner(attempts);
      await expect(winner.heartbeat()).resolves.toBeUndefined();
    });
  });
}
