/**
 * The mapping benchmark (issue #6): `node --import tsx bench/mapping.ts [--json] [--quick]`, and
 * `runMappingBench` for `npm run bench` (bench/run.ts).
 *
 * Maps 20,000 seeded sales-outs (2,000 with `--quick`) with the bundled scheme three ways — the
 * engine's mapper with JSONata only, the engine's mapper with compiled expressions (the default),
 * and the hand-written TypeScript of bench/handwritten-saleout.ts — after checking that all three
 * give identical MapResults for every record. Each variant gets a warm-up pass, then five timed
 * passes; the figure is the median pass in µs per record (wall clock; CPU time, steadier on a busy
 * machine, is in the details). The figures, as `{name, figure, unit, limit, ratio}`:
 * - `mapping`: compiled, against issue #6's limit of 20 µs/record;
 * - `mapping-interpreter`: stock JSONata, against 10 × the compiled figure of the same run (so a
 *   ratio ≥ 1 means compiled is at least 10× faster, the issue's other target);
 * - `mapping-handwritten`: the hand-written floor, against the same 20 µs/record.
 */
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { FerryError } from '../engine/errors.js';
import type { EvaluatorChoice } from '../engine/mapping/evaluator.js';
import { compileMapper } from '../engine/mapping/mapper.js';
import type { MapResult } from '../engine/mapping/types.js';
import { type LoadedScheme, loadScheme } from '../engine/scheme/load.js';
import { generateSalesOuts } from './generate.js';
import { createHandwrittenSaleOut } from './handwritten-saleout.js';
import { BUNDLED_SCHEME } from './scheme-copy.js';

/** What the driver passes (bench/run.ts). */
export interface MappingBenchOptions {
  quick?: boolean;
  note?: (line: string) => void;
}

/** One figure in the `{name, figure, unit, limit, ratio}` shape of `npm run bench -- --json`. */
export interface MappingBenchEntry {
  name: string;
  figure: number;
  unit: string;
  limit: number;
  ratio: number;
  better: 'lower' | 'higher';
  target: number;
  details: Record<string, number | string>;
}

/** Issue #6: compiled mapping of one order within 20 µs… */
const LIMIT_US = 20;
/** …and at least 10× faster than JSONata in the same run. */
const MIN_SPEEDUP = 10;
const PASSES = 5;
const SEED = 6;

type MapFn = (record: Record<string, unknown>, key: string) => MapResult | Promise<MapResult>;

interface Variant {
  name: string;
  map: MapFn;
}

/**
 * The engine's mapper. The time limit stays on (JSONata pays for its check on every node) but
 * generous, so a descheduled process on a busy machine does not park a record that is fine.
 */
function engineMapper(loaded: LoadedScheme, evaluator: EvaluatorChoice): MapFn {
  const limits = { timeoutMs: 10_000 };
  const { mapper, problems } = compileMapper({ scheme: loaded.scheme, tables: loaded.tables, locate: () => undefined, evaluator, limits });
  if (!mapper) throw new FerryError('INTERNAL', `bundled scheme did not compile: ${problems.map((p) => p.code).join(', ')}`);
  return (record, key) => mapper.map(record, key);
}

/** Same outcome: equal documents, equal skip reasons, parks with equal code, field and record key. */
function sameResult(a: MapResult, b: MapResult): boolean {
  if (a.kind === 'write' && b.kind === 'write') return isDeepStrictEqual(a.document, b.document);
  if (a.kind === 'skip' && b.kind === 'skip') return a.reason === b.reason;
  if (a.kind === 'park' && b.kind === 'park') {
    return a.error.code === b.error.code && a.error.field === b.error.field && a.error.recordKey === b.error.recordKey;
  }
  return false;
}

async function checkIdentical(variants: Variant[], records: Record<string, unknown>[], keys: string[]): Promise<Record<string, number>> {
  const kinds: Record<string, number> = { write: 0, skip: 0, park: 0 };
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as Record<string, unknown>;
    const key = keys[i] as string;
    const results: MapResult[] = [];
    for (const v of variants) results.push(await v.map(record, key));
    const first = results[0] as MapResult;
    const odd = results.findIndex((r) => !sameResult(first, r));
    if (odd > 0) {
      throw new FerryError('INTERNAL', `${variants[odd]?.name} and ${variants[0]?.name} map record ${key} differently`);
    }
    kinds[first.kind] = (kinds[first.kind] ?? 0) + 1;
  }
  return kinds;
}

interface Timing {
  /** Wall-clock µs per record. */
  wall: number;
  /** CPU µs per record (this process, all threads): steadier than wall time on a busy machine. */
  cpu: number;
}

/** One pass over every record. Synchronous results are not awaited. */
async function pass(map: MapFn, records: Record<string, unknown>[], keys: string[]): Promise<Timing> {
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < records.length; i++) {
    const result = map(records[i] as Record<string, unknown>, keys[i] as string);
    if (result instanceof Promise) await result;
  }
  const wallNs = Number(process.hrtime.bigint() - started);
  const cpu = process.cpuUsage(cpuStart);
  return { wall: wallNs / 1000 / records.length, cpu: (cpu.user + cpu.system) / records.length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** A warm-up pass, then the median of PASSES timed passes. */
async function measure(variant: Variant, records: Record<string, unknown>[], keys: string[]): Promise<Timing> {
  await pass(variant.map, records, keys);
  const samples: Timing[] = [];
  for (let i = 0; i < PASSES; i++) samples.push(await pass(variant.map, records, keys));
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)) };
}

function round(value: number, digits = 2): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

function entry(fields: Omit<MappingBenchEntry, 'ratio'>): MappingBenchEntry {
  return { ...fields, ratio: round(fields.figure / fields.limit, 3) };
}

/** Runs the benchmark; rejects with INTERNAL when the three variants disagree on any record. */
export async function runMappingBench(opts: MappingBenchOptions = {}): Promise<MappingBenchEntry[]> {
  const note = opts.note ?? (() => undefined);
  const count = opts.quick ? 2_000 : 20_000;
  const loaded = await loadScheme(BUNDLED_SCHEME, { env: {}, envMode: 'warn' });
  const records = generateSalesOuts(count, SEED, loaded.scheme.source);
  const keys = records.map((r) => String(r[loaded.scheme.source.key]));
  const variants: Variant[] = [
    { name: 'hand-written', map: createHandwrittenSaleOut({ vars: loaded.scheme.vars ?? {}, tables: loaded.tables }) },
    { name: 'compiled', map: engineMapper(loaded, 'auto') },
    { name: 'interpreter', map: engineMapper(loaded, 'interpreter') },
  ];
  note(`mapping: checking ${count} records map identically three ways`);
  const kinds = await checkIdentical(variants, records, keys);
  const timings: Record<string, Timing> = {};
  for (const v of variants) {
    note(`mapping: timing ${v.name}`);
    timings[v.name] = await measure(v, records, keys);
  }
  const time = (name: string) => timings[name] ?? { wall: Number.NaN, cpu: Number.NaN };
  const [hand, compiled, interpreter] = [time('hand-written').wall, time('compiled').wall, time('interpreter').wall];
  const details = {
    records: count,
    written: kinds.write ?? 0,
    skipped: kinds.skip ?? 0,
    parked: kinds.park ?? 0,
    'interpreter÷compiled': round(interpreter / compiled, 1),
    'compiled÷hand-written': round(compiled / hand, 1),
    'cpu µs compiled': round(time('compiled').cpu),
    'cpu µs interpreter': round(time('interpreter').cpu),
    'cpu µs hand-written': round(time('hand-written').cpu),
  };
  return [
    entry({ name: 'mapping', figure: round(compiled), unit: 'µs/record', limit: LIMIT_US, better: 'lower', target: 1, details }),
    entry({ name: 'mapping-interpreter', figure: round(interpreter), unit: 'µs/record', limit: round(compiled * MIN_SPEEDUP), better: 'higher', target: 1, details: { 'interpreter÷compiled': details['interpreter÷compiled'] } }),
    entry({ name: 'mapping-handwritten', figure: round(hand), unit: 'µs/record', limit: LIMIT_US, better: 'lower', target: 1, details: { 'compiled÷hand-written': details['compiled÷hand-written'] } }),
  ];
}

const LABELS: Readonly<Record<string, string>> = {
  mapping: 'compiled (engine mapper)',
  'mapping-interpreter': 'JSONata (engine mapper)',
  'mapping-handwritten': 'hand-written TypeScript',
};

function table(entries: MappingBenchEntry[]): string {
  const hand = entries.find((e) => e.name === 'mapping-handwritten')?.figure ?? Number.NaN;
  const rows = [
    ['variant', 'µs/record', 'records/s', '× hand-written'],
    ...entries.map((e) => [LABELS[e.name] ?? e.name, e.figure.toFixed(2), Math.round(1e6 / e.figure).toLocaleString('en'), (e.figure / hand).toFixed(1)]),
  ];
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, quick: { type: 'boolean' } } });
  const entries = await runMappingBench({ quick: values.quick, note: (line) => void process.stderr.write(`${line}\n`) });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(entries.map(({ name, figure, unit, limit, ratio }) => ({ name, figure, unit, limit, ratio })), null, 2)}\n`);
    return;
  }
  const compiled = entries[0] as MappingBenchEntry;
  process.stdout.write(`${table(entries)}\n\n`);
  process.stdout.write(`compiled ${compiled.figure} µs/record (limit ${LIMIT_US}); ${Object.entries(compiled.details).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`bench/mapping: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
