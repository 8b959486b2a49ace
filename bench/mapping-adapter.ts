import { pathToFileURL } from 'node:url';
import { FerryError } from '../engine/errors.js';
import { type BenchResult, benchResult, type Benchmark, type Direction } from './result.js';

/**
 * Bridges to the mapping benchmark another engineer writes in bench/mapping.ts. Its contract is
 * only `export async function runMappingBench(opts)`; what it resolves to is checked here rather
 * than trusted: one `{name, figure, unit, limit, ratio}` object or an array of them.
 */

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One mapping result as the driver's BenchResult; throws INTERNAL when a field is missing. */
export function toBenchResult(raw: unknown): BenchResult {
  if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.figure !== 'number' || typeof raw.limit !== 'number' || typeof raw.unit !== 'string') {
    throw new FerryError('INTERNAL', `bench/mapping.ts: runMappingBench returned ${JSON.stringify(raw)}; expected {name, figure, unit, limit, ratio}`);
  }
  // Time per order and the like are "lower is better"; a rate ("/s") is "higher is better".
  const better: Direction = raw.better === 'higher' || raw.better === 'lower' ? raw.better : /\/s$/.test(raw.unit) ? 'higher' : 'lower';
  const details: Record<string, number | string> = {};
  if (isRecord(raw.details)) {
    for (const [k, v] of Object.entries(raw.details)) if (typeof v === 'number' || typeof v === 'string') details[k] = v;
  }
  return benchResult({
    name: raw.name,
    figure: raw.figure,
    unit: raw.unit,
    limit: raw.limit,
    better,
    ...(typeof raw.target === 'number' && { target: raw.target }),
    details,
  });
}

/**
 * The mapping benchmark, when `path` exists and exports `runMappingBench`; undefined otherwise
 * (the driver notes the skip). `exists` is injected so the check is testable without the file.
 */
export async function mappingBenchmark(path: string, exists: (p: string) => boolean): Promise<Benchmark | undefined> {
  if (!exists(path)) return undefined;
  const mod: unknown = await import(pathToFileURL(path).href);
  const fn = isRecord(mod) ? mod.runMappingBench : undefined;
  if (typeof fn !== 'function') return undefined;
  return {
    name: 'mapping',
    async run(opts) {
      const out: unknown = await fn({ quick: opts.quick, note: opts.note });
      return (Array.isArray(out) ? out : [out]).map(toBenchResult);
    },
  };
}
