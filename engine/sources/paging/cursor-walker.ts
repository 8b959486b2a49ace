import { FerryError } from '../../errors.js';
import type { FetchedPage, KeyedRecord, RecordIdentity } from './types.js';

/**
 * Row-version cursor paging (`start_ts`, spec §8.2): page index fixed, no time range, the next
 * cursor is the largest `ts` seen. Whether the server returns `ts > start_ts` or `ts >= start_ts`
 * is unknown, so rows at or below the cursor are dropped as already delivered; within a page
 * each key keeps its highest-`ts` row.
 */

/** What `readCursorPages` needs. */
export interface CursorOptions {
  /** Fetches the page after `cursor`. */
  fetchPage: (cursor: string) => Promise<FetchedPage>;
  identify: RecordIdentity;
  /** Record field holding the row version, e.g. `ts`. */
  field: string;
  /** The page size asked for; a full page that does not advance the cursor is a stuck server. */
  size: number;
}

/** One cursor page: the new records and the cursor after them. */
export interface CursorPage {
  records: KeyedRecord[];
  cursorBefore: string;
  cursor: string;
}

function rowVersion(raw: Record<string, unknown>, field: string): bigint {
  const v = raw[field];
  const text = typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
  if (!/^\d+$/.test(text)) {
    throw new FerryError('SOURCE_BAD_RESPONSE', `record has no integer row version in "${field}"`, {
      hint: 'check source.paging.cursor.field (and list it in idFields)',
    });
  }
  return BigInt(text);
}

/**
 * Yields pages until the server returns an empty page or a short page with nothing newer than the
 * cursor. Throws SOURCE_PAGING when a full page comes back without any row past the cursor (the
 * cursor would never advance).
 */
export async function* readCursorPages(initial: string, opts: CursorOptions): AsyncGenerator<CursorPage, void> {
  let cursor = BigInt(initial);
  for (;;) {
    const page = await opts.fetchPage(cursor.toString());
    if (page.records.length === 0) return;
    const newest = new Map<string, { ts: bigint; record: KeyedRecord }>();
    let max = cursor;
    for (const raw of page.records) {
      const ts = rowVersion(raw, opts.field);
      if (ts <= cursor) continue;
      const record = opts.identify(raw);
      const prior = newest.get(record.key);
      if (!prior || prior.ts < ts) newest.set(record.key, { ts, record });
      if (ts > max) max = ts;
    }
    if (max === cursor) {
      if (page.records.length >= opts.size) {
        throw new FerryError('SOURCE_PAGING', `cursor ${cursor} did not advance: a full page came back with no row past it`, {
          hint: 'the API seems to ignore the cursor parameter',
        });
      }
      return;
    }
    yield { records: [...newest.values()].map((v) => v.record), cursorBefore: cursor.toString(), cursor: max.toString() };
    cursor = max;
  }
}
