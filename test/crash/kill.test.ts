import { describe, expect, it } from 'vitest';
import type { K3SandboxOptions } from '../../engine/sandbox/k3cloud/types.js';
import type { QimenSandboxOptions } from '../../engine/sandbox/qimen/server.js';
import { CHECKPOINT_POINTS, coveringPlan, crashSeed, type Kill, randomPlan, READ_POINTS, WRITE_POINTS } from './kill-plan.js';
import { writableBillNos } from './data.js';
import { executePlan } from './scenario.js';
import { expectExactlyOnce, expectExtraRunsWriteNothing, extraRuns, ioIdOf, verifyWorld } from './verify.js';
import { type CrashWorld, formatLog, type RunMode, startWorld, type WorldOptions } from './world.js';

/**
 * The real CLI, SIGKILLed at chosen points of the write protocol and at random moments, against
 * both sandboxes; after each kill the next run resumes, and the independent audit must find every
 * shipped sales-out exactly once in Kingdee (or parked with its reason). Replay a failure with
 * the printed seed: FERRY_CRASH_SEED=<n> npx vitest run test/crash/kill.test.ts
 */

const SEED = crashSeed();
/**
 * Small data: a few pages per run at the bundled scheme's 5 Qimen calls a second. A covering plan
 * kills three runs at their first write, each of which may leave two concurrent batches of 50
 * written: at least six batches must be left for the last of them. The fault cases do with less.
 */
const ORDERS = 400;
const FAULT_ORDERS = 150;
const DAYS = 3;
const OUTSIDE_MS = [300, 1_800] as const;

/** Starts a world, gives it to `fn`, and always closes it. */
async function inWorld<T>(options: WorldOptions, fn: (w: CrashWorld) => Promise<T>): Promise<T> {
  const w = await startWorld(options);
  try {
    return await fn(w);
  } finally {
    await w.close();
  }
}

/** The seed and every run so far: enough to understand (and replay) a failure. */
const why = (w: CrashWorld) => `FERRY_CRASH_SEED=${SEED} state ${w.statePath}\n${formatLog(w.log)}`;

/**
 * Runs the plan, then audits: complete, nothing lost or twice, `fired` (the case's own checks,
 * made before the extra runs calm the faults), and one more run writes nothing.
 */
async function killAndAudit(w: CrashWorld, mode: RunMode, plan: Kill[], opts: { rearmAtFirst?: boolean; fired?: (w: CrashWorld) => Promise<void> | void } = {}) {
  const outcome = await executePlan(w, plan, { rearmAtFirst: opts.rearmAtFirst ?? false });
  expect(outcome.broken, why(w)).toEqual([]);
  expect([0, 3], why(w)).toContain(outcome.completedWith);
  expectExactlyOnce(await verifyWorld(w), why(w));
  await opts.fired?.(w);
  const extra = await extraRuns(w, mode);
  expectExtraRunsWriteNothing(extra, why(w));
  return outcome;
}

// Scenarios are independent worlds (own servers, own state file): they run side by side.
describe.concurrent('SIGKILL of `ferry run` at every point of the write protocol', () => {
  it.each([
    {
      name: 'incremental runs: fetching, writing, settling and advancing the checkpoint',
      mode: 'incremental' as const,
      salt: 1,
      // An empty window yields no page: once the data is read, incremental runs reach no page-read.
      early: [...WRITE_POINTS, ...READ_POINTS],
      always: CHECKPOINT_POINTS,
    },
    { name: 'backfill --from/--to: fetching, writing and settling', mode: 'backfill' as const, salt: 2, early: WRITE_POINTS, always: READ_POINTS },
  ])('$name', ({ mode, salt, early, always }) =>
    inWorld({ dataSeed: SEED + salt, mode, orders: ORDERS, days: DAYS }, async (w) => {
      const plan = coveringPlan(SEED + salt, { early, always, maxNth: 3, outside: 2, outsideMs: OUTSIDE_MS });
      const outcome = await killAndAudit(w, mode, plan, { rearmAtFirst: true });
      // Every named point really killed a run (an outside kill may come after its run finished).
      expect(Object.keys(outcome.killedAt).filter((k) => k !== 'outside').sort(), why(w)).toEqual([...early, ...always].sort());
    }),
  120_000);
});

interface FaultCase {
  name: string;
  salt: number;
  qimen?: Pick<QimenSandboxOptions, 'faults'>;
  k3?: K3SandboxOptions;
  /** Orders generated; default FAULT_ORDERS. */
  orders?: number;
  /** Arms faults that need the world (its data) before the first run. */
  arm?: (w: CrashWorld) => void;
  /** The fault really happened at least once (so the case fails when the fault is not exercised). */
  fired: (w: CrashWorld) => Promise<void> | void;
}

describe.concurrent('faults of both APIs in child processes, each with a seeded kill', () => {
  const cases: FaultCase[] = [
    {
      name: 'Kingdee session expiry every 3 calls',
      salt: 11,
      k3: { faults: { expireSessionEvery: 3 } },
      // More sessions than runs: some run logged in again mid-run.
      fired: (w) => expect(w.pair.k3.stats.sessionsCreated).toBeGreaterThan(w.log.length),
    },
    {
      name: 'Kingdee commits, then the connection drops (commit-then-timeout)',
      salt: 12,
      k3: { faults: { commitThenDropNext: 2 } },
      fired: (w) => expect(w.pair.k3.faults.commitThenDropNext).toBeLessThan(2),
    },
    {
      name: 'Qimen rate-limit ban',
      salt: 13,
      qimen: { faults: { ban: { nextN: 2, seconds: 1 } } },
      fired: (w) => expect(w.pair.qimen.faults.ban?.nextN).toBeLessThan(2),
    },
    {
      name: 'partial batch failure: some bills of a BatchSave rejected',
      salt: 14,
      arm: (w) => {
        w.pair.k3.faults.rejectBillNos = writableBillNos(w, 3, SEED + 14);
      },
      fired: async (w) => {
        const rejected = w.pair.k3.faults.rejectBillNos ?? [];
        expect(rejected).toHaveLength(3);
        expect(w.pair.k3.bills().filter((b) => rejected.includes(b.number))).toEqual([]);
        const rows = await w.withStore((s) => s.getRows(w.scheme, rejected.map(ioIdOf)));
        for (const row of rows.values()) expect({ state: row.state, code: row.lastError?.code }).toEqual({ state: 'parked', code: 'TARGET_REJECTED' });
        expect(rows.size).toBe(3);
      },
    },
    {
      name: 'records modified while paging',
      salt: 15,
      // Page 2 exists only in windows of more than 50 records: more data than the other cases.
      orders: ORDERS,
      qimen: { faults: { shiftWhilePaging: { atPage: 2, count: 5, placement: 'windowEnd', times: 2 } } },
      fired: (w) => expect(w.pair.qimen.faults.shiftWhilePaging?.times).toBeLessThan(2),
    },
  ];

  it.each(cases)('$name', ({ salt, orders, qimen, k3, arm, fired }) =>
    inWorld({ dataSeed: SEED + salt, mode: 'backfill', orders: orders ?? FAULT_ORDERS, days: DAYS, ...(qimen && { qimen }), ...(k3 && { k3 }) }, async (w) => {
      arm?.(w);
      const points = [...READ_POINTS, ...WRITE_POINTS].map((p) => [p, 2] as const);
      const plan = randomPlan(SEED + salt, { kills: 1, points, outsideShare: 0.25, outsideMs: OUTSIDE_MS });
      await killAndAudit(w, 'backfill', plan, { fired });
    }),
  90_000);
});

describe('two concurrent runs of one scheme', () => {
  it('one holds the run lock; the other exits 1 with STATE_LOCKED and writes nothing; the audit stays clean', () =>
    // Slow Qimen answers keep the winner inside its run (holding the lock) until the loser is gone.
    inWorld({ dataSeed: SEED + 21, mode: 'backfill', orders: FAULT_ORDERS, days: DAYS, qimen: { faults: { latencyMs: 1_000 } } }, async (w) => {
      const runs = [w.run(undefined, { label: 'concurrent A' }), w.run(undefined, { label: 'concurrent B' })];
      const first = await Promise.race(runs);
      w.pair.qimen.faults.latencyMs = 0;
      const [a, b] = await Promise.all(runs);
      const loser = [a!, b!].find((r) => r.code === 1);
      const winner = [a!, b!].find((r) => r !== loser);
      expect(first, why(w)).toBe(loser);
      expect(loser?.stderr, why(w)).toContain('STATE_LOCKED');
      // Refused at the lock: it never started a run, so it has no summary to print.
      expect(loser?.stdout.trim(), why(w)).toBe('');
      expect([0, 3], why(w)).toContain(winner?.code);
      expectExactlyOnce(await verifyWorld(w), why(w));
      const extra = await extraRuns(w, 'backfill');
      expectExtraRunsWriteNothing(extra, why(w));
    }), 60_000);
});
