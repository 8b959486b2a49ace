/**
 * Contract: ledger rows — write-ahead intent, reading rows back, attempts, and the full matrix
 * of state transitions (every allowed step works, every forbidden one is refused untouched).
 */
import { describe, expect, it } from 'vitest';
import type { LedgerState, StateStore } from '../store.js';
import type { FromState } from '../transitions.js';
import {
  type ContractContext,
  expectFerryError,
  intent,
  putInState,
  SCHEME,
  settlementTo,
} from './context.js';

const FROM: FromState[] = ['none', 'seen', 'writing', 'unknown', 'written', 'skipped', 'parked'];
const TO: LedgerState[] = ['seen', 'writing', 'unknown', 'written', 'skipped', 'parked'];

/** The steps the ledger refuses, written out independently of the implementation's table. */
const FORBIDDEN: Record<LedgerState, FromState[]> = {
  writing: ['writing', 'unknown'],
  written: ['none', 'seen', 'written', 'skipped', 'parked'],
  unknown: ['none', 'seen', 'written', 'skipped', 'parked'],
  skipped: ['writing', 'unknown'],
  seen: ['written'],
  parked: [],
};

const MATRIX = FROM.flatMap((from) =>
  TO.map((to) => ({ from, to, allowed: !FORBIDDEN[to].includes(from) })),
);

function step(store: StateStore, key: string, to: LedgerState): Promise<void> {
  return to === 'writing'
    ? store.markWriting(SCHEME, [intent(key)])
    : store.settle(SCHEME, [settlementTo(key, to)]);
}

/** Registers the ledger row tests. */
export function describeLedgerContract(ctx: ContractContext): void {
  describe('markWriting and getRows', () => {
    it('getRows returns only the rows that exist', async () => {
      await ctx.store.markWriting(SCHEME, [intent('a'), intent('b')]);
      const rows = await ctx.store.getRows(SCHEME, ['a', 'zz', 'b']);
      expect([...rows.keys()].sort()).toEqual(['a', 'b']);
      expect((await ctx.store.getRows(SCHEME, [])).size).toBe(0);
    });

    it('records the intent as a writing row with every fact', async () => {
      await ctx.store.markWriting(SCHEME, [intent('a')]);
      const row = (await ctx.store.getRows(SCHEME, ['a'])).get('a');
      const { key, ...facts } = intent('a');
      expect(row).toStrictEqual({
        scheme: SCHEME,
        key,
        state: 'writing',
        attempts: 1,
        ...facts,
        createdAt: ctx.clock.iso(),
        updatedAt: ctx.clock.iso(),
      });
    });

    it('keeps createdAt and moves updatedAt on later steps', async () => {
      const created = ctx.clock.iso();
      await ctx.store.markWriting(SCHEME, [intent('a')]);
      ctx.clock.advance(60_000);
      await ctx.store.settle(SCHEME, [settlementTo('a', 'unknown')]);
      const row = (await ctx.store.getRows(SCHEME, ['a'])).get('a');
      expect(row).toMatchObject({ createdAt: created, updatedAt: ctx.clock.iso() });
    });

    it('counts one attempt per markWriting and none per settlement', async () => {
      const attempts = async () => (await ctx.store.getRows(SCHEME, ['a'])).get('a')?.attempts;
      await ctx.store.settle(SCHEME, [settlementTo('a', 'seen')]);
      expect(await attempts()).toBe(0);
      await ctx.store.markWriting(SCHEME, [intent('a')]);
      await ctx.store.settle(SCHEME, [settlementTo('a', 'unknown')]);
      await ctx.store.settle(SCHEME, [settlementTo('a', 'seen')]);
      expect(await attempts()).toBe(1);
      await ctx.store.markWriting(SCHEME, [intent('a')]);
      await ctx.store.settle(SCHEME, [settlementTo('a', 'parked')]);
      await ctx.store.markWriting(SCHEME, [intent('a')]);
      expect(await attempts()).toBe(3);
    });

    it('keeps the same key apart in different schemes', async () => {
      await ctx.store.markWriting(SCHEME, [intent('a')]);
      await ctx.store.markWriting('other', [intent('a', { billNo: 'OTHER-1' })]);
      await ctx.store.settle(SCHEME, [settlementTo('a', 'written')]);
      expect((await ctx.store.getRows('other', ['a'])).get('a')).toMatchObject({
        state: 'writing',
        billNo: 'OTHER-1',
      });
      expect((await ctx.store.getRows(SCHEME, ['a'])).get('a')?.state).toBe('written');
    });

    it.each([
      { name: 'one row already writing', keys: ['a', 'busy', 'b'] },
      { name: 'a key twice', keys: ['a', 'b', 'a'] },
      { name: 'an empty key', keys: ['a', ''] },
    ])('refuses a whole batch with $name and changes nothing', async ({ keys }) => {
      await ctx.store.markWriting(SCHEME, [intent('busy')]);
      const before = await ctx.store.getRows(SCHEME, ['a', 'b', 'busy']);
      ctx.clock.advance(1_000);
      await expectFerryError(
        ctx.store.markWriting(SCHEME, keys.map((k) => intent(k))),
        'STATE_INVALID',
      );
      expect(await ctx.store.getRows(SCHEME, ['a', 'b', 'busy'])).toEqual(before);
    });
  });

  describe('transitions', () => {
    it.each(MATRIX.filter((c) => c.allowed))('$from -> $to is allowed', async ({ from, to }) => {
      await putInState(ctx.store, 'k', from);
      await step(ctx.store, 'k', to);
      expect((await ctx.store.getRows(SCHEME, ['k'])).get('k')?.state).toBe(to);
    });

    it.each(MATRIX.filter((c) => !c.allowed))(
      '$from -> $to is refused and leaves the row as it was',
      async ({ from, to }) => {
        await putInState(ctx.store, 'k', from);
        const before = await ctx.store.getRows(SCHEME, ['k']);
        ctx.clock.advance(1_000);
        await expectFerryError(step(ctx.store, 'k', to), 'STATE_INVALID');
        expect(await ctx.store.getRows(SCHEME, ['k'])).toEqual(before);
      },
    );
  });
}
