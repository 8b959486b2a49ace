/**
 * The contract every StateStore must pass, as a reusable vitest suite. A store's test file calls
 * `describeStoreContract(name, makeStore)`; `makeStore` must return a fresh, empty store that
 * uses the given clock for every timestamp and for lock staleness, plus a cleanup. The suite
 * migrates the store itself and closes it after each test.
 *
 * ```ts
 * describeStoreContract('sqlite', async ({ now }) => {
 *   const dir = mkdtempSync(join(tmpdir(), 'ferry-'));
 *   const store = await openSqliteStore({ path: join(dir, 'state.db'), now });
 *   return { store, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
 * });
 * ```
 */
import { describe } from 'vitest';
import { describeCheckpointsAndRunsContract } from './contract/checkpoints-runs.js';
import { type MakeStore, useStore } from './contract/context.js';
import { describeLedgerContract } from './contract/ledger.js';
import { describeLockContract } from './contract/lock.js';
import { describeQueriesContract } from './contract/queries.js';
import { describeSettleContract } from './contract/settle.js';

export type { MakeStore, StoreFactoryOptions, StoreFixture } from './contract/context.js';

/** Registers the whole StateStore contract suite for the store that `makeStore` makes. */
export function describeStoreContract(name: string, makeStore: MakeStore): void {
  describe(`StateStore contract: ${name}`, () => {
    const ctx = useStore(makeStore);
    describeLedgerContract(ctx);
    describeSettleContract(ctx);
    describeQueriesContract(ctx);
    describeCheckpointsAndRunsContract(ctx);
    describeLockContract(ctx);
  });
}
