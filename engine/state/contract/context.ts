/**
 * Shared fixtures of the store contract suite: a fresh migrated store per test on a fake clock,
 * and builders that put a ledger row into any state through the public interface only.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, expect } from 'vitest';
import { FerryError } from '../../errors.js';
import type { LedgerState, Settlement, StateStore, WritingIntent } from '../store.js';
import type { FromState } from '../transitions.js';

/** A store made for one test, and how to throw it away. */
export interface StoreFixture {
  store: StateStore;
  cleanup(): Promise<void>;
}

/** What the suite hands to a store factory: the clock the store must use. */
export interface StoreFactoryOptions {
  now: () => number;
}

/** Makes a fresh, empty store (the suite calls `migrate()` itself). */
export type MakeStore = (options: StoreFactoryOptions) => Promise<StoreFixture>;

/** A clock that only moves when told to. */
export interface FakeClock {
  now(): number;
  advance(ms: number): void;
  iso(): string;
}

/** The suite's view of the current test: its store and its clock. */
export interface ContractContext {
  readonly store: StateStore;
  readonly clock: FakeClock;
}

/** The fake clock's start: 2024-05-01T02:00:00.000Z. */
export const T0 = Date.UTC(2024, 4, 1, 2, 0, 0);

function fakeClock(): FakeClock {
  let ms = T0;
  return {
    now: () => ms,
    advance: (by) => {
      ms += by;
    },
    iso: () => new Date(ms).toISOString(),
  };
}

/** Registers hooks that give each test a fresh migrated store; returns the live context. */
export function useStore(makeStore: MakeStore): ContractContext {
  let fixture: StoreFixture | undefined;
  let clock = fakeClock();
  beforeEach(async () => {
    clock = fakeClock();
    fixture = await makeStore({ now: () => clock.now() });
    await fixture.store.migrate();
  });
  afterEach(async () => {
    await fixture?.store.close();
    await fixture?.cleanup();
    fixture = undefined;
  });
  return {
    get store() {
      if (!fixture) throw new FerryError('INTERNAL', 'the store is only available inside a test');
      return fixture.store;
    },
    get clock() {
      return clock;
    },
  };
}

/** The scheme most tests use. */
export const SCHEME = 'jst-saleout';

/** A complete write intent for `key`, with `overrides` applied. */
export function intent(key: string, overrides: Partial<WritingIntent> = {}): WritingIntent {
  return {
    key,
    billNo: `XSCKD-${key}`,
    sourceVersion: '2024-05-01 10:00:00',
    contentHash: `hash-${key}`,
    record: { io_id: key, amount: '12.30', items: [{ sku_id: 'SKU-1', qty: 2 }] },
    schemeVersion: 'v1',
    windowStart: '2024-05-01 00:00:00',
    windowEnd: '2024-05-01 01:00:00',
    ...overrides,
  };
}

/** A FerryError as a connector would raise it for a rejected bill. */
export function rejected(key: string): FerryError {
  return new FerryError('TARGET_REJECTED', 'FStockOrgId is required', {
    remote: { endpoint: 'BatchSave', code: 11, message: 'field required' },
    recordKey: key,
    field: 'FStockOrgId.FNumber',
    hint: 'check the org lookup',
  });
}

/** A settlement that reaches `state` from any state that allows it, even with no row. */
export function settlementTo(key: string, state: Exclude<LedgerState, 'writing'>): Settlement {
  const facts = { sourceVersion: '2024-05-01 10:00:00', record: { io_id: key } };
  switch (state) {
    case 'written':
      return { key, state, targetId: `1000${key.length}`, targetNumber: `XSCKD-${key}` };
    case 'parked':
      return { key, state, error: rejected(key), ...facts };
    case 'skipped':
      return { key, state, reason: 'status is cancelled', ...facts };
    case 'unknown':
      return { key, state, error: new FerryError('TARGET_UNKNOWN_OUTCOME', 'timed out') };
    case 'seen':
      return { key, state, ...facts };
  }
}

/** Puts the row of `key` into `state` using only public calls (`none`: leaves it absent). */
export async function putInState(store: StateStore, key: string, state: FromState): Promise<void> {
  if (state === 'none') return;
  if (state === 'seen' || state === 'skipped' || state === 'parked') {
    await store.settle(SCHEME, [settlementTo(key, state)]);
    return;
  }
  await store.markWriting(SCHEME, [intent(key)]);
  if (state !== 'writing') await store.settle(SCHEME, [settlementTo(key, state)]);
}

/** Awaits `promise` and checks it failed with a FerryError of `code`; returns the error. */
export async function expectFerryError(promise: Promise<unknown>, code: string): Promise<FerryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FerryError);
  expect(error).toMatchObject({ code });
  return error as FerryError;
}

/** The pid of a process that has just exited (so `kill(pid, 0)` fails with ESRCH). */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  if (typeof child.pid !== 'number' || child.pid <= 0) throw new FerryError('INTERNAL', 'could not spawn a child process');
  return child.pid;
}
