import type { LedgerRow } from '../state/store.js';

/**
 * What to do with a record read from the source, given its ledger row:
 * - `process`: map it (and write if the mapping says so) — new, changed, or not yet settled;
 * - `unchanged`: already settled at this version; nothing to do.
 * A row that is `writing`/`unknown` here was not reconciled (the run reconciles first), so it is
 * processed only after reconciliation; the caller treats it as `process`.
 */
export function decide(row: LedgerRow | undefined, version: string): 'process' | 'unchanged' {
  if (!row) return 'process';
  if (row.state === 'seen' || row.state === 'writing' || row.state === 'unknown') return 'process';
  // written, skipped, parked: a newer version deserves another look (a WaitConfirm sales-out
  // becomes Confirmed; fixed data un-parks itself); the same version was already decided.
  return row.sourceVersion === version ? 'unchanged' : 'process';
}
