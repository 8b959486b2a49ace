import type { SalesOutRecord } from '../generator.js';
import type { ChangedRecord, SalesOutStore } from './store.js';

/**
 * One time-window query over the store, ordered by (time, index) — a stable order, like a
 * database sorting by modified time. Generated times are non-decreasing in the index, so the
 * unchanged records of a window are an index range minus the changed ones; changed records are
 * merged in by their own time. Without a status filter a page is found by arithmetic (cheap even
 * deep into a million records); with one the window is scanned.
 */

/** Which records: `field` within [startMs, endMs] (both inclusive), optionally of some statuses. */
export interface WindowQuery {
  field: 'modified' | 'io_date';
  startMs: number;
  endMs: number;
  statuses?: readonly string[];
}

/** The window's size and a way to read a page of it. */
export interface WindowView {
  total: number;
  slice(offset: number, limit: number): SalesOutRecord[];
}

interface Setup {
  store: SalesOutStore;
  lo: number;
  hi: number;
  /** Changed indices inside [lo, hi): no longer at their generated place. */
  removed: number[];
  /** Changed records whose current time is in the window, ordered by (time, index). */
  extras: ChangedRecord[];
  timeOf: (c: ChangedRecord) => number;
}

function setup(store: SalesOutStore, q: WindowQuery): Setup {
  const gen = store.generator;
  const timeOf = (c: ChangedRecord): number => (q.field === 'modified' ? c.modifiedMs : c.ioDateMs);
  // Generated io_date equals the generated modified time, so one index function serves both.
  const lo = gen.lowerBound((i) => gen.modifiedMs(i), q.startMs);
  const hi = gen.lowerBound((i) => gen.modifiedMs(i), q.endMs + 1);
  const changes = store.changes();
  const removed = changes.filter((c) => c.index >= lo && c.index < hi).map((c) => c.index);
  const extras = changes
    .filter((c) => timeOf(c) >= q.startMs && timeOf(c) <= q.endMs)
    .sort((a, b) => timeOf(a) - timeOf(b) || a.index - b.index);
  return { store, lo, hi, removed, extras, timeOf };
}

/** Number of unchanged window records ordered before (time, index). */
function basesBefore(s: Setup, time: number, index: number): number {
  const gen = s.store.generator;
  const a = gen.lowerBound((i) => gen.modifiedMs(i), time);
  const b = gen.lowerBound((i) => gen.modifiedMs(i), time + 1);
  const cut = Math.min(Math.max(index, a), b);
  const all = Math.max(0, Math.min(cut, s.hi) - s.lo);
  return all - s.removed.filter((r) => r < cut).length;
}

/** Index of the q-th unchanged record of the window. */
function baseAt(s: Setup, q: number): number {
  let j = s.lo + q;
  for (const r of s.removed) {
    if (r <= j) j++;
    else break;
  }
  return j;
}

function arithmeticView(s: Setup): WindowView {
  const positions = s.extras.map((x, k) => basesBefore(s, s.timeOf(x), x.index) + k);
  const total = s.hi - s.lo - s.removed.length + s.extras.length;
  return {
    total,
    slice(offset, limit) {
      const out: SalesOutRecord[] = [];
      let e = positions.filter((p) => p < offset).length;
      for (let p = offset; p < Math.min(total, offset + limit); p++) {
        if (positions[e] === p) out.push((s.extras[e++] as ChangedRecord).record);
        else out.push(s.store.generator.record(baseAt(s, p - e)));
      }
      return out;
    },
  };
}

function scannedView(s: Setup, statuses: ReadonlySet<string>): WindowView {
  const picked: Array<number | ChangedRecord> = [];
  const gen = s.store.generator;
  let e = 0;
  for (let j = s.lo; j <= s.hi; j++) {
    const t = j < s.hi ? gen.modifiedMs(j) : Number.POSITIVE_INFINITY;
    for (; e < s.extras.length; e++) {
      const x = s.extras[e] as ChangedRecord;
      if (s.timeOf(x) > t || (s.timeOf(x) === t && x.index > j)) break;
      if (statuses.has(String(x.record.status))) picked.push(x);
    }
    if (j < s.hi && !s.store.isChanged(j) && statuses.has(gen.status(j))) picked.push(j);
  }
  return {
    total: picked.length,
    slice: (offset, limit) => picked.slice(offset, offset + limit).map((r) => (typeof r === 'number' ? gen.record(r) : r.record)),
  };
}

/** Builds the view of one window query. */
export function windowView(store: SalesOutStore, q: WindowQuery): WindowView {
  const s = setup(store, q);
  return q.statuses && q.statuses.length > 0 ? scannedView(s, new Set(q.statuses)) : arithmeticView(s);
}
