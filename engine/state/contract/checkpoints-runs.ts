/** Contract: checkpoints per scheme and name, and the run history. */
import { describe, expect, it } from 'vitest';
import { type ContractContext, expectFerryError, SCHEME } from './context.js';

/** Registers the checkpoint and run tests. */
export function describeCheckpointsAndRunsContract(ctx: ContractContext): void {
  describe('checkpoints', () => {
    it('is unset until set, then holds the last value', async () => {
      expect(await ctx.store.getCheckpoint(SCHEME)).toBeUndefined();
      await ctx.store.setCheckpoint(SCHEME, '2024-05-01 00:00:00');
      await ctx.store.setCheckpoint(SCHEME, '2024-05-01 01:00:00');
      expect(await ctx.store.getCheckpoint(SCHEME)).toBe('2024-05-01 01:00:00');
      expect(await ctx.store.getCheckpoint(SCHEME, 'incremental')).toBe('2024-05-01 01:00:00');
    });

    it('keeps names and schemes apart', async () => {
      await ctx.store.setCheckpoint(SCHEME, 'inc-a');
      await ctx.store.setCheckpoint(SCHEME, 'cursor-a', 'cursor');
      await ctx.store.setCheckpoint('other', 'inc-b');
      expect(await ctx.store.getCheckpoint(SCHEME)).toBe('inc-a');
      expect(await ctx.store.getCheckpoint(SCHEME, 'cursor')).toBe('cursor-a');
      expect(await ctx.store.getCheckpoint('other')).toBe('inc-b');
      expect(await ctx.store.getCheckpoint('other', 'cursor')).toBeUndefined();
    });
  });

  describe('runs', () => {
    it('records a run from start to finish', async () => {
      const started = ctx.clock.iso();
      const id = await ctx.store.startRun(SCHEME, {
        mode: 'backfill',
        from: '2024-04-01',
        to: '2024-05-01',
        schemeVersion: 'v3',
      });
      expect(await ctx.store.listRuns(SCHEME, 10)).toStrictEqual([
        { id, scheme: SCHEME, mode: 'backfill', from: '2024-04-01', to: '2024-05-01', schemeVersion: 'v3', startedAt: started },
      ]);
      ctx.clock.advance(90_000);
      const error = { code: 'RUN_ABORTED', message: 'retries exhausted' };
      await ctx.store.finishRun(id, { exitCode: 1, counts: { written: 40, parked: 2 }, error });
      expect((await ctx.store.listRuns(SCHEME, 10))[0]).toMatchObject({
        id,
        startedAt: started,
        finishedAt: ctx.clock.iso(),
        exitCode: 1,
        counts: { written: 40, parked: 2 },
        error,
      });
    });

    it('lists the latest runs of a scheme, newest first, up to the limit', async () => {
      const a = await ctx.store.startRun(SCHEME, { mode: 'incremental' });
      await ctx.store.startRun('other', { mode: 'incremental' });
      const b = await ctx.store.startRun(SCHEME, { mode: 'replay' });
      const c = await ctx.store.startRun(SCHEME, { mode: 'dry-run' });
      expect(a).toBeLessThan(b);
      expect(b).toBeLessThan(c);
      expect((await ctx.store.listRuns(SCHEME, 2)).map((r) => [r.id, r.mode])).toEqual([
        [c, 'dry-run'],
        [b, 'replay'],
      ]);
      expect(await ctx.store.listRuns(SCHEME, 10)).toHaveLength(3);
      expect(await ctx.store.listRuns('other', 10)).toHaveLength(1);
    });

    it.each([
      { name: 'an unknown run', finishFirst: false, id: (real: number) => real + 1000 },
      { name: 'an already finished run', finishFirst: true, id: (real: number) => real },
    ])('refuses to finish $name', async ({ finishFirst, id }) => {
      const real = await ctx.store.startRun(SCHEME, { mode: 'incremental' });
      if (finishFirst) await ctx.store.finishRun(real, { exitCode: 0, counts: {} });
      const before = await ctx.store.listRuns(SCHEME, 10);
      await expectFerryError(ctx.store.finishRun(id(real), { exitCode: 3, counts: {} }), 'STATE_INVALID');
      expect(await ctx.store.listRuns(SCHEME, 10)).toEqual(before);
    });
  });
}
