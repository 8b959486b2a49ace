/**
 * What every benchmark hands back, and how the driver prints it. A figure is always reported with
 * its limit and the ratio between them, measured in the same run, so a reader never compares a
 * figure with a limit measured on another day or machine.
 */

/** Whether a bigger figure is better (throughput) or a smaller one (time, memory). */
export type Direction = 'higher' | 'lower';

/** One benchmark's outcome; the first five fields are the JSON contract of `npm run bench -- --json`. */
export interface BenchResult {
  name: string;
  figure: number;
  unit: string;
  limit: number;
  /** figure ÷ limit. */
  ratio: number;
  better: Direction;
  /** The ratio the issue asks for: at least this (higher is better) or at most this (lower). */
  target: number;
  /** Whether the ratio meets `target`. */
  ok: boolean;
  /** Supporting measurements (counts, elapsed times, samples) that explain the figure. */
  details: Record<string, number | string>;
}

/** What a benchmark is given by the driver. */
export interface BenchOptions {
  /** The smaller version: every benchmark together in under a minute. */
  quick: boolean;
  /** Progress lines for a human (stderr); never part of the JSON. */
  note(line: string): void;
}

/** A benchmark as the driver runs it. */
export interface Benchmark {
  name: string;
  run(opts: BenchOptions): Promise<BenchResult[]>;
}

/**
 * Builds a result, computing ratio and verdict. `target` defaults to 0.95 for throughput (the
 * issue's "≥ 0.95 of the limit") and 1 for time and memory ("≤ the limit").
 */
export function benchResult(fields: {
  name: string;
  figure: number;
  unit: string;
  limit: number;
  better: Direction;
  target?: number;
  details?: Record<string, number | string>;
}): BenchResult {
  const target = fields.target ?? (fields.better === 'higher' ? 0.95 : 1);
  const ratio = fields.limit === 0 ? Number.NaN : fields.figure / fields.limit;
  const ok = fields.better === 'higher' ? ratio >= target : ratio <= target;
  return { name: fields.name, figure: fields.figure, unit: fields.unit, limit: fields.limit, ratio, better: fields.better, target, ok, details: fields.details ?? {} };
}

/** A number with at most `digits` decimals, trailing zeros dropped. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function cell(value: number): string {
  return Number.isFinite(value) ? String(round(value, value >= 100 ? 1 : 3)) : String(value);
}

/** The human table: one row per result, with the target the ratio is judged against. */
export function formatTable(results: readonly BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    `${cell(r.figure)} ${r.unit}`,
    `${cell(r.limit)} ${r.unit}`,
    cell(r.ratio),
    `${r.better === 'higher' ? '≥' : '≤'} ${r.target}`,
    r.ok ? 'ok' : 'MISSED',
  ]);
  const head = ['benchmark', 'figure', 'limit', 'ratio', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The `details` of each result, one indented line per result, for the human report. */
export function formatDetails(results: readonly BenchResult[]): string {
  return results
    .filter((r) => Object.keys(r.details).length > 0)
    .map((r) => `${r.name}: ${Object.entries(r.details).map(([k, v]) => `${k}=${typeof v === 'number' ? cell(v) : v}`).join(' ')}`)
    .join('\n');
}

/** The JSON contract: `{name, figure, unit, limit, ratio}` plus the verdict fields, per result. */
export function toJson(results: readonly BenchResult[]): string {
  return JSON.stringify(results, null, 2);
}
