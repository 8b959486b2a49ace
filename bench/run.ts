import { existsSync } from 'node:fs';
import { arch, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FerryError } from '../engine/errors.js';
import { coldStart } from './cold-start.js';
import { mappingBenchmark } from './mapping-adapter.js';
import { memory } from './memory.js';
import { type Benchmark, type BenchResult, formatDetails, formatTable, round, toJson } from './result.js';
import { sourceBound } from './source-bound.js';
import { sourceBoundParallel } from './source-bound-parallel.js';
import { targetBound } from './target-bound.js';

/**
 * `npm run bench [-- --json] [--quick] [--only <name>…]`: runs the run-level benchmarks of issue
 * #6 (and the mapping benchmark when bench/mapping.ts provides it), prints each figure with its
 * limit and ratio, and exits 1 when any ratio misses its target (2 for bad arguments). Progress
 * goes to stderr, so `--json` output on stdout stays machine-readable.
 */

const BENCHMARKS: readonly Benchmark[] = [sourceBound, sourceBoundParallel, targetBound, memory, coldStart];

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${arch()}, Node ${process.versions.node}`;
}

async function selected(only: readonly string[], note: (line: string) => void): Promise<Benchmark[]> {
  const mapping = await mappingBenchmark(fileURLToPath(new URL('./mapping.ts', import.meta.url)), existsSync);
  if (!mapping) note('mapping: bench/mapping.ts does not export runMappingBench(opts) yet; skipped');
  const all = mapping ? [mapping, ...BENCHMARKS] : [...BENCHMARKS];
  if (!only.length) return all;
  const unknown = only.filter((n) => !all.some((b) => b.name === n));
  if (unknown.length) {
    throw new FerryError('USAGE', `unknown benchmark ${unknown.join(', ')}; expected one of: ${all.map((b) => b.name).join(', ')}`);
  }
  return all.filter((b) => only.includes(b.name));
}

async function main(argv: string[]): Promise<number> {
  let values: { json: boolean; quick: boolean; only?: string[] };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false }, only: { type: 'string', multiple: true } },
    }));
  } catch (e) {
    throw new FerryError('USAGE', `${e instanceof Error ? e.message : String(e)}; usage: npm run bench -- [--json] [--quick] [--only <name>[,<name>…]]`, { cause: e });
  }
  const note = (line: string) => void process.stderr.write(`${line}\n`);
  const benches = await selected((values.only ?? []).flatMap((o) => o.split(',')), note);
  const results: BenchResult[] = [];
  const started = performance.now();
  for (const bench of benches) {
    // Timings mean little on a loaded machine: each result says how loaded it was.
    const before = loadavg()[0] ?? 0;
    const out = await bench.run({ quick: values.quick, note });
    const load = round(Math.max(before, loadavg()[0] ?? 0), 2);
    results.push(...out.map((r) => ({ ...r, details: { ...r.details, loadAvg1m: load } })));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (values.json) {
    process.stdout.write(`${toJson(results)}\n`);
  } else {
    process.stdout.write(`\n${formatTable(results)}\n\n${formatDetails(results)}\n\nmachine: ${machine()}\n${values.quick ? 'quick' : 'full'} run, ${seconds} s\n`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = e instanceof FerryError && e.fault === 'user' ? 2 : 1;
}
