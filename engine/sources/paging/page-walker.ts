import { FerryError } from '../../errors.js';
import type { PagingSpec } from '../../scheme/types.js';
import type { TimeWindow } from '../types.js';
import { bisectWindow } from '../windows.js';
import type { DeliveredVersions, FetchedPage, KeyedRecord, RecordIdentity } from './types.js';

/**
 * Page-number paging of one time window, with the guards that paging by modified time needs
 * (spec §8.1): a record modified mid-scan moves to a later position, so later pages shift and a
 * record can be skipped without any error. A pass is trusted only if no key showed up on two
 * pages and the total did not change; otherwise the range is read again, and split in two when
 * it keeps shifting. Records leave once per key and version (`DeliveredVersions`).
 */

/** Something worth a log line while paging. */
export type PagingEvent =
  | { kind: 'reread'; range: TimeWindow; reason: 'shift' | 'repeat'; attempt: number }
  | { kind: 'bisect'; range: TimeWindow; reason: 'dense' | 'shift'; total?: number };

/** What `readPagedWindow` needs. */
export interface PagedWindowOptions {
  paging: PagingSpec;
  timeZone: string;
  fetchPage: (range: TimeWindow, pageNo: number) => Promise<FetchedPage>;
  identify: RecordIdentity;
  delivered: DeliveredVersions;
  /** Re-reads of a range whose pages shifted (or repeated) before giving up on it. Default 2. */
  maxRereads?: number;
  onEvent?: (event: PagingEvent) => void;
}

type PassOutcome = { kind: 'done' } | { kind: 'dense'; total: number } | { kind: 'shift' } | { kind: 'repeat' };

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

function isLastPage(page: FetchedPage, count: number, paging: PagingSpec): boolean {
  if (count === 0) return true;
  switch (paging.stopOn) {
    case 'emptyPage':
      return false;
    case 'shortPage':
      return count < paging.size;
    case 'hasNext':
      // Without the flag in the body, a short page is the only safe end signal.
      return page.hasNext === undefined ? count < paging.size : !page.hasNext;
  }
}

async function* onePass(range: TimeWindow, opts: PagedWindowOptions): AsyncGenerator<KeyedRecord[], PassOutcome> {
  const { paging } = opts;
  const first = paging.firstPage ?? 1;
  const maxPages = paging.maxPages ?? 1000;
  const passKeys = new Set<string>();
  let previous: string[] | undefined;
  let firstTotal: number | undefined;
  for (let n = 0; ; n++) {
    if (n >= maxPages) {
      throw new FerryError('SOURCE_PAGING', `more than maxPages (${maxPages}) pages in window ${range.start} … ${range.end}`, {
        hint: 'lower source.window.step or set paging.bisectAbove',
      });
    }
    const page = await opts.fetchPage(range, first + n);
    if (n === 0 && page.total !== undefined && paging.bisectAbove !== undefined && page.total > paging.bisectAbove) {
      if (bisectWindow(range, opts.timeZone)) return { kind: 'dense', total: page.total };
    }
    const records = page.records.map(opts.identify);
    const keys = records.map((r) => r.key);
    if (previous !== undefined && keys.length > 0 && sameKeys(keys, previous)) return { kind: 'repeat' };
    const fresh = records.filter((r) => opts.delivered.admit(r));
    if (fresh.length > 0) yield fresh;
    const overlap = keys.some((k) => passKeys.has(k));
    const totalMoved = n > 0 && page.total !== undefined && firstTotal !== undefined && page.total !== firstTotal;
    if (overlap || totalMoved) return { kind: 'shift' };
    for (const k of keys) passKeys.add(k);
    previous = keys;
    if (n === 0) firstTotal = page.total;
    if (isLastPage(page, records.length, paging)) return { kind: 'done' };
  }
}

async function* readRange(range: TimeWindow, opts: PagedWindowOptions): AsyncGenerator<KeyedRecord[], void> {
  const maxRereads = opts.maxRereads ?? 2;
  let outcome: PassOutcome = { kind: 'done' };
  for (let attempt = 0; attempt <= maxRereads; attempt++) {
    if (attempt > 0 && (outcome.kind === 'shift' || outcome.kind === 'repeat')) {
      opts.onEvent?.({ kind: 'reread', range, reason: outcome.kind, attempt });
    }
    outcome = yield* onePass(range, opts);
    if (outcome.kind === 'done') return;
    if (outcome.kind === 'dense') break;
  }
  const halves = outcome.kind === 'repeat' ? undefined : bisectWindow(range, opts.timeZone);
  if (!halves) {
    const what = outcome.kind === 'repeat' ? 'the API returned the same page twice' : 'records kept moving between pages';
    throw new FerryError('SOURCE_PAGING', `window ${range.start} … ${range.end}: ${what} after ${maxRereads} re-reads`, {
      retryable: true,
    });
  }
  opts.onEvent?.({ kind: 'bisect', range, reason: outcome.kind === 'dense' ? 'dense' : 'shift', ...(outcome.kind === 'dense' && { total: outcome.total }) });
  for (const half of halves) yield* readRange(half, opts);
}

/**
 * Reads every record of `window` (requested as the closed range [start, end]) page by page and
 * yields the not-yet-delivered ones per fetched page. Throws SOURCE_PAGING when a range keeps
 * repeating pages or shifting and cannot be split further, or passes `maxPages`.
 */
export function readPagedWindow(window: TimeWindow, opts: PagedWindowOptions): AsyncGenerator<KeyedRecord[], void> {
  return readRange(window, opts);
}
