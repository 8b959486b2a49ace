import type { FerryError } from '../errors.js';

/**
 * A time range as wall-clock strings `yyyy-MM-dd HH:mm:ss` in the scheme's timezone. Requested as
 * the closed range [start, end]: neighbouring windows share their boundary second, and the source
 * drops the second copy of a record (same key and version) so a record modified exactly on a
 * boundary is delivered once. In cursor mode `start`/`end` hold the row-version range instead.
 */
export interface TimeWindow {
  start: string;
  end: string;
}

/** One record as it leaves a source: its business key, its version and where it came from. */
export interface SourceRecord {
  key: string;
  version: string;
  window: TimeWindow;
  raw: Record<string, unknown>;
}

/** One page of records. */
export interface SourcePage {
  window: TimeWindow;
  pageIndex: number;
  records: SourceRecord[];
  /** In cursor mode: the cursor value after this page (persist only after the page is settled). */
  cursor?: string;
}

/**
 * A source connector. The runner calls `readWindow` for each planned window and consumes pages
 * in order; the connector owns signing, envelopes, paging guards and the rate budget. Errors are
 * FerryErrors whose `retryable` says whether trying the same call later can succeed; the connector
 * retries transient failures itself up to its configured limit, then throws.
 */
export interface SourceConnector {
  readWindow(window: TimeWindow, signal?: AbortSignal): AsyncIterable<SourcePage>;
  /** Cursor (row-version) mode: pages after `cursor`. */
  readCursor?(cursor: string, signal?: AbortSignal): AsyncIterable<SourcePage>;
  /** A harmless call that proves credentials, clock and routing (used by `ferry check`). */
  ping(): Promise<void>;
  close?(): Promise<void>;
}

export type SourceError = FerryError;
