import { expect } from 'vitest';
import { auditExactlyOnce, type ExactlyOnceAudit } from '../../engine/sandbox/audit.js';
import { LEDGER_STATES, type LedgerState } from '../../engine/state/store.js';
import type { CrashWorld, RunMode } from './world.js';

/** What the sandboxes and the ledger say after the last run. */
export interface WorldVerdict {
  /** The independent audit: Kingdee's bills against Jushuitan's sales-outs. */
  audit: ExactlyOnceAudit;
  /** Ledger rows by state. */
  ledger: Record<LedgerState, number>;
  /** Generated sales-outs (every one must have a ledger row once read). */
  generated: number;
  /** Bills of any other form than SAL_OUTSTOCK: written although nothing should be. */
  otherForms: number;
  /** Bills whose ledger row is not `written` with that bill's id and number. */
  disagreements: string[];
  /** Parked rows without an error code, or without the source record kept for replay. */
  parkedWithoutReason: string[];
  /**
   * Save models refused because Kingdee already held their bill number: the sandbox enforces
   * FBillNo uniqueness, a real account may not, so every such attempt is a would-be duplicate.
   */
  billNoConflicts: number;
}

/** Audits the world: run it only while no child runs (it opens the state file). */
export async function verifyWorld(world: CrashWorld): Promise<WorldVerdict> {
  const { pair, scheme } = world;
  return world.withStore(async (store) => {
    const audit = await auditExactlyOnce(pair, store, scheme, ioIdOf);
    const counts = await store.countByState(scheme);
    const ledger = Object.fromEntries(LEDGER_STATES.map((s) => [s, counts[s] ?? 0])) as Record<LedgerState, number>;
    const bills = pair.k3.bills();
    const ours = bills.filter((b) => b.formId === 'SAL_OUTSTOCK');
    const disagreements: string[] = [];
    for (let i = 0; i < ours.length; i += 500) {
      const chunk = ours.slice(i, i + 500);
      const rows = await store.getRows(scheme, chunk.map((b) => ioIdOf(b.number)));
      for (const b of chunk) {
        const row = rows.get(ioIdOf(b.number));
        if (row?.state !== 'written' || row.targetNumber !== b.number || row.targetId !== String(b.id)) {
          disagreements.push(`${b.number}: ledger ${row?.state ?? 'missing'} ${row?.targetId ?? ''}/${row?.targetNumber ?? ''}, Kingdee ${b.id}`);
        }
      }
    }
    const parked = await store.listParked(scheme, {});
    const parkedWithoutReason = parked.filter((r) => typeof r.lastError?.code !== 'string' || !r.record).map((r) => r.key);
    return {
      audit,
      ledger,
      generated: pair.qimen.data.count,
      otherForms: bills.length - ours.length,
      disagreements,
      parkedWithoutReason,
      billNoConflicts: pair.k3.stats.billNoConflicts,
    };
  });
}

/** The bundled scheme's bill number is `JST-<io_id>`. */
export function ioIdOf(billNo: string): string {
  return billNo.replace(/^JST-/, '');
}

/** What one extra run after the work is done did to Kingdee. */
export interface ExtraRun {
  mode: RunMode;
  code: number | null;
  /** Bills committed during the run. */
  saves: number;
  /** Save/BatchSave requests sent during the run (even ones that would commit nothing). */
  writeCalls: number;
  /** The run's summary headline. */
  headline: string;
}

/**
 * One more run in the world's mode, and in an incremental world one more backfill over all the
 * data as well (an incremental run only rereads the lookback): neither may write anything. The
 * weather calms first: a still-armed "modified while paging" would change records during the
 * run (new versions, rightly looked at again), and a 502 or ban could stop it.
 */
export async function extraRuns(world: CrashWorld, mode: RunMode): Promise<ExtraRun[]> {
  calm(world);
  const out: ExtraRun[] = [];
  for (const m of mode === 'incremental' ? (['incremental', 'backfill'] as const) : (['backfill'] as const)) {
    const { stats } = world.pair.k3;
    const writeCalls = () => (stats.calls.BatchSave ?? 0) + (stats.calls.Save ?? 0);
    const [saves, calls] = [stats.saves, writeCalls()];
    const result = await world.run(undefined, { mode: m, label: `extra ${m}` });
    out.push({ mode: m, code: result.code, saves: stats.saves - saves, writeCalls: writeCalls() - calls, headline: world.log.at(-1)!.headline });
  }
  return out;
}

/**
 * Nothing lost, nothing twice: every shipped sales-out is exactly one bill with the right entries
 * and amounts, or parked with its reason and record; nothing else was written, and no bill number
 * was ever sent again once committed; the ledger agrees with Kingdee bill for bill and holds
 * nothing unsettled. `why` (seed and run log) explains a failure.
 */
export function expectExactlyOnce(v: WorldVerdict, why: string): void {
  expect(v.audit, why).toMatchObject({ duplicates: 0, unexpected: 0, lost: 0, mismatched: [] });
  expect(v.audit.bills + v.audit.parked, why).toBe(v.audit.shipped);
  expect(v.otherForms, why).toBe(0);
  expect(v.billNoConflicts, why).toBe(0);
  expect(v.disagreements, why).toEqual([]);
  expect(v.parkedWithoutReason, why).toEqual([]);
  expect(v.ledger, why).toEqual({ seen: 0, writing: 0, unknown: 0, written: v.audit.bills, parked: v.audit.parked, skipped: v.generated - v.audit.shipped });
}

/** Every extra run completed (exit 0) without a single Save/BatchSave request. */
export function expectExtraRunsWriteNothing(runs: ExtraRun[], why: string): void {
  expect(runs.length, why).toBeGreaterThan(0);
  for (const r of runs) expect({ mode: r.mode, code: r.code, saves: r.saves, writeCalls: r.writeCalls }, why).toEqual({ mode: r.mode, code: 0, saves: 0, writeCalls: 0 });
}

/**
 * Disarms the faults that change source records or make a run fail; keeps the standing
 * conditions (session expiry, bills Kingdee rejects), which leave settled records settled.
 */
function calm(world: CrashWorld): void {
  const { qimen, k3 } = world.pair;
  for (const fault of ['shiftWhilePaging', 'repeatPage', 'ban', 'serverError', 'reset', 'html', 'truncated'] as const) delete qimen.faults[fault];
  qimen.faults.latencyMs = 0;
  for (const fault of ['commitThenDropNext', 'commitThenDelayNext', 'callLimitNext', 'http5xxNext', 'responseErrorNext'] as const) k3.faults[fault] = 0;
}
