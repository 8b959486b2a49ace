import { afterEach, describe, expect, it } from 'vitest';
import { FerryErrors } from '../../engine/errors.js';
import type { StoredBill } from '../../engine/sandbox/k3cloud/types.js';
import { loadScheme } from '../../engine/scheme/load.js';
import type { Scheme } from '../../engine/scheme/types.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { edit, writeScheme } from '../helpers/scheme-fixture.js';

/**
 * `source.window.parallel` end to end: the bundled scheme against both sandboxes, over twelve
 * six-hour windows of two or three small pages each, with a real (not shortened) Qimen budget and
 * pages slow enough that one window read alone cannot use it.
 */

const BUDGET = { perSecond: 20, perMinute: 1_000, maxBanWaitSec: 5 };
/** Timers may fire a little early or late against performance.now(); calls are judged over 1 s less this. */
const TIMER_SLACK_MS = 15;

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/** A harness reading with `parallel` windows at once; records every Qimen call's start and the most in flight at once. */
async function harness(parallel: number, customerId: string): Promise<{ h: Harness; calls: number[]; inFlight: { now: number; most: number } }> {
  const calls: number[] = [];
  const inFlight = { now: 0, most: 0 };
  const observed: typeof fetch = async (input, init) => {
    calls.push(performance.now());
    inFlight.most = Math.max(inFlight.most, ++inFlight.now);
    try {
      return await fetch(input, init);
    } finally {
      inFlight.now--;
    }
  };
  const h = await startHarness({
    // Each harness its own credential: budgets are per credential and process-wide.
    qimen: { orders: 160, latencyMs: 40, customerId },
    editScheme: (s: Scheme) => {
      s.source.window.step = '6h';
      s.source.window.parallel = parallel;
      s.source.paging.size = 10;
      const q = s.connections.jushuitan;
      if (q?.type === 'qimen') q.rateLimit = BUDGET;
    },
    source: { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), fetch: observed },
  });
  open.push(h);
  return { h, calls, inFlight };
}

/** Most calls started within any span of `spanMs`. */
function mostCallsWithin(calls: readonly number[], spanMs: number): number {
  const t = [...calls].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while (t[j]! - t[i]! >= spanMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

/** A bill as the audit compares it: its number, status and entries, without the ids Kingdee hands out in write order. */
function comparable(b: StoredBill) {
  return { number: b.number, status: b.status, entries: b.entries.map(({ FEntryID: _id, ...entry }) => entry) };
}

describe('reading windows in parallel', () => {
  it('parallel 3 writes exactly what parallel 1 writes; the checkpoint only moves forward, over window ends, past settled records; the budget holds', async () => {
    const one = await harness(1, '20000001');
    const three = await harness(3, '20000003');
    const sequential = await one.h.run();
    // An incremental first run over the same range: the same windows, with checkpoints.
    const moves: Array<{ value: string; unsettled: string[] }> = [];
    const setCheckpoint = three.h.store.setCheckpoint.bind(three.h.store);
    three.h.store.setCheckpoint = async (scheme, value, name) => {
      const data = three.h.pair.qimen.data;
      const upTo = Array.from({ length: data.count }, (_, i) => data.at(i)).filter((r) => String(r.modified) <= value).map((r) => String(r.io_id));
      const rows = await three.h.store.getRows(scheme, upTo);
      moves.push({ value, unsettled: upTo.filter((k) => !['written', 'skipped', 'parked'].includes(rows.get(k)?.state ?? 'missing')) });
      return setCheckpoint(scheme, value, name);
    };
    const parallel = await three.h.run({ mode: 'incremental', now: Date.parse('2024-05-04T00:02:00+08:00') });

    expect(parallel.windows).toEqual(sequential.windows);
    expect(parallel.windows).toHaveLength(12);
    expect(parallel.counts).toMatchObject({ read: sequential.counts.read, pages: sequential.counts.pages, written: sequential.counts.written, skipped: sequential.counts.skipped, parked: sequential.counts.parked });
    const bills = (h: Harness) => h.pair.k3.bills().map(comparable).sort((a, b) => a.number.localeCompare(b.number));
    expect(bills(three.h)).toEqual(bills(one.h));
    for (const h of [one.h, three.h]) {
      const audit = await h.audit();
      expect(audit).toMatchObject({ duplicates: 0, unexpected: 0, lost: 0, mismatched: [] });
      expect(audit.bills + audit.parked).toBe(audit.shipped);
    }

    // A batch may settle several windows at once, so the checkpoint can skip ends, never go back.
    const ends = parallel.windows.map((w) => w.end);
    const at = moves.map((m) => ends.indexOf(m.value));
    expect(at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1]!))).toBe(true);
    expect(moves.at(-1)?.value).toBe(ends.at(-1));
    expect(moves.filter((m) => m.unsettled.length)).toEqual([]);

    expect(one.inFlight.most).toBe(1);
    expect(three.inFlight.most).toBeGreaterThan(1);
    expect(three.calls.length).toBeGreaterThan(BUDGET.perSecond);
    expect(mostCallsWithin(three.calls, 1_000 - TIMER_SLACK_MS)).toBeLessThanOrEqual(BUDGET.perSecond);
    expect(mostCallsWithin(one.calls, 1_000 - TIMER_SLACK_MS)).toBeLessThanOrEqual(BUDGET.perSecond);
  });
});

describe('source.window.parallel in a scheme', () => {
  it.each([
    { name: 'parallel 0', value: '0', code: 'SCHEMA_INVALID' },
    { name: 'parallel 9', value: '9', code: 'SCHEMA_INVALID' },
    { name: 'parallel 2.5', value: '2.5', code: 'SCHEMA_TYPE' },
  ])('$name is rejected ($code) at its file, line and column', async ({ value, code }) => {
    const text = edit('    lag: 2m', `    lag: 2m\n    parallel: ${value}`);
    const path = writeScheme(text);
    const problems = await loadScheme(path, { env: {} }).then(
      () => [],
      (e: unknown) => {
        if (e instanceof FerryErrors) return e.problems;
        throw e;
      },
    );
    const line = text.split('\n').findIndex((l) => l.startsWith('    parallel:')) + 1;
    expect(problems.map((p) => ({ code: p.code, file: p.at?.file, line: p.at?.line, col: p.at?.col }))).toContainEqual({
      code,
      file: path,
      line,
      col: '    parallel: '.length + 1,
    });
  });

  it.each([1, 8])('parallel %i loads', async (n) => {
    const loaded = await loadScheme(writeScheme(edit('    lag: 2m', `    lag: 2m\n    parallel: ${n}`)), { env: {} });
    expect(loaded.scheme.source.window.parallel).toBe(n);
  });
});
