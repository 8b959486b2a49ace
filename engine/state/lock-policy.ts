/**
 * When a run lock may be taken over, and the errors a lock raises — shared by every store so that
 * they agree on what "stale" means. Storage and atomicity are the store's job.
 */
import { hostname } from 'node:os';
import { FerryError } from '../errors.js';
import type { LockHolder } from './store.js';

/** How long a lock lives without a heartbeat before another run may take it over. */
export const DEFAULT_LOCK_STALE_MS = 10 * 60_000;

/** A lock as stored: its holder, the token that proves ownership and the last heartbeat (ms). */
export interface StoredLock extends LockHolder {
  token: string;
  heartbeatAt: number;
}

/** What a staleness check needs to know about the world; injectable for tests. */
export interface LockWorld {
  nowMs: number;
  staleAfterMs: number;
  /** This machine's host name: a holder's pid can only be checked on its own host. */
  localHost: string;
  isAlive(pid: number): boolean;
}

/**
 * True when a process with this pid exists on this machine. EPERM means it exists but belongs to
 * another user, so it counts as alive; only ESRCH proves it dead.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return !(e instanceof Error && 'code' in e && e.code === 'ESRCH');
  }
}

/** The real world: the system clock, this host and `process.kill(pid, 0)`. */
export function systemLockWorld(nowMs: number, staleAfterMs?: number): LockWorld {
  return {
    nowMs,
    staleAfterMs: staleAfterMs ?? DEFAULT_LOCK_STALE_MS,
    localHost: hostname(),
    isAlive: isProcessAlive,
  };
}

/** True when `lock` may be taken over: its heartbeat is too old, or its holder died on this host. */
export function isLockStale(lock: StoredLock, world: LockWorld): boolean {
  if (world.nowMs - lock.heartbeatAt > world.staleAfterMs) return true;
  return lock.host === world.localHost && !world.isAlive(lock.pid);
}

/** The holder to record for a new lock: `owner` if given, else this process. */
export function newHolder(owner: { pid: number; host: string } | undefined, since: string): LockHolder {
  return { pid: owner?.pid ?? process.pid, host: owner?.host ?? hostname(), since };
}

/** STATE_LOCKED for a contender: names the holder so the user can find it. */
export function lockedError(scheme: string, holder: LockHolder): FerryError {
  return new FerryError(
    'STATE_LOCKED',
    `scheme "${scheme}" is locked by pid ${holder.pid} on ${holder.host} since ${holder.since}`,
    {
      retryable: true,
      hint: 'another run of this scheme is in progress; wait for it to finish (a dead holder is taken over automatically)',
    },
  );
}

/** STATE_LOCKED for a holder whose lock was taken over (it went without heartbeats too long). */
export function lockLostError(scheme: string, holder: LockHolder): FerryError {
  return new FerryError(
    'STATE_LOCKED',
    `the lock of scheme "${scheme}" held by pid ${holder.pid} on ${holder.host} since ${holder.since} was taken over`,
    { hint: 'heartbeat more often than the lock goes stale' },
  );
}
