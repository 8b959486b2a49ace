/**
 * The state store contract: the ledger (one row per scheme + business key), checkpoints, runs and
 * the per-scheme run lock. Every method is async so that a PostgreSQL store can implement this
 * interface unchanged; the SQLite store in ./sqlite/ is the default. Both must pass the shared
 * suite in ./store-contract.ts.
 *
 * The store holds no business rules (what to skip, when to retry): it records what the runner
 * decided and refuses transitions that would lose a write's fate (see ./transitions.ts).
 */
import type { FerryError } from '../errors.js';

/** The fate of one record; see docs/architecture.md "The ledger". */
export type LedgerState = 'seen' | 'writing' | 'unknown' | 'written' | 'skipped' | 'parked';

/** Every ledger state, in lifecycle order. */
export const LEDGER_STATES: readonly LedgerState[] = [
  'seen',
  'writing',
  'unknown',
  'written',
  'skipped',
  'parked',
];

/** States that hold a window's checkpoint back: the record's fate is not decided yet. */
export const UNSETTLED_STATES: readonly LedgerState[] = ['seen', 'writing', 'unknown'];

/** One ledger row. Optional fields are absent (never null) when the store has no value. */
export interface LedgerRow {
  scheme: string;
  key: string;
  state: LedgerState;
  /** The source's version of the record, e.g. its `modified` time string. */
  sourceVersion: string;
  /** Hash of the mapped document, to tell a real change from a touched timestamp. */
  contentHash?: string;
  billNo?: string;
  targetId?: string;
  targetNumber?: string;
  /** How many times a write was attempted (each `markWriting` counts one). */
  attempts: number;
  /** FerryError.toJSON() of the last failure, or `{ reason }` for a skipped row. */
  lastError?: Record<string, unknown>;
  /** The source record as read; kept while it may be needed (parked, writing, unknown). */
  record?: Record<string, unknown>;
  schemeVersion?: string;
  windowStart?: string;
  windowEnd?: string;
  /** ISO-8601 UTC timestamps from the store's clock. */
  createdAt: string;
  updatedAt: string;
}

/**
 * An error as the ledger keeps it. A FerryError is stored as its secret-free `toJSON()`; a plain
 * object (an error read back from the ledger, e.g. on replay) is stored as given and must carry a
 * string `code`.
 */
export type LedgerErrorInput = FerryError | Record<string, unknown>;

/**
 * Facts about the source record that a settlement may carry. When the row does not exist yet
 * (a record parked or skipped before any write) `sourceVersion` is required and the rest fill the
 * new row; on an existing row each given field replaces the stored one.
 */
export interface RecordFacts {
  sourceVersion?: string;
  contentHash?: string;
  billNo?: string;
  /** Must be plain JSON (no bigint, no class instances): it is stored as JSON text. */
  record?: Record<string, unknown>;
  schemeVersion?: string;
  windowStart?: string;
  windowEnd?: string;
}

/**
 * The write-ahead intent for one record: after `markWriting` commits, the row is `writing` with
 * these facts and `attempts` one higher.
 */
export interface WritingIntent {
  key: string;
  billNo: string;
  sourceVersion: string;
  contentHash: string;
  record: Record<string, unknown>;
  schemeVersion?: string;
  windowStart?: string;
  windowEnd?: string;
}

/**
 * How one record settled. `written` and `unknown` are outcomes of a write and need a row in
 * `writing`/`unknown`; `parked`, `skipped` and `seen` may create the row (pass `sourceVersion`).
 * - written: the target accepted the document; the stored record is dropped.
 * - parked: a permanent error; the record (given or already stored) is kept for replay.
 * - skipped: filtered by the scheme; `reason` is stored as `lastError: { reason }`.
 * - unknown: the write's fate is not known (timeout after send); reconcile before writing again.
 * - seen: the record is known but not written (first sighting, or back to be retried).
 */
export type Settlement =
  | { key: string; state: 'written'; targetId: string; targetNumber: string }
  | ({ key: string; state: 'parked'; error: LedgerErrorInput } & RecordFacts)
  | ({ key: string; state: 'skipped'; reason: string; sourceVersion: string } & RecordFacts)
  | { key: string; state: 'unknown'; error: LedgerErrorInput }
  | ({ key: string; state: 'seen'; error?: LedgerErrorInput } & RecordFacts);

/** Paging for lists ordered by key: at most `limit` rows with key greater than `afterKey`. */
export interface KeyPage {
  limit?: number;
  afterKey?: string;
}

/** An inclusive-exclusive range of strings: `from <= value < to`; either end may be open. */
export interface StringRange {
  from?: string;
  to?: string;
}

/**
 * Which parked rows to replay. Filters combine with AND; an empty filter means all parked rows.
 * `window` matches the row's window start; `updated` matches when the row was last updated
 * (ISO timestamps). Rows without a window never match a `window` filter.
 */
export interface ParkedFilter extends KeyPage {
  keys?: string[];
  errorCode?: string;
  window?: StringRange;
  updated?: StringRange;
}

/** What kind of run it is. */
export type RunMode = 'incremental' | 'backfill' | 'replay' | 'dry-run';

/** What `startRun` records. `from`/`to` are the run's requested range, if any. */
export interface RunInfo {
  mode: RunMode;
  from?: string;
  to?: string;
  schemeVersion?: string;
}

/** What `finishRun` records. */
export interface RunResult {
  exitCode: number;
  counts: Record<string, number>;
  error?: Record<string, unknown>;
}

/** One run as listed. `finishedAt`/`exitCode`/`counts` are absent while the run is going. */
export interface RunRow extends RunInfo {
  id: number;
  scheme: string;
  startedAt: string;
  finishedAt?: string;
  exitCode?: number;
  counts?: Record<string, number>;
  error?: Record<string, unknown>;
}

/** Who holds a run lock. `since` is when it was acquired (ISO). */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** Options of `acquireLock`. */
export interface LockOptions {
  /** A lock whose last heartbeat is older than this is taken over; default 10 minutes. */
  staleAfterMs?: number;
  /** Who the new holder is; default this process on this host. */
  owner?: { pid: number; host: string };
}

/**
 * A held run lock. `heartbeat` proves the holder is alive (call it well within `staleAfterMs`);
 * it throws STATE_LOCKED when the lock was taken over meanwhile. `release` is idempotent and
 * never releases a lock that someone else took over.
 */
export interface LockHandle {
  readonly scheme: string;
  readonly holder: LockHolder;
  heartbeat(): Promise<void>;
  release(): Promise<void>;
}

/**
 * The state store. Any method may throw FerryError STATE_ERROR (storage failed; `retryable` when
 * the database was busy) or STATE_INVALID (the caller asked for something the ledger forbids, a
 * bug in the caller). Batch methods are all-or-nothing: one bad item leaves everything unchanged.
 */
export interface StateStore {
  /** Brings the storage schema up to date. Idempotent; safe to call from several processes. */
  migrate(): Promise<void>;
  /** The rows that exist among `keys`, by key. */
  getRows(scheme: string, keys: readonly string[]): Promise<Map<string, LedgerRow>>;
  /**
   * Write-ahead intent: every row becomes `writing` (attempts + 1) in one committed transaction,
   * to be called BEFORE the write leaves. Refused (STATE_INVALID) for rows in `writing` or
   * `unknown`: their last write must be reconciled first.
   */
  markWriting(scheme: string, intents: readonly WritingIntent[]): Promise<void>;
  /** Settles many rows in one transaction; see `Settlement` for what each state needs. */
  settle(scheme: string, settlements: readonly Settlement[]): Promise<void>;
  /** Rows in any of `states`, ordered by key. */
  listByState(scheme: string, states: readonly LedgerState[], page?: KeyPage): Promise<LedgerRow[]>;
  /** Parked rows matching `filter`, ordered by key, each with its record for replay. */
  listParked(scheme: string, filter?: ParkedFilter): Promise<LedgerRow[]>;
  /** Row count per state; every state is present (zero when none). */
  countByState(scheme: string): Promise<Record<LedgerState, number>>;
  /**
   * The unsettled (`seen`/`writing`/`unknown`) row with the earliest window start — the point the
   * checkpoint may not pass. Rows without a window come first (they bound nothing safely); ties
   * go to the earliest created, then the smallest key.
   */
  oldestUnsettled(scheme: string): Promise<LedgerRow | undefined>;
  /** The checkpoint `name` (default `incremental`) of `scheme`, if set. */
  getCheckpoint(scheme: string, name?: string): Promise<string | undefined>;
  /** Sets (replaces) the checkpoint `name` (default `incremental`) of `scheme`. */
  setCheckpoint(scheme: string, value: string, name?: string): Promise<void>;
  /** Records the start of a run and returns its id (increasing). */
  startRun(scheme: string, info: RunInfo): Promise<number>;
  /** Records how a run ended. STATE_INVALID for an unknown or already finished run. */
  finishRun(runId: number, result: RunResult): Promise<void>;
  /** The latest `limit` runs of `scheme`, newest first. */
  listRuns(scheme: string, limit: number): Promise<RunRow[]>;
  /**
   * Takes the run lock of `scheme` or throws STATE_LOCKED naming the holder (pid, host, since).
   * A lock whose holder is dead (same host and no such process) or whose heartbeat is older
   * than `staleAfterMs` is taken over atomically: of several contenders exactly one wins.
   */
  acquireLock(scheme: string, options?: LockOptions): Promise<LockHandle>;
  /** Closes the store; later calls throw STATE_ERROR. Idempotent. */
  close(): Promise<void>;
}
