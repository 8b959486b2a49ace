import { describe, expect, it } from 'vitest';
import { parseRunSummary } from '../../bench/ferry-run.js';
import { benchResult, formatTable, toJson } from '../../bench/result.js';
import { callsAllowed, primeBudget } from '../../bench/primed-budget.js';
import { emptyCounts } from '../../engine/runner/types.js';
import { renderSummary } from '../../engine/cli/summary.js';
import { RateBudgetRegistry } from '../../engine/sources/rate-limit.js';

describe('benchResult: ratio and verdict', () => {
  it.each([
    { name: 'throughput at 96% of its limit meets ≥ 0.95', figure: 192, limit: 200, better: 'higher' as const, ratio: 0.96, ok: true },
    { name: 'throughput at 94% misses', figure: 188, limit: 200, better: 'higher' as const, ratio: 0.94, ok: false },
    { name: 'time under its limit meets ≤ 1', figure: 270, limit: 300, better: 'lower' as const, ratio: 0.9, ok: true },
    { name: 'time over its limit misses', figure: 330, limit: 300, better: 'lower' as const, ratio: 1.1, ok: false },
    { name: 'memory exactly at its limit meets', figure: 200, limit: 200, better: 'lower' as const, ratio: 1, ok: true },
  ])('$name', ({ figure, limit, better, ratio, ok }) => {
    const r = benchResult({ name: 'x', figure, unit: 'u', limit, better });
    expect(r.ratio).toBeCloseTo(ratio, 10);
    expect(r.ok).toBe(ok);
    expect(r.target).toBe(better === 'higher' ? 0.95 : 1);
  });

  it('an explicit target replaces the default', () => {
    expect(benchResult({ name: 'x', figure: 90, unit: 'u', limit: 100, better: 'higher', target: 0.9 }).ok).toBe(true);
    expect(benchResult({ name: 'x', figure: 89, unit: 'u', limit: 100, better: 'higher', target: 0.9 }).ok).toBe(false);
  });

  it('the JSON carries name, figure, unit, limit and ratio for every result', () => {
    const results = [benchResult({ name: 'a', figure: 1, unit: 'ms', limit: 2, better: 'lower' })];
    expect(JSON.parse(toJson(results))).toEqual([expect.objectContaining({ name: 'a', figure: 1, unit: 'ms', limit: 2, ratio: 0.5 })]);
  });

  it('the table marks a missed target and keeps passing rows plain', () => {
    const table = formatTable([
      benchResult({ name: 'fast', figure: 100, unit: 'ms', limit: 300, better: 'lower' }),
      benchResult({ name: 'slow', figure: 450, unit: 'ms', limit: 300, better: 'lower' }),
    ]);
    const rows = table.split('\n');
    expect(rows.find((l) => l.startsWith('fast'))).toMatch(/ok$/);
    expect(rows.find((l) => l.startsWith('slow'))).toMatch(/MISSED$/);
  });
});

describe('parseRunSummary reads the counts ferry run prints', () => {
  it.each([
    { name: 'a complete run', exitCode: 0, counts: { pages: 12, read: 600, written: 480, skipped: 100, parked: 0, retried: 2 } },
    { name: 'thousands separators', exitCode: 3, counts: { pages: 20_001, read: 1_000_000, written: 764_210, skipped: 201_000, parked: 34_790, retried: 0 } },
  ])('$name', ({ exitCode, counts }) => {
    const text = renderSummary('s', { exitCode, counts: { ...emptyCounts(), ...counts }, windows: [], parkedByCode: {} });
    expect(parseRunSummary(text)).toEqual({ pages: counts.pages, read: counts.read, written: counts.written, skipped: counts.skipped, parked: counts.parked, retries: counts.retried });
  });

  it('a text without a summary yields NaN, not zero', () => {
    expect(parseRunSummary('ferry: internal error').read).toBeNaN();
  });
});

describe('a primed Qimen budget is in its steady state', () => {
  const limits = { perSecond: 5, perMinute: 100 };

  it('lets the first call go at once and each later one a per-minute gap after the previous', () => {
    const registry = new RateBudgetRegistry();
    primeBudget('qimen:k:c', limits, 1_000_000, registry);
    const budget = registry.get('qimen:k:c', limits);
    expect([budget.reserve(1_000_000), budget.reserve(1_000_000), budget.reserve(1_000_000)]).toEqual([0, 600, 1_200]);
  });

  it('leaves other credentials alone', () => {
    const registry = new RateBudgetRegistry();
    primeBudget('qimen:k:c', limits, 1_000_000, registry);
    const other = registry.get('qimen:k:other', limits);
    expect(Array.from({ length: 5 }, () => other.reserve(1_000_000))).toEqual([0, 0, 0, 0, 0]);
  });

  it.each([
    { name: 'no time: the first call only', ms: 0, calls: 1 },
    { name: 'just short of a gap', ms: 599, calls: 1 },
    { name: 'one minute', ms: 60_000, calls: 101 },
  ])('callsAllowed: $name', ({ ms, calls }) => {
    expect(callsAllowed(ms, limits)).toBe(calls);
  });
});
