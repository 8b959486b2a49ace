import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timedFerryRun } from './ferry-run.js';
import { type BenchOptions, type BenchResult, benchResult, type Benchmark, round } from './result.js';
import { startSandboxProcess } from './sandbox-process.js';
import { writeSchemeCopy } from './scheme-copy.js';

/**
 * Target-bound run: the whole `ferry run` with a Qimen that answers at once and no call budget to
 * speak of, into a sandbox Kingdee that takes 1 s per BatchSave of 50 and answers MsgCode 14 (call
 * limit) to more than N saves at a time; the scheme's `target.concurrency` is N. The figure is
 * bills written per second over the run's wall time (start-up and the last, partly filled wave of
 * saves included); the limit is N × 50 bills per second.
 */

/** Concurrent BatchSave calls the sandbox allows and the scheme uses. */
const TARGET_CONCURRENCY = 4;
const SAVE_LATENCY_MS = 1_000;
const BATCH = 50;
/** A credential of its own: the Qimen budget registry is process-wide and first limits win. */
const CUSTOMER_ID = '30000002';
/** Generated orders per bill written: about 77% become bills (the rest are filtered out or park). */
const ORDERS_PER_BILL = 1.3;

async function runTargetBound(opts: BenchOptions): Promise<BenchResult[]> {
  const n = TARGET_CONCURRENCY;
  const seconds = opts.quick ? 6 : 60;
  const orders = Math.round(seconds * n * BATCH * ORDERS_PER_BILL);
  const range = { from: '2024-05-01 00:00:00', to: '2024-05-04 00:00:00' };
  const sandbox = await startSandboxProcess({
    qimen: { seed: 5, orders, ...range, customerId: CUSTOMER_ID },
    k3: { saveLatencyMs: SAVE_LATENCY_MS, maxConcurrentSaves: n },
  });
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
  try {
    const scheme = writeSchemeCopy({ rateLimit: { perSecond: 100_000, perMinute: 6_000_000 }, concurrency: n, batchSize: BATCH }, dir);
    opts.note(`target-bound: ${orders} orders, Kingdee ${SAVE_LATENCY_MS} ms per BatchSave of ${BATCH}, ${n} concurrent (~${seconds} s)`);
    const run = await timedFerryRun(scheme, range, sandbox.env, join(dir, 'state.db'));
    const stats = await sandbox.stats();
    const saves = stats.k3Calls.BatchSave ?? 0;
    const perSecond = stats.k3Saves / (run.elapsedMs / 1000);
    return [
      benchResult({
        name: 'target-bound',
        figure: perSecond,
        unit: 'bills/s',
        limit: (n * BATCH * 1000) / SAVE_LATENCY_MS,
        better: 'higher',
        details: {
          concurrency: n,
          bills: stats.k3Saves,
          batchSaveCalls: saves,
          billsPerCall: round(stats.k3Saves / Math.max(1, saves)),
          retries: run.counts.retries,
          recordsRead: run.counts.read,
          parked: run.counts.parked,
          elapsedS: round(run.elapsedMs / 1000),
          idealS: round((stats.k3Saves / (n * BATCH)) * (SAVE_LATENCY_MS / 1000)),
        },
      }),
    ];
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The target-bound benchmark. */
export const targetBound: Benchmark = { name: 'target-bound', run: runTargetBound };
