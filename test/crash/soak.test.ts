import { describe, expect, it } from 'vitest';
import type { CrashPoint } from '../../engine/runner/crash-points.js';
import type { ExactlyOnceAudit } from '../../engine/sandbox/audit.js';
import { Rng } from '../../engine/sandbox/qimen/random.js';
import { writableBillNos } from './data.js';
import { CHECKPOINT_POINTS, crashSeed, READ_POINTS, randomPlan, WRITE_POINTS } from './kill-plan.js';
import { executePlan, type PlanOutcome } from './scenario.js';
import { expectExactlyOnce, expectExtraRunsWriteNothing, extraRuns, verifyWorld } from './verify.js';
import { type CrashWorld, formatLog, type RunMode, startWorld } from './world.js';

/**
 * The soak: many SIGKILLs of the real CLI over thousands of orders, in changing fault weather,
 * then the same audit as the CI test. Off unless FERRY_SOAK=1 (it takes a few minutes):
 *   FERRY_SOAK=1 npx vitest run test/crash/soak.test.ts
 * FERRY_SOAK_KILLS scales the plans (default 40 incremental, 30 backfill); FERRY_CRASH_SEED
 * replays. Its figures go into docs/reliability.md.
 */

const SOAK = process.env.FERRY_SOAK === '1';
const SEED = SOAK ? crashSeed() : 0;
const KILLS = Number(process.env.FERRY_SOAK_KILLS ?? 40);
/**
 * Points with the highest occurrence to arm: writes die within their first two batches, so the
 * orders last through most of the plan; pages and checkpoints come often in every run.
 */
const READ_AND_WRITE: ReadonlyArray<readonly [CrashPoint, number]> = [
  ...READ_POINTS.map((p) => [p, 6] as const),
  ...WRITE_POINTS.map((p) => [p, 2] as const),
];
const ALL_POINTS = [...READ_AND_WRITE, ...CHECKPOINT_POINTS.map((p) => [p, 2] as const)];

/**
 * Before each planned run, the sandboxes' weather changes: a write that commits and drops, a
 * burst of call limits, a Qimen 502 or ban, records moved while paging. Sessions expire every
 * seventh Kingdee call throughout.
 */
function weather(w: CrashWorld, rng: Rng, tally: Record<string, number>): void {
  const { k3, qimen } = w.pair;
  const arm = (name: string, p: number, set: () => void) => {
    if (!rng.chance(p)) return;
    set();
    tally[name] = (tally[name] ?? 0) + 1;
  };
  arm('commitThenDrop', 0.2, () => (k3.faults.commitThenDropNext = 1));
  arm('callLimit', 0.15, () => (k3.faults.callLimitNext = 2));
  arm('qimen502', 0.15, () => (qimen.faults.serverError = { nextN: 1 }));
  arm('qimenBan', 0.1, () => (qimen.faults.ban = { nextN: 1, seconds: 1 }));
  arm('shiftWhilePaging', 0.1, () => (qimen.faults.shiftWhilePaging = { atPage: 2, count: 5, placement: 'windowEnd', times: 1 }));
}

/** What a soak part ended with. */
interface SoakEnd {
  mode: RunMode;
  orders: number;
  w: CrashWorld;
  outcome: PlanOutcome;
  audit: ExactlyOnceAudit;
  weatherArmed: Record<string, number>;
  wallMs: number;
}

/** The soak's figures, printed for docs/reliability.md. */
function figures({ mode, orders, w, outcome, audit, weatherArmed, wallMs }: SoakEnd) {
  return {
    seed: SEED,
    mode,
    kills: outcome.kills,
    killsBeforeDone: outcome.killsBeforeDone,
    killedAt: outcome.killedAt,
    runs: w.log.length,
    orders,
    shipped: audit.shipped,
    bills: audit.bills,
    parked: audit.parked,
    duplicates: audit.duplicates,
    lost: audit.lost,
    mismatched: audit.mismatched.length,
    billNoConflicts: w.pair.k3.stats.billNoConflicts,
    kingdeeSessions: w.pair.k3.stats.sessionsCreated,
    weatherArmed,
    wallSeconds: Math.round(wallMs / 1000),
  };
}

describe.skipIf(!SOAK)('soak: SIGKILL of `ferry run` many times over thousands of orders', () => {
  it.each([
    // An incremental run rereads only from its checkpoint and a checkpoint kill keeps whole
    // windows: more, smaller windows and shorter outside delays keep the kills landing on work.
    { mode: 'incremental' as const, salt: 101, orders: 10_000, days: 40, kills: KILLS, points: ALL_POINTS, outsideMs: [300, 2_500] as const },
    { mode: 'backfill' as const, salt: 102, orders: 2_000, days: 10, kills: Math.round(KILLS * 0.75), points: READ_AND_WRITE, outsideMs: [300, 6_000] as const },
  ])('$mode: $kills kills over $orders orders in fault weather; nothing lost, nothing twice', async ({ mode, salt, orders, days, kills, points, outsideMs }) => {
    const seed = SEED + salt;
    const started = Date.now();
    // A backfill over all the orders (the last extra run) reads for half a minute: allow it.
    const w = await startWorld({ dataSeed: seed, mode, orders, days, k3: { faults: { expireSessionEvery: 7 } }, hangAfterMs: 600_000 });
    try {
      w.pair.k3.faults.rejectBillNos = writableBillNos(w, 5, seed);
      const rng = new Rng(seed ^ 0x5eed);
      const tally: Record<string, number> = {};
      const plan = randomPlan(seed, { kills, points, outsideShare: 0.25, outsideMs });
      const outcome = await executePlan(w, plan, { maxRecoveryRuns: 10, beforeRun: () => weather(w, rng, tally) });
      const why = () => `FERRY_CRASH_SEED=${SEED} state ${w.statePath}\n${formatLog(w.log)}`;
      expect(outcome.broken, why()).toEqual([]);
      expect([0, 3], why()).toContain(outcome.completedWith);
      const verdict = await verifyWorld(w);
      expectExactlyOnce(verdict, why());
      const extra = await extraRuns(w, mode);
      expectExtraRunsWriteNothing(extra, why());
      expect(outcome.kills, why()).toBeGreaterThanOrEqual(Math.floor(kills / 2));
      console.log(`soak figures ${JSON.stringify(figures({ mode, orders, w, outcome, audit: verdict.audit, weatherArmed: tally, wallMs: Date.now() - started }))}\n${formatLog(w.log)}`);
    } finally {
      await w.close();
    }
  }, 3_600_000);
});
