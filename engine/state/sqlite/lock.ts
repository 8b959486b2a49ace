/**
 * The per-scheme run lock on SQLite: one row in `locks` per held scheme, owned by a random token.
 * Check-and-take runs in one IMMEDIATE transaction, which SQLite serialises across connections
 * and processes, so of two contenders for a free or stale lock exactly one wins.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  type LockWorld,
  isLockStale,
  lockedError,
  lockLostError,
  newHolder,
  type StoredLock,
} from '../lock-policy.js';
import type { LockHolder, LockOptions } from '../store.js';
import type { Statements } from './statements.js';

interface LockDbRow {
  scheme: string;
  token: string;
  pid: number;
  host: string;
  acquired_at: string;
  heartbeat_at: number;
}

function fromDb(row: LockDbRow): StoredLock {
  return {
    token: row.token,
    pid: row.pid,
    host: row.host,
    since: row.acquired_at,
    heartbeatAt: row.heartbeat_at,
  };
}

/** A lock taken by `takeLock`: its holder and the token that proves ownership. */
export interface TakenLock {
  holder: LockHolder;
  token: string;
}

/**
 * Takes the lock of `scheme` (free, or stale per `world`) or throws STATE_LOCKED naming the
 * current holder.
 */
export function takeLock(
  db: Database.Database,
  sql: Statements,
  scheme: string,
  options: LockOptions,
  world: LockWorld,
): TakenLock {
  const take = db.transaction((): TakenLock => {
    const row = sql.getLock.get(scheme) as LockDbRow | undefined;
    if (row && !isLockStale(fromDb(row), world)) throw lockedError(scheme, fromDb(row));
    const holder = newHolder(options.owner, new Date(world.nowMs).toISOString());
    const token = randomUUID();
    sql.putLock.run({
      scheme,
      token,
      pid: holder.pid,
      host: holder.host,
      acquired_at: holder.since,
      heartbeat_at: world.nowMs,
    });
    return { holder, token };
  });
  return take.immediate();
}

/** Refreshes the heartbeat; STATE_LOCKED when the lock is no longer ours. */
export function heartbeatLock(
  sql: Statements,
  scheme: string,
  taken: TakenLock,
  nowMs: number,
): void {
  const { changes } = sql.heartbeatLock.run(nowMs, scheme, taken.token);
  if (changes === 0) throw lockLostError(scheme, taken.holder);
}

/** Deletes the lock if it is still ours; a no-op otherwise. */
export function releaseLock(sql: Statements, scheme: string, taken: TakenLock): void {
  sql.releaseLock.run(scheme, taken.token);
}
