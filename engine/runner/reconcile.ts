import type { Settlement } from '../state/store.js';
import type { FlowContext } from './record-flow.js';
import type { RunDeps } from './types.js';

/**
 * Settles what a previous run (or a crash) left `writing` or `unknown`: asks the target whether
 * each bill number exists. Found → `written` with the target's id and number (the write landed);
 * not found → `seen`, so the record is written again when the source delivers it (its window's
 * checkpoint never moved past it). Returns how many were found written.
 */
export async function reconcileUnsettled(deps: RunDeps, ctx: FlowContext): Promise<number> {
  const scheme = ctx.loaded.scheme.name;
  let found = 0;
  for (;;) {
    const rows = await deps.store.listByState(scheme, ['writing', 'unknown'], { limit: 200 });
    if (!rows.length) return found;
    const existing = await deps.target.findExisting(rows.map((r) => r.billNo ?? '').filter(Boolean));
    const settlements: Settlement[] = rows.map((r) => {
      const bill = r.billNo ? existing.get(r.billNo) : undefined;
      if (bill && !r.targetId) {
        found++;
        return { key: r.key, state: 'written', targetId: bill.id, targetNumber: bill.number };
      }
      // Not found: write it again. Found for an update (targetId set): the bill exists either way,
      // so whether the update landed is unknown — write it again too.
      return { key: r.key, state: 'seen' };
    });
    await deps.store.settle(scheme, settlements);
    deps.logger.info({ reconciled: rows.length, found }, 'reconciled unsettled writes');
  }
}
