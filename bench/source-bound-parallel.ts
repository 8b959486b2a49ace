import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FerryError } from '../engine/errors.js';
import { SANDBOX_CREDENTIALS } from '../engine/sandbox/qimen/server.js';
import type { RateLimits } from '../engine/sources/rate-limit.js';
import { formatWallClock, parseWallClock } from '../engine/sources/wall-clock.js';
import { type TimedRun, timedFerryRun } from './ferry-run.js';
import { callsAllowed, primeBudget } from './primed-budget.js';
import { type BenchOptions, type BenchResult, benchResult, type Benchmark, round } from './result.js';
import { startSandboxProcess } from './sandbox-process.js';
import { writeSchemeCopy } from './scheme-copy.js';

/**
 * Source-bound with slow pages: the whole `ferry run` against a Qimen whose budget is 10/s and
 * 600/min but whose pages take 300 ms, so one window read alone makes at most ~3 calls a second.
 * The scheme reads `source.window.parallel: 8` windows at once through the one budget. The figure
 * is records read per second over the run's wall time; the limit is what the budget allows,
 * 600 calls × 50 records per minute. The same run with `parallel: 1` is measured too and reported
 * in `details`, so the gain is visible.
 *
 * Windows are one hour of ~200 records (4 full pages): a window read ahead holds at most 4 pages
 * (engine/runner/run.ts), so windows of a few pages are read whole before their turn comes. The
 * budget is primed as in source-bound.ts.
 */

const LIMITS: RateLimits = { perSecond: 10, perMinute: 600 };
const PAGE_SIZE = 50;
const LATENCY_MS = 300;
const PARALLEL = 8;
const STEP = '1h';
/**
 * Generated records per hour. Records are spread evenly, so the first of each hour sits on the
 * boundary second shared with the previous window: 196 records, four pages, with room for a burst of records that straddles a boundary (see engine/sandbox/generator.ts).
 */
const PER_HOUR = 195;
const FROM = '2024-05-01 00:00:00';
const ZONE = 'Asia/Shanghai';

/** One variant: its parallelism, how many hours of data it reads, and a credential of its own. */
interface Variant {
  parallel: number;
  hours: number;
  customerId: string;
}

/** A copy of the bundled scheme with this benchmark's budget, window step and parallelism. */
function schemeFor(dir: string, parallel: number): string {
  return writeSchemeCopy({ rateLimit: LIMITS, windowStep: STEP, parallel, name: `source-bound-parallel-${parallel}` }, dir);
}

/** Runs one variant against its own sandbox and primed budget; checks the budget was not exceeded. */
async function measure(v: Variant, dir: string): Promise<{ run: TimedRun; calls: number; allowed: number }> {
  const range = { from: FROM, to: formatWallClock(parseWallClock(FROM, ZONE)! + v.hours * 3_600_000, ZONE) };
  const sandbox = await startSandboxProcess({ qimen: { seed: 7, orders: PER_HOUR * v.hours, ...range, latencyMs: LATENCY_MS, customerId: v.customerId } });
  try {
    const scheme = schemeFor(dir, v.parallel);
    primeBudget(`qimen:${SANDBOX_CREDENTIALS.appKey}:${v.customerId}`, LIMITS, Date.now());
    const run = await timedFerryRun(scheme, range, sandbox.env, join(dir, `state-${v.parallel}.db`));
    const calls = (await sandbox.stats()).qimenRequests;
    const allowed = callsAllowed(run.elapsedMs, LIMITS);
    if (calls > allowed + 1) {
      throw new FerryError('RUN_ABORTED', `source-bound-parallel: ${calls} Qimen calls in ${round(run.elapsedMs)} ms, but the budget allows ${allowed}: the budget was not primed`);
    }
    return { run, calls, allowed };
  } finally {
    await sandbox.close();
  }
}

async function runSourceBoundParallel(opts: BenchOptions): Promise<BenchResult[]> {
  // Hours chosen for ~8 s / ~60 s at the budget with parallel 8 (the run's start and its last
  // windows, read with fewer in flight, cost about a second, so a longer run shows the steady
  // rate better), and ~5 s / ~12 s at parallel 1's pace (only there for the comparison).
  const wide: Variant = { parallel: PARALLEL, hours: opts.quick ? 20 : 150, customerId: '30000004' };
  const narrow: Variant = { parallel: 1, hours: opts.quick ? 4 : 8, customerId: '30000005' };
  const limit = (LIMITS.perMinute * PAGE_SIZE) / 60;
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-'));
  try {
    opts.note(
      `source-bound-parallel: Qimen ${LIMITS.perSecond}/s ${LIMITS.perMinute}/min, ${LATENCY_MS} ms/page, ${STEP} windows of ~${PER_HOUR + 1} records; parallel ${wide.parallel} over ${wide.hours} h, parallel 1 over ${narrow.hours} h`,
    );
    const par = await measure(wide, dir);
    const seq = await measure(narrow, dir);
    const rate = (r: TimedRun) => r.counts.read / (r.elapsedMs / 1000);
    return [
      benchResult({
        name: 'source-bound-parallel',
        figure: rate(par.run),
        unit: 'records/s',
        limit,
        better: 'higher',
        details: {
          parallel: wide.parallel,
          records: par.run.counts.read,
          pages: par.run.counts.pages,
          windows: wide.hours,
          qimenCalls: par.calls,
          callsBudgetAllowed: par.allowed,
          written: par.run.counts.written,
          elapsedS: round(par.run.elapsedMs / 1000),
          parallel1RecordsPerS: round(rate(seq.run)),
          parallel1Ratio: round(rate(seq.run) / limit, 3),
          parallel1Records: seq.run.counts.read,
          parallel1ElapsedS: round(seq.run.elapsedMs / 1000),
          gainOverParallel1: round(rate(par.run) / rate(seq.run)),
        },
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The source-bound benchmark with slow pages, read with parallel windows. */
export const sourceBoundParallel: Benchmark = { name: 'source-bound-parallel', run: runSourceBoundParallel };
