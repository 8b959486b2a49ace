/**
 * Contract: what each settlement stores, and that a batch settle is one transaction — a single
 * bad settlement leaves every row exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../errors.js';
import type { Settlement } from '../store.js';
import {
  type ContractContext,
  expectFerryError,
  intent,
  putInState,
  rejected,
  SCHEME,
  settlementTo,
} from './context.js';

const record = { io_id: 'n1', amount: '5.00' };

/** Batches that each hold one invalid settlement after two valid ones. */
const BAD_BATCHES: Array<{ name: string; bad: Settlement }> = [
  { name: 'written for a missing row', bad: settlementTo('missing', 'written') },
  { name: 'unknown for a missing row', bad: settlementTo('missing', 'unknown') },
  { name: 'skipped for a writing row', bad: settlementTo('w2', 'skipped') },
  { name: 'seen for a written row', bad: settlementTo('done', 'seen') },
  {
    name: 'a new parked row without its record',
    bad: { key: 'n2', state: 'parked', error: rejected('n2'), sourceVersion: 'v1' },
  },
  {
    name: 'a new seen row without a sourceVersion',
    bad: { key: 'n2', state: 'seen', record },
  },
  {
    name: 'an error without a code',
    bad: { key: 'w2', state: 'unknown', error: { message: 'no code' } },
  },
  { name: 'a key twice', bad: settlementTo('w1', 'unknown') },
  {
    name: 'written without a target id',
    bad: { key: 'w2', state: 'written', targetId: '', targetNumber: 'X' },
  },
];

/** Registers the settlement tests. */
export function describeSettleContract(ctx: ContractContext): void {
  const row = async (key: string) => (await ctx.store.getRows(SCHEME, [key])).get(key);

  describe('settle', () => {
    it('written stores the target id and number and drops record and error', async () => {
      await putInState(ctx.store, 'a', 'unknown');
      await ctx.store.settle(SCHEME, [
        { key: 'a', state: 'written', targetId: '100231', targetNumber: 'XSCKD0001' },
      ]);
      const got = await row('a');
      expect(got).toMatchObject({ state: 'written', targetId: '100231', targetNumber: 'XSCKD0001' });
      expect(got?.billNo).toBe('XSCKD-a');
      expect(got).not.toHaveProperty('record');
      expect(got).not.toHaveProperty('lastError');
    });

    it('parked after a write keeps the intent record and the error JSON', async () => {
      await ctx.store.markWriting(SCHEME, [intent('a')]);
      await ctx.store.settle(SCHEME, [{ key: 'a', state: 'parked', error: rejected('a') }]);
      expect(await row('a')).toMatchObject({
        state: 'parked',
        record: intent('a').record,
        lastError: rejected('a').toJSON(),
      });
    });

    it('parks a never-written record in one call with all its facts', async () => {
      const facts = {
        sourceVersion: '2024-05-01 09:00:00',
        record,
        schemeVersion: 'v2',
        windowStart: '2024-05-01 08:00:00',
        windowEnd: '2024-05-01 09:00:00',
      };
      const error = new FerryError('LOOKUP_MISS', 'no shop', { field: 'FSaleOrgId.FNumber' });
      await ctx.store.settle(SCHEME, [{ key: 'n1', state: 'parked', error, ...facts }]);
      expect(await row('n1')).toStrictEqual({
        scheme: SCHEME,
        key: 'n1',
        state: 'parked',
        attempts: 0,
        ...facts,
        lastError: error.toJSON(),
        createdAt: ctx.clock.iso(),
        updatedAt: ctx.clock.iso(),
      });
    });

    it('accepts a stored error object, as a replay re-parks with it', async () => {
      await putInState(ctx.store, 'a', 'writing');
      const stored = { code: 'TARGET_REJECTED', message: 'again', retryable: false };
      await ctx.store.settle(SCHEME, [{ key: 'a', state: 'parked', error: stored }]);
      expect((await row('a'))?.lastError).toStrictEqual(stored);
    });

    it('skipped stores the reason and keeps the record only when given', async () => {
      await ctx.store.settle(SCHEME, [
        { key: 's1', state: 'skipped', reason: 'cancelled', sourceVersion: 'v1' },
        { key: 's2', state: 'skipped', reason: 'cancelled', sourceVersion: 'v1', record },
      ]);
      expect(await row('s1')).toMatchObject({ state: 'skipped', lastError: { reason: 'cancelled' } });
      expect(await row('s1')).not.toHaveProperty('record');
      expect((await row('s2'))?.record).toStrictEqual(record);
    });

    it('unknown keeps the record for reconciliation and stores the error', async () => {
      await putInState(ctx.store, 'a', 'writing');
      await ctx.store.settle(SCHEME, [settlementTo('a', 'unknown')]);
      expect(await row('a')).toMatchObject({
        state: 'unknown',
        record: intent('a').record,
        lastError: { code: 'TARGET_UNKNOWN_OUTCOME' },
      });
    });

    it.each([
      { name: 'without an error keeps the last one', error: undefined, code: 'TARGET_UNKNOWN_OUTCOME' },
      { name: 'with an error replaces it', error: new FerryError('TARGET_UNAVAILABLE', 'down'), code: 'TARGET_UNAVAILABLE' },
    ])('seen after unknown $name', async ({ error, code }) => {
      await putInState(ctx.store, 'a', 'unknown');
      await ctx.store.settle(SCHEME, [{ key: 'a', state: 'seen', error }]);
      expect(await row('a')).toMatchObject({
        state: 'seen',
        record: intent('a').record,
        lastError: { code },
      });
    });

    it('keeps the target id when a written row is parked after a change', async () => {
      await putInState(ctx.store, 'a', 'written');
      await ctx.store.settle(SCHEME, [
        { key: 'a', state: 'parked', error: rejected('a'), sourceVersion: 'v9', record },
      ]);
      expect(await row('a')).toMatchObject({
        state: 'parked',
        sourceVersion: 'v9',
        record,
        targetId: '10001',
        targetNumber: 'XSCKD-a',
      });
    });

    it.each(BAD_BATCHES)('refuses a batch with $name and changes nothing', async ({ bad }) => {
      await putInState(ctx.store, 'w1', 'writing');
      await putInState(ctx.store, 'w2', 'writing');
      await putInState(ctx.store, 'done', 'written');
      const keys = ['w1', 'w2', 'done', 'n1', 'n2', 'missing'];
      const before = await ctx.store.getRows(SCHEME, keys);
      ctx.clock.advance(1_000);
      const batch: Settlement[] = [
        { key: 'w1', state: 'written', targetId: '1', targetNumber: 'B1' },
        { key: 'n1', state: 'parked', error: rejected('n1'), sourceVersion: 'v1', record },
        bad,
      ];
      await expectFerryError(ctx.store.settle(SCHEME, batch), 'STATE_INVALID');
      expect(await ctx.store.getRows(SCHEME, keys)).toEqual(before);
    });
  });
}
