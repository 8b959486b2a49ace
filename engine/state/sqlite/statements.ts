/**
 * Every SQL statement of the SQLite store, prepared once per connection (after migrations, since
 * preparing needs the tables). Lists of keys or states are bound as one JSON array and expanded
 * with `json_each`, so a statement serves any number of them.
 */
import type Database from 'better-sqlite3';

const LEDGER_COLUMNS = [
  'scheme',
  'key',
  'state',
  'source_version',
  'content_hash',
  'bill_no',
  'target_id',
  'target_number',
  'attempts',
  'last_error',
  'error_code',
  'record',
  'scheme_version',
  'window_start',
  'window_end',
  'created_at',
  'updated_at',
];

const UPSERT_LEDGER = `
  INSERT INTO ledger (${LEDGER_COLUMNS.join(', ')})
  VALUES (${LEDGER_COLUMNS.map((c) => `@${c}`).join(', ')})
  ON CONFLICT (scheme, key) DO UPDATE SET
  ${LEDGER_COLUMNS.slice(2)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

const LIST_PARKED = `
  SELECT * FROM ledger
  WHERE scheme = @scheme AND state = 'parked' AND key > @afterKey
    AND (@keys IS NULL OR key IN (SELECT value FROM json_each(@keys)))
    AND (@errorCode IS NULL OR error_code = @errorCode)
    AND (@windowFrom IS NULL OR window_start >= @windowFrom)
    AND (@windowTo IS NULL OR window_start < @windowTo)
    AND (@updatedFrom IS NULL OR updated_at >= @updatedFrom)
    AND (@updatedTo IS NULL OR updated_at < @updatedTo)
  ORDER BY key LIMIT @limit`;

const OLDEST_UNSETTLED = `
  SELECT * FROM ledger
  WHERE scheme = ? AND state IN ('seen', 'writing', 'unknown')
  ORDER BY window_start IS NOT NULL, window_start, created_at, key
  LIMIT 1`;

/** Prepares the store's statements on `db`. */
export function prepareStatements(db: Database.Database) {
  return {
    getRow: db.prepare('SELECT * FROM ledger WHERE scheme = ? AND key = ?'),
    getRows: db.prepare(
      'SELECT * FROM ledger WHERE scheme = ? AND key IN (SELECT value FROM json_each(?))',
    ),
    upsertRow: db.prepare(UPSERT_LEDGER),
    listByState: db.prepare(`SELECT * FROM ledger
      WHERE scheme = ? AND state IN (SELECT value FROM json_each(?)) AND key > ?
      ORDER BY key LIMIT ?`),
    listParked: db.prepare(LIST_PARKED),
    countByState: db.prepare(
      'SELECT state, count(*) AS n FROM ledger WHERE scheme = ? GROUP BY state',
    ),
    oldestUnsettled: db.prepare(OLDEST_UNSETTLED),
    getCheckpoint: db.prepare('SELECT value FROM checkpoints WHERE scheme = ? AND name = ?'),
    setCheckpoint: db.prepare(`INSERT INTO checkpoints (scheme, name, value, updated_at)
      VALUES (?, ?, ?, ?)
      ON CONFLICT (scheme, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
    startRun: db.prepare(`INSERT INTO runs (scheme, mode, range_from, range_to, scheme_version, started_at)
      VALUES (?, ?, ?, ?, ?, ?)`),
    finishRun: db.prepare(`UPDATE runs SET finished_at = ?, exit_code = ?, counts = ?, error = ?
      WHERE id = ? AND finished_at IS NULL`),
    getRun: db.prepare('SELECT id, finished_at FROM runs WHERE id = ?'),
    listRuns: db.prepare('SELECT * FROM runs WHERE scheme = ? ORDER BY id DESC LIMIT ?'),
    getLock: db.prepare('SELECT * FROM locks WHERE scheme = ?'),
    putLock: db.prepare(`INSERT INTO locks (scheme, token, pid, host, acquired_at, heartbeat_at)
      VALUES (@scheme, @token, @pid, @host, @acquired_at, @heartbeat_at)
      ON CONFLICT (scheme) DO UPDATE SET token = excluded.token, pid = excluded.pid,
        host = excluded.host, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`),
    heartbeatLock: db.prepare('UPDATE locks SET heartbeat_at = ? WHERE scheme = ? AND token = ?'),
    releaseLock: db.prepare('DELETE FROM locks WHERE scheme = ? AND token = ?'),
  };
}

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>;
