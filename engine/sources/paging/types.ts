/**
 * What the paging walkers need from a connector: a way to fetch one page and to read a record's
 * key and version. The walkers own stop rules, guards, re-reads, bisection and de-duplication;
 * they know nothing about signing or envelopes.
 */

/** One fetched page, records already normalised (ids as strings). */
export interface FetchedPage {
  records: Record<string, unknown>[];
  /** The API's "more pages" flag, when the response carries one. */
  hasNext?: boolean;
  /** The API's total record count for the query, when it carries one. */
  total?: number;
}

/** A record with its business key and version resolved. */
export interface KeyedRecord {
  key: string;
  version: string;
  raw: Record<string, unknown>;
}

/** Reads key and version off a normalised record; throws FerryError when they are missing. */
export type RecordIdentity = (raw: Record<string, unknown>) => KeyedRecord;

/** Compares two versions: digit strings numerically (row versions), anything else as text (times). */
export function compareVersions(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Remembers which version of each key was delivered, so a record read twice (on a shared window
 * boundary, on a re-read, on both halves of a bisected window) leaves the source once. A newer
 * version of a known key is delivered again: it is a real change. A window's instance may look
 * back at the previous window's deliveries (not further, so memory stays one window deep).
 */
export class DeliveredVersions {
  private readonly own = new Map<string, string>();
  private readonly previous?: ReadonlyMap<string, string>;

  constructor(previousWindow?: DeliveredVersions) {
    this.previous = previousWindow?.own;
  }

  /** True (and remembered) when this key has not been delivered at this or a newer version. */
  admit(record: KeyedRecord): boolean {
    const prior = this.own.get(record.key) ?? this.previous?.get(record.key);
    if (prior !== undefined && compareVersions(prior, record.version) >= 0) return false;
    this.own.set(record.key, record.version);
    return true;
  }
}
