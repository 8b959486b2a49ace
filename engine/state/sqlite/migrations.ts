/**
 * Versioned schema migrations of the SQLite store, kept in code. Each migration runs once, in
 * order, and is recorded in `ferry_migrations`; all pending ones run in one IMMEDIATE
 * transaction, so two processes migrating at once cannot both apply one, and a failing migration
 * leaves the file as it was. Never edit a released migration: append a new one.
 */
import type Database from 'better-sqlite3';
import { FerryError } from '../../errors.js';

/** One schema step. `version` numbers are 1, 2, 3… with no gaps. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The SQLite store's schema history. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger, checkpoints, runs, locks',
    sql: `
      CREATE TABLE ledger (
        scheme TEXT NOT NULL,
        key TEXT NOT NULL,
        state TEXT NOT NULL
          CHECK (state IN ('seen', 'writing', 'unknown', 'written', 'skipped', 'parked')),
        source_version TEXT NOT NULL,
        content_hash TEXT,
        bill_no TEXT,
        target_id TEXT,
        target_number TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        error_code TEXT,
        record TEXT,
        scheme_version TEXT,
        window_start TEXT,
        window_end TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (scheme, key)
      );
      CREATE INDEX ledger_by_state ON ledger (scheme, state, key);
      CREATE TABLE checkpoints (
        scheme TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (scheme, name)
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scheme TEXT NOT NULL,
        mode TEXT NOT NULL,
        range_from TEXT,
        range_to TEXT,
        scheme_version TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        exit_code INTEGER,
        counts TEXT,
        error TEXT
      );
      CREATE INDEX runs_by_scheme ON runs (scheme, id);
      CREATE TABLE locks (
        scheme TEXT PRIMARY KEY,
        token TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );
    `,
  },
];

function appliedVersions(db: Database.Database): Set<number> {
  db.exec(`CREATE TABLE IF NOT EXISTS ferry_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const rows = db.prepare('SELECT version FROM ferry_migrations').all() as { version: number }[];
  return new Set(rows.map((r) => r.version));
}

/**
 * Applies the pending `migrations` (default: MIGRATIONS) and returns the versions it applied.
 * Throws STATE_ERROR when the file was migrated by a newer ferry (a version this code does not
 * know), since writing to it could corrupt what that version expects.
 */
export function runMigrations(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  nowIso: string = new Date().toISOString(),
): number[] {
  const known = new Set(migrations.map((m) => m.version));
  const apply = db.transaction((): number[] => {
    const applied = appliedVersions(db);
    const unknown = [...applied].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new FerryError(
        'STATE_ERROR',
        `state file ${db.name} has schema version ${Math.max(...unknown)}, newer than this ferry knows`,
        { hint: 'upgrade ferry, or point --state at another file' },
      );
    }
    const record = db.prepare(
      'INSERT INTO ferry_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    const done: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, nowIso);
      done.push(m.version);
    }
    return done;
  });
  return apply.immediate();
}
