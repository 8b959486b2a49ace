/**
 * Contract: reading the ledger in bulk — lists by state with key paging, parked rows filtered
 * for replay (and actually replayable), counts per state, and the oldest unsettled row.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { FerryError } from '../../errors.js';
import type { ParkedFilter } from '../store.js';
import {
  type ContractContext,
  intent,
  putInState,
  rejected,
  SCHEME,
  settlementTo,
  T0,
} from './context.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const lookupMiss = new FerryError('LOOKUP_MISS', 'no such shop');

/** Parked rows p1..p4 an hour apart, plus rows in other states and another scheme. */
async function seedParked(ctx: ContractContext): Promise<void> {
  const park = (key: string, code: 'LOOKUP_MISS' | 'TARGET_REJECTED', windowStart?: string) =>
    ctx.store.settle(SCHEME, [
      {
        key,
        state: 'parked',
        error: code === 'LOOKUP_MISS' ? lookupMiss : rejected(key),
        sourceVersion: 'v1',
        record: { io_id: key },
        windowStart,
      },
    ]);
  await park('p1', 'LOOKUP_MISS', '2024-05-01 00:00:00');
  ctx.clock.advance(HOUR);
  await ctx.store.markWriting(SCHEME, [intent('p2', { windowStart: '2024-05-01 01:00:00' })]);
  await ctx.store.settle(SCHEME, [{ key: 'p2', state: 'parked', error: rejected('p2') }]);
  ctx.clock.advance(HOUR);
  await park('p3', 'TARGET_REJECTED', '2024-05-02 00:00:00');
  ctx.clock.advance(HOUR);
  await park('p4', 'LOOKUP_MISS');
  await putInState(ctx.store, 'w1', 'written');
  await putInState(ctx.store, 's1', 'skipped');
  await ctx.store.settle('other', [settlementTo('x1', 'parked')]);
}

const PARKED_CASES: Array<{ name: string; filter: ParkedFilter; keys: string[] }> = [
  { name: 'no filter: all', filter: {}, keys: ['p1', 'p2', 'p3', 'p4'] },
  { name: 'by keys', filter: { keys: ['p3', 'p1', 'w1', 'nope'] }, keys: ['p1', 'p3'] },
  { name: 'by error code', filter: { errorCode: 'LOOKUP_MISS' }, keys: ['p1', 'p4'] },
  {
    name: 'by window range',
    filter: { window: { from: '2024-05-01 00:00:00', to: '2024-05-02 00:00:00' } },
    keys: ['p1', 'p2'],
  },
  { name: 'by window start only', filter: { window: { from: '2024-05-01 01:00:00' } }, keys: ['p2', 'p3'] },
  {
    name: 'by updated range',
    filter: { updated: { from: iso(T0 + HOUR), to: iso(T0 + 3 * HOUR) } },
    keys: ['p2', 'p3'],
  },
  {
    name: 'by code and window together',
    filter: { errorCode: 'TARGET_REJECTED', window: { to: '2024-05-02 00:00:00' } },
    keys: ['p2'],
  },
  { name: 'a page after a key', filter: { afterKey: 'p1', limit: 2 }, keys: ['p2', 'p3'] },
  { name: 'nothing matching', filter: { errorCode: 'MAPPING_ERROR' }, keys: [] },
];

/** Registers the bulk read tests. */
export function describeQueriesContract(ctx: ContractContext): void {
  describe('listParked', () => {
    beforeEach(() => seedParked(ctx));

    it.each(PARKED_CASES)('filters $name', async ({ filter, keys }) => {
      const rows = await ctx.store.listParked(SCHEME, filter);
      expect(rows.map((r) => r.key)).toEqual(keys);
      for (const r of rows) expect(r).toMatchObject({ state: 'parked', record: { io_id: r.key } });
    });

    it('returns rows whose record can be replayed into a write', async () => {
      const [parked] = await ctx.store.listParked(SCHEME, { keys: ['p1'] });
      if (!parked?.record) throw new FerryError('TEST_FAILED', 'parked row has no record');
      await ctx.store.markWriting(SCHEME, [
        { ...intent('p1'), record: parked.record, sourceVersion: parked.sourceVersion },
      ]);
      expect((await ctx.store.getRows(SCHEME, ['p1'])).get('p1')).toMatchObject({
        state: 'writing',
        attempts: 1,
        record: { io_id: 'p1' },
      });
      await ctx.store.settle(SCHEME, [settlementTo('p1', 'written')]);
      expect((await ctx.store.listParked(SCHEME)).map((r) => r.key)).toEqual(['p2', 'p3', 'p4']);
    });
  });

  describe('listByState and countByState', () => {
    beforeEach(async () => {
      for (const [key, state] of [
        ['d', 'written'],
        ['a', 'seen'],
        ['c', 'unknown'],
        ['b', 'writing'],
        ['e', 'parked'],
      ] as const) {
        await putInState(ctx.store, key, state);
      }
      await putInState(ctx.store, 'x', 'skipped');
    });

    it.each([
      { name: 'unsettled states', states: ['seen', 'writing', 'unknown'] as const, page: {}, keys: ['a', 'b', 'c'] },
      { name: 'one state', states: ['written'] as const, page: {}, keys: ['d'] },
      { name: 'a limited page', states: ['seen', 'writing', 'unknown', 'written'] as const, page: { limit: 2 }, keys: ['a', 'b'] },
      { name: 'the next page', states: ['seen', 'writing', 'unknown', 'written'] as const, page: { afterKey: 'b', limit: 2 }, keys: ['c', 'd'] },
      { name: 'no states', states: [] as const, page: {}, keys: [] },
    ])('lists $name ordered by key', async ({ states, page, keys }) => {
      const rows = await ctx.store.listByState(SCHEME, states, page);
      expect(rows.map((r) => r.key)).toEqual(keys);
    });

    it('counts every state, zero included, per scheme', async () => {
      await ctx.store.settle('other', [settlementTo('a', 'seen'), settlementTo('b', 'seen')]);
      expect(await ctx.store.countByState(SCHEME)).toStrictEqual({
        seen: 1,
        writing: 1,
        unknown: 1,
        written: 1,
        skipped: 1,
        parked: 1,
      });
      expect(await ctx.store.countByState('other')).toStrictEqual({
        seen: 2,
        writing: 0,
        unknown: 0,
        written: 0,
        skipped: 0,
        parked: 0,
      });
      expect(await ctx.store.listByState('nobody', ['seen'])).toEqual([]);
    });
  });

  describe('oldestUnsettled', () => {
    const seen = (key: string, windowStart?: string) =>
      ctx.store.settle(SCHEME, [
        { key, state: 'seen', sourceVersion: 'v1', record: { io_id: key }, windowStart },
      ]);

    it('is undefined when every row is settled', async () => {
      expect(await ctx.store.oldestUnsettled(SCHEME)).toBeUndefined();
      for (const s of ['written', 'parked', 'skipped'] as const) await putInState(ctx.store, s, s);
      expect(await ctx.store.oldestUnsettled(SCHEME)).toBeUndefined();
    });

    it('picks the earliest window among seen, writing and unknown only', async () => {
      await ctx.store.settle(SCHEME, [
        {
          key: 'old-parked',
          state: 'parked',
          error: lookupMiss,
          sourceVersion: 'v1',
          record: {},
          windowStart: '2024-04-01 00:00:00',
        },
      ]);
      await seen('late', '2024-05-03 00:00:00');
      await ctx.store.markWriting(SCHEME, [intent('mid', { windowStart: '2024-05-02 00:00:00' })]);
      await ctx.store.markWriting(SCHEME, [intent('early', { windowStart: '2024-05-01 00:00:00' })]);
      await ctx.store.settle(SCHEME, [settlementTo('early', 'unknown')]);
      expect((await ctx.store.oldestUnsettled(SCHEME))?.key).toBe('early');
      await ctx.store.settle(SCHEME, [settlementTo('early', 'written')]);
      expect((await ctx.store.oldestUnsettled(SCHEME))?.key).toBe('mid');
      expect(await ctx.store.oldestUnsettled('other')).toBeUndefined();
    });

    it('puts rows without a window first, then the earliest created, then the key', async () => {
      await seen('b', '2024-05-01 00:00:00');
      ctx.clock.advance(1_000);
      await seen('a', '2024-05-01 00:00:00');
      expect((await ctx.store.oldestUnsettled(SCHEME))?.key).toBe('b');
      await seen('z');
      expect((await ctx.store.oldestUnsettled(SCHEME))?.key).toBe('z');
    });
  });
}
