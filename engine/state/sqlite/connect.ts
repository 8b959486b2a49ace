/**
 * Opening an SQLite state file: the folder is created, WAL is switched on (readers never block the
 * writer) and a busy timeout makes a second process wait for the lock instead of failing.
 * Every better-sqlite3 failure leaves here as FerryError STATE_ERROR naming the file.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { FerryError } from '../../errors.js';

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

function sqliteCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
}

/**
 * Wraps anything a storage call threw: FerryErrors pass through, the rest become STATE_ERROR
 * with the path and the action in the message, retryable when the database was busy.
 */
export function stateError(path: string, action: string, e: unknown): FerryError {
  if (e instanceof FerryError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  const code = sqliteCode(e) ?? '';
  return new FerryError('STATE_ERROR', `state store ${path}: ${action} failed: ${detail}`, {
    cause: e,
    retryable: code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'),
  });
}

/** Options of `connectSqlite`. */
export interface ConnectOptions {
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the database at `path` with WAL and a busy timeout. `:memory:` is
 * accepted for throwaway stores (no WAL there). Synchronous stays FULL: the write-ahead intent
 * must survive a power cut, or a committed bill could be written twice.
 */
export function connectSqlite(path: string, options: ConnectOptions = {}): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (path !== ':memory:' && mode !== 'wal') {
      throw new FerryError('STATE_ERROR', `state store ${path}: cannot switch to WAL (got ${String(mode)})`);
    }
    db.pragma('synchronous = FULL');
    return db;
  } catch (e) {
    db?.close();
    throw stateError(path, 'open', e);
  }
}
