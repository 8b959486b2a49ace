import { readFileSync } from 'node:fs';
import { main } from '../engine/cli/main.js';
import { parseRunSummary } from './ferry-run.js';

/**
 * Child process of the memory benchmark: one `ferry run` through the CLI entry point, alone in its
 * process, with the resident set sampled every SAMPLE_MS. Arguments: scheme, from, to, state path;
 * the sandbox environment comes in through the process environment. Prints one JSON line
 * (`MemoryChildReport`) on stdout when the run ends.
 */

/** What the child reports. */
export interface MemoryChildReport {
  exitCode: number;
  elapsedMs: number;
  /** Highest sampled `process.memoryUsage().rss`, bytes. */
  peakRss: number;
  /** The kernel's high-water mark of the resident set (VmHWM), bytes; 0 where /proc is missing. */
  vmHwm: number;
  /** Highest sampled V8 heap in use, bytes. */
  peakHeapUsed: number;
  /** Resident set at 10 %, 50 % and 90 % of the run's samples, bytes: growth within one run. */
  rssAt: { p10: number; p50: number; p90: number };
  /**
   * Lowest V8 heap in use in the second and in the last tenth of the run, bytes: what survives
   * garbage collection. The peak is mostly collectable garbage; a floor that rises means the run
   * keeps something per record.
   */
  heapFloor: { early: number; late: number };
  read: number;
  written: number;
}

const SAMPLE_MS = 100;

function vmHwmBytes(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function measure(args: string[]): Promise<MemoryChildReport> {
  const [scheme, from, to, state] = args;
  const samples: number[] = [];
  const heap: number[] = [];
  const sample = () => {
    const m = process.memoryUsage();
    samples.push(m.rss);
    heap.push(m.heapUsed);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  let out = '';
  const io = {
    out: (t: string) => {
      out += t;
    },
    err: (t: string) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: false,
  };
  const started = performance.now();
  const exitCode = await main(['node', 'ferry', 'run', scheme ?? '', '--from', from ?? '', '--to', to ?? '', '--state', state ?? ''], io);
  const elapsedMs = performance.now() - started;
  sample();
  clearInterval(timer);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))] ?? 0;
  const floor = (from: number, to: number) => Math.min(...heap.slice(Math.floor(heap.length * from), Math.max(Math.floor(heap.length * from) + 1, Math.floor(heap.length * to))));
  const counts = parseRunSummary(out);
  return {
    exitCode,
    elapsedMs,
    peakRss: Math.max(...samples),
    vmHwm: vmHwmBytes(),
    peakHeapUsed: Math.max(...heap),
    heapFloor: { early: floor(0.1, 0.2), late: floor(0.9, 1) },
    rssAt: { p10: at(0.1), p50: at(0.5), p90: at(0.9) },
    read: counts.read,
    written: counts.written,
  };
}

process.stdout.write(`${JSON.stringify(await measure(process.argv.slice(2)))}\n`);
