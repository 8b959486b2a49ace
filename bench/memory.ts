import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FerryError } from '../engine/errors.js';
import type { MemoryChildReport } from './memory-child.js';
import { type BenchOptions, type BenchResult, benchResult, type Benchmark, round } from './result.js';
import { startSandboxProcess } from './sandbox-process.js';
import { writeSchemeCopy } from './scheme-copy.js';

/**
 * Memory: the peak resident set of a `ferry run` over 1,000,000 generated orders, and whether it
 * grows with volume (the same run over 100,000). Each run is alone in a child process
 * (memory-child.ts); the sandboxes run in another (the sandbox Kingdee would keep every bill, so
 * BatchSave is answered by the lean front, lean-k3.ts). Volume grows with history, not density:
 * both runs read 4,000 orders a day, the big one over ten times as many days, so what is compared
 * is what a run accumulates, not how full one window is.
 */

const MB = 1024 * 1024;
const PEAK_LIMIT_MB = 200;
const GROWTH_LIMIT = 1.1;
const PER_DAY = 4_000;
const CHILD = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));

/** `yyyy-MM-dd 00:00:00` of 2024-01-01 plus `days`. */
function dayText(days: number): string {
  return `${new Date(Date.UTC(2024, 0, 1 + days)).toISOString().slice(0, 10)} 00:00:00`;
}

/** The child runs the CLI bundle as users do; build it first so it matches the sources. */
function buildBundle(): void {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
  if (r.status !== 0) throw new FerryError('RUN_ABORTED', `building dist/ferry.mjs failed: ${r.stderr}`);
}

function runChild(args: string[], env: Record<string, string>): Promise<MemoryChildReport> {
  buildBundle();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], {
      env: { ...process.env, FERRY_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as MemoryChildReport);
      } catch (e) {
        reject(new FerryError('RUN_ABORTED', `memory child exited ${code} without a report: ${out.slice(-500)}`, { cause: e }));
      }
    });
  });
}

/** One measured run over `orders` generated orders. */
async function measuredRun(orders: number, note: (line: string) => void): Promise<MemoryChildReport> {
  const days = Math.ceil(orders / PER_DAY);
  const range = { from: dayText(0), to: dayText(days) };
  const sandbox = await startSandboxProcess({ qimen: { seed: 3, orders, ...range, customerId: '30000003' }, leanSaves: true });
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-mem-'));
  try {
    const scheme = writeSchemeCopy({ rateLimit: { perSecond: 100_000, perMinute: 6_000_000 } }, dir);
    note(`memory: ferry run over ${orders.toLocaleString('en-US')} orders (${days} days) in a child process…`);
    const report = await runChild([scheme, range.from, range.to, join(dir, 'state.db')], sandbox.env);
    if (report.exitCode !== 0 && report.exitCode !== 3) throw new FerryError('RUN_ABORTED', `memory run over ${orders} orders exited ${report.exitCode}`);
    note(`  ${orders}: peak RSS ${round(report.vmHwm / MB, 1)} MB, ${round(report.elapsedMs / 1000, 1)} s, ${report.read} read, ${report.written} written`);
    return report;
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const peakOf = (r: MemoryChildReport) => Math.max(r.vmHwm, r.peakRss);

async function runMemory(opts: BenchOptions): Promise<BenchResult[]> {
  const big = opts.quick ? 15_000 : 1_000_000;
  const small = big / 10;
  const smallRun = await measuredRun(small, opts.note);
  const bigRun = await measuredRun(big, opts.note);
  const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
  const mb = (bytes: number) => round(bytes / MB, 1);
  return [
    benchResult({
      name: `memory-peak-${label(big)}`,
      figure: peakOf(bigRun) / MB,
      unit: 'MB',
      limit: PEAK_LIMIT_MB,
      better: 'lower',
      details: {
        orders: big,
        read: bigRun.read,
        written: bigRun.written,
        elapsedS: round(bigRun.elapsedMs / 1000, 1),
        peakHeapUsedMB: mb(bigRun.peakHeapUsed),
        rssAt10pctMB: mb(bigRun.rssAt.p10),
        rssAt50pctMB: mb(bigRun.rssAt.p50),
        rssAt90pctMB: mb(bigRun.rssAt.p90),
        heapFloorEarlyMB: mb(bigRun.heapFloor.early),
        heapFloorLateMB: mb(bigRun.heapFloor.late),
      },
    }),
    benchResult({
      name: `memory-growth-${label(small)}-to-${label(big)}`,
      figure: peakOf(bigRun) / peakOf(smallRun),
      unit: '×',
      limit: GROWTH_LIMIT,
      better: 'lower',
      details: {
        smallPeakMB: mb(peakOf(smallRun)),
        bigPeakMB: mb(peakOf(bigRun)),
        smallHeapFloorLateMB: mb(smallRun.heapFloor.late),
        bigHeapFloorLateMB: mb(bigRun.heapFloor.late),
        smallElapsedS: round(smallRun.elapsedMs / 1000, 1),
      },
    }),
  ];
}

/** The memory benchmark. */
export const memory: Benchmark = { name: 'memory', run: runMemory };
