import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_CREDENTIALS } from '../engine/sandbox/qimen/server.js';
import type { RateLimits } from '../engine/sources/rate-limit.js';
import { FerryError } from '../engine/errors.js';
import { timedFerryRun } from './ferry-run.js';
import { callsAllowed, primeBudget } from './primed-budget.js';
import { type BenchOptions, type BenchResult, benchResult, type Benchmark, round } from './result.js';
import { startSandboxProcess } from './sandbox-process.js';
import { writeSchemeCopy } from './scheme-copy.js';

/**
 * Source-bound run: the whole `ferry run` against the sandbox with the Qimen limits on (5/s,
 * 100/min, 50 per page, 80 ms per page) and a Kingdee that answers at once. The figure is records
 * read per second over the run's wall time; the limit is what the budget allows at most,
 * 100 calls × 50 records per minute.
 *
 * The budget is primed to its steady state before the run (the previous minute full of calls
 * 600 ms apart). A cold budget would let the first 100 calls out in 20 s and make any run shorter
 * than several minutes look faster than the budget; primed, the run sees exactly the rate a
 * long-running ferry sees, so a two-minute run measures what a two-hour run would.
 */

const LIMITS: RateLimits = { perSecond: 5, perMinute: 100 };
const PAGE_SIZE = 50;
const LATENCY_MS = 80;
/** A credential no other benchmark in this process uses: the budget registry is process-wide. */
const CUSTOMER_ID = '30000001';
/** Records per day of generated data: dense enough for full pages, below the scheme's `bisectAbove` (5,000). */
const PER_DAY_FULL = 4_900;

async function runSourceBound(opts: BenchOptions): Promise<BenchResult[]> {
  const days = opts.quick ? 1 : 2;
  const orders = opts.quick ? 750 : PER_DAY_FULL * days;
  const range = { from: '2024-05-01 00:00:00', to: `2024-05-0${1 + days} 00:00:00` };
  const sandbox = await startSandboxProcess({ qimen: { seed: 7, orders, ...range, latencyMs: LATENCY_MS, customerId: CUSTOMER_ID } });
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
  try {
    const scheme = writeSchemeCopy({ rateLimit: LIMITS }, dir);
    opts.note(`source-bound: ${orders} orders, Qimen ${LIMITS.perSecond}/s ${LIMITS.perMinute}/min, ${LATENCY_MS} ms/page (~${round((orders / PAGE_SIZE) * 0.6, 0)} s)`);
    primeBudget(`qimen:${SANDBOX_CREDENTIALS.appKey}:${CUSTOMER_ID}`, LIMITS, Date.now());
    const run = await timedFerryRun(scheme, range, sandbox.env, join(dir, 'state.db'));
    const calls = (await sandbox.stats()).qimenRequests;
    const allowed = callsAllowed(run.elapsedMs, LIMITS);
    if (calls > allowed + 1) {
      // More calls than a primed budget allows means the priming missed the connector's budget.
      throw new FerryError('RUN_ABORTED', `source-bound: ${calls} Qimen calls in ${round(run.elapsedMs)} ms, but the budget allows ${allowed}: the budget was not primed`);
    }
    const perSecond = run.counts.read / (run.elapsedMs / 1000);
    const limit = (LIMITS.perMinute * PAGE_SIZE) / 60;
    return [
      benchResult({
        name: 'source-bound',
        figure: perSecond,
        unit: 'records/s',
        limit,
        better: 'higher',
        details: {
          records: run.counts.read,
          pages: run.counts.pages,
          qimenCalls: calls,
          callsBudgetAllowed: allowed,
          recordsPerCall: round(run.counts.read / calls),
          written: run.counts.written,
          elapsedS: round(run.elapsedMs / 1000),
        },
      }),
    ];
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The source-bound benchmark. */
export const sourceBound: Benchmark = { name: 'source-bound', run: runSourceBound };
