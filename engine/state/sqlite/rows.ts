/**
 * Conversions between the store's rows and SQLite columns: snake_case names, JSON text for
 * objects, NULL for an absent value.
 */
import type { LedgerRow, LedgerState, RunMode, RunRow } from '../store.js';

/** A `ledger` row as SQLite returns it and as the upsert statement binds it. */
export interface LedgerDbRow {
  scheme: string;
  key: string;
  state: string;
  source_version: string;
  content_hash: string | null;
  bill_no: string | null;
  target_id: string | null;
  target_number: string | null;
  attempts: number;
  last_error: string | null;
  error_code: string | null;
  record: string | null;
  scheme_version: string | null;
  window_start: string | null;
  window_end: string | null;
  created_at: string;
  updated_at: string;
}

/** A `runs` row as SQLite returns it. */
export interface RunDbRow {
  id: number;
  scheme: string;
  mode: string;
  range_from: string | null;
  range_to: string | null;
  scheme_version: string | null;
  started_at: string;
  finished_at: string | null;
  exit_code: number | null;
  counts: string | null;
  error: string | null;
}

/** JSON text of an object, or NULL. */
export function jsonText(value: object | undefined): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function parseObject<T = Record<string, unknown>>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

/** Copies the non-null entries of `pairs` into `target`, so absent values stay absent. */
function assignPresent<T extends object>(target: T, pairs: { [K in keyof T]?: T[K] | null }): T {
  for (const [k, v] of Object.entries(pairs)) {
    if (v !== null && v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
  return target;
}

/** The columns of a ledger row; `error_code` is lifted out of the error for filtering. */
export function toLedgerDb(row: LedgerRow): LedgerDbRow {
  const code = row.lastError?.code;
  return {
    scheme: row.scheme,
    key: row.key,
    state: row.state,
    source_version: row.sourceVersion,
    content_hash: row.contentHash ?? null,
    bill_no: row.billNo ?? null,
    target_id: row.targetId ?? null,
    target_number: row.targetNumber ?? null,
    attempts: row.attempts,
    last_error: jsonText(row.lastError),
    error_code: typeof code === 'string' ? code : null,
    record: jsonText(row.record),
    scheme_version: row.schemeVersion ?? null,
    window_start: row.windowStart ?? null,
    window_end: row.windowEnd ?? null,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/** The ledger row stored in `db`. */
export function fromLedgerDb(db: LedgerDbRow): LedgerRow {
  const row: LedgerRow = {
    scheme: db.scheme,
    key: db.key,
    state: db.state as LedgerState,
    sourceVersion: db.source_version,
    attempts: db.attempts,
    createdAt: db.created_at,
    updatedAt: db.updated_at,
  };
  return assignPresent(row, {
    contentHash: db.content_hash,
    billNo: db.bill_no,
    targetId: db.target_id,
    targetNumber: db.target_number,
    lastError: parseObject(db.last_error),
    record: parseObject(db.record),
    schemeVersion: db.scheme_version,
    windowStart: db.window_start,
    windowEnd: db.window_end,
  });
}

/** The run stored in `db`. */
export function fromRunDb(db: RunDbRow): RunRow {
  const row: RunRow = {
    id: db.id,
    scheme: db.scheme,
    mode: db.mode as RunMode,
    startedAt: db.started_at,
  };
  return assignPresent(row, {
    from: db.range_from,
    to: db.range_to,
    schemeVersion: db.scheme_version,
    finishedAt: db.finished_at,
    exitCode: db.exit_code,
    counts: parseObject<Record<string, number>>(db.counts),
    error: parseObject(db.error),
  });
}
