/**
 * The SQLite state store (better-sqlite3): the default, zero-setup store of one machine. Calls
 * are synchronous underneath and never hold a transaction across an await, so several store
 * instances (or processes) on one file only ever wait for each other briefly (busy timeout).
 */
import type Database from 'better-sqlite3';
import { FerryError } from '../../errors.js';
import { systemLockWorld } from '../lock-policy.js';
import type {
  KeyPage,
  LedgerRow,
  LedgerState,
  LockHandle,
  LockOptions,
  ParkedFilter,
  RunInfo,
  RunResult,
  RunRow,
  Settlement,
  StateStore,
  WritingIntent,
} from '../store.js';
import { LEDGER_STATES } from '../store.js';
import { applyIntent, applySettlement, checkBatchKeys } from '../transitions.js';
import { type ConnectOptions, connectSqlite, stateError } from './connect.js';
import { heartbeatLock, releaseLock, takeLock } from './lock.js';
import { runMigrations } from './migrations.js';
import {
  fromLedgerDb,
  fromRunDb,
  jsonText,
  type LedgerDbRow,
  type RunDbRow,
  toLedgerDb,
} from './rows.js';
import { prepareStatements, type Statements } from './statements.js';

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions extends ConnectOptions {
  /** File path, or `:memory:`. The folder is created. */
  path: string;
  /** The clock (epoch ms) for timestamps and lock staleness; default `Date.now`. */
  now?: () => number;
}

/** Default checkpoint name. */
const INCREMENTAL = 'incremental';

/** SQLite's "no limit". */
const NO_LIMIT = -1;

/** Opens an SQLite store. Call `migrate()` before anything else (openStore does). */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  return new SqliteStore(connectSqlite(options.path, options), options.path, options.now);
}

/** The SQLite implementation of StateStore; see the interface for each method's contract. */
export class SqliteStore implements StateStore {
  private statements?: Statements;

  constructor(
    private readonly db: Database.Database,
    /** The file this store uses (for messages). */
    readonly path: string,
    private readonly now: () => number = Date.now,
  ) {}

  private get sql(): Statements {
    this.statements ??= prepareStatements(this.db);
    return this.statements;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Runs a synchronous storage step, turning anything it throws into a FerryError. */
  private guard<T>(action: string, step: () => T): Promise<T> {
    try {
      return Promise.resolve(step());
    } catch (e) {
      return Promise.reject(stateError(this.path, action, e));
    }
  }

  migrate(): Promise<void> {
    return this.guard('migrate', () => {
      runMigrations(this.db, undefined, this.iso());
    });
  }

  getRows(scheme: string, keys: readonly string[]): Promise<Map<string, LedgerRow>> {
    return this.guard('read ledger', () => {
      const rows = this.sql.getRows.all(scheme, JSON.stringify(keys)) as LedgerDbRow[];
      return new Map(rows.map((r) => [r.key, fromLedgerDb(r)]));
    });
  }

  /** Reads, transforms and writes each item's row in one IMMEDIATE transaction. */
  private batch<T extends { key: string }>(
    scheme: string,
    items: readonly T[],
    next: (existing: LedgerRow | undefined, item: T, now: string) => LedgerRow,
  ): void {
    checkBatchKeys(items);
    const now = this.iso();
    const sql = this.sql;
    const write = this.db.transaction(() => {
      for (const item of items) {
        const found = sql.getRow.get(scheme, item.key) as LedgerDbRow | undefined;
        sql.upsertRow.run(toLedgerDb(next(found && fromLedgerDb(found), item, now)));
      }
    });
    write.immediate();
  }

  markWriting(scheme: string, intents: readonly WritingIntent[]): Promise<void> {
    return this.guard('mark writing', () =>
      this.batch(scheme, intents, (row, intent, now) => applyIntent(scheme, row, intent, now)),
    );
  }

  settle(scheme: string, settlements: readonly Settlement[]): Promise<void> {
    return this.guard('settle', () =>
      this.batch(scheme, settlements, (row, s, now) => applySettlement(scheme, row, s, now)),
    );
  }

  listByState(
    scheme: string,
    states: readonly LedgerState[],
    page: KeyPage = {},
  ): Promise<LedgerRow[]> {
    return this.guard('list ledger', () => {
      const args = [scheme, JSON.stringify(states), page.afterKey ?? '', page.limit ?? NO_LIMIT];
      return (this.sql.listByState.all(...args) as LedgerDbRow[]).map(fromLedgerDb);
    });
  }

  listParked(scheme: string, filter: ParkedFilter = {}): Promise<LedgerRow[]> {
    return this.guard('list parked', () => {
      const rows = this.sql.listParked.all({
        scheme,
        afterKey: filter.afterKey ?? '',
        limit: filter.limit ?? NO_LIMIT,
        keys: filter.keys ? JSON.stringify(filter.keys) : null,
        errorCode: filter.errorCode ?? null,
        windowFrom: filter.window?.from ?? null,
        windowTo: filter.window?.to ?? null,
        updatedFrom: filter.updated?.from ?? null,
        updatedTo: filter.updated?.to ?? null,
      }) as LedgerDbRow[];
      return rows.map(fromLedgerDb);
    });
  }

  countByState(scheme: string): Promise<Record<LedgerState, number>> {
    return this.guard('count ledger', () => {
      const counts = Object.fromEntries(LEDGER_STATES.map((s) => [s, 0])) as Record<
        LedgerState,
        number
      >;
      const rows = this.sql.countByState.all(scheme) as { state: LedgerState; n: number }[];
      for (const { state, n } of rows) counts[state] = n;
      return counts;
    });
  }

  oldestUnsettled(scheme: string): Promise<LedgerRow | undefined> {
    return this.guard('read ledger', () => {
      const row = this.sql.oldestUnsettled.get(scheme) as LedgerDbRow | undefined;
      return row && fromLedgerDb(row);
    });
  }

  getCheckpoint(scheme: string, name = INCREMENTAL): Promise<string | undefined> {
    return this.guard('read checkpoint', () => {
      const row = this.sql.getCheckpoint.get(scheme, name) as { value: string } | undefined;
      return row?.value;
    });
  }

  setCheckpoint(scheme: string, value: string, name = INCREMENTAL): Promise<void> {
    return this.guard('write checkpoint', () => {
      this.sql.setCheckpoint.run(scheme, name, value, this.iso());
    });
  }

  startRun(scheme: string, info: RunInfo): Promise<number> {
    return this.guard('start run', () => {
      const { from, to, schemeVersion } = info;
      const args = [scheme, info.mode, from ?? null, to ?? null, schemeVersion ?? null, this.iso()];
      return Number(this.sql.startRun.run(...args).lastInsertRowid);
    });
  }

  finishRun(runId: number, result: RunResult): Promise<void> {
    return this.guard('finish run', () => {
      const counts = JSON.stringify(result.counts);
      const args = [this.iso(), result.exitCode, counts, jsonText(result.error), runId];
      if (this.sql.finishRun.run(...args).changes === 1) return;
      const run = this.sql.getRun.get(runId);
      const why = run ? 'is already finished' : 'does not exist';
      throw new FerryError('STATE_INVALID', `run ${runId} ${why}`);
    });
  }

  listRuns(scheme: string, limit: number): Promise<RunRow[]> {
    return this.guard('list runs', () =>
      (this.sql.listRuns.all(scheme, limit) as RunDbRow[]).map(fromRunDb),
    );
  }

  acquireLock(scheme: string, options: LockOptions = {}): Promise<LockHandle> {
    return this.guard('acquire lock', () => {
      const world = systemLockWorld(this.now(), options.staleAfterMs);
      const taken = takeLock(this.db, this.sql, scheme, options, world);
      return {
        scheme,
        holder: taken.holder,
        heartbeat: () =>
          this.guard('heartbeat lock', () => heartbeatLock(this.sql, scheme, taken, this.now())),
        release: () => this.guard('release lock', () => releaseLock(this.sql, scheme, taken)),
      };
    });
  }

  close(): Promise<void> {
    return this.guard('close', () => {
      if (this.db.open) this.db.close();
    });
  }
}
