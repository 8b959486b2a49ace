// Child process of the memory benchmark: one `ferry run` through the CLI's entry point, alone in
// its process, as users run it — from the esbuild bundle (dist/ferry.mjs), not through tsx, which
// would add its own ~30 MB. Arguments: scheme, from, to, state path; the sandbox environment comes
// in through the process environment. Prints one JSON line (MemoryChildReport in memory-child.ts)
// on stdout when the run ends. Plain JavaScript so that nothing but ferry is loaded. Like
// bin/ferry.mjs it applies ferry's heap setting (configureHeap, FERRY_HEAP_GROWTH) before running.
import { readFileSync } from 'node:fs';
import { configureHeap, main } from '../dist/ferry.mjs';

configureHeap(process.env, 'run');

const SAMPLE_MS = 100;

function vmHwmBytes() {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const num = (text, re) => Number((re.exec(text)?.[1] ?? '0').replace(/,/g, ''));

const [scheme, from, to, state] = process.argv.slice(2);
const samples = [];
const heap = [];
const sample = () => {
  const m = process.memoryUsage();
  samples.push(m.rss);
  heap.push(m.heapUsed);
};
const timer = setInterval(sample, SAMPLE_MS);
let out = '';
const io = {
  out: (t) => {
    out += t;
  },
  err: (t) => void process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  isTTY: false,
};
const started = performance.now();
const exitCode = await main(['node', 'ferry', 'run', scheme, '--from', from, '--to', to, '--state', state], io);
const elapsedMs = performance.now() - started;
sample();
clearInterval(timer);
const at = (q) => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))] ?? 0;
const floor = (a, b) => Math.min(...heap.slice(Math.floor(heap.length * a), Math.max(Math.floor(heap.length * a) + 1, Math.floor(heap.length * b))));
process.stdout.write(
  `${JSON.stringify({
    exitCode,
    elapsedMs,
    peakRss: Math.max(...samples),
    vmHwm: vmHwmBytes(),
    peakHeapUsed: Math.max(...heap),
    heapFloor: { early: floor(0.1, 0.2), late: floor(0.9, 1) },
    rssAt: { p10: at(0.1), p50: at(0.5), p90: at(0.9) },
    read: num(out, /records read ([\d,]+)/),
    written: num(out, /written ([\d,]+)/),
  })}\n`,
);
