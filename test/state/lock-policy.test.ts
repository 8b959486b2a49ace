import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isLockStale, isProcessAlive, type StoredLock } from '../../engine/state/lock-policy.js';

describe('isProcessAlive', () => {
  const exited = spawnSync(process.execPath, ['-e', '0']).pid;
  it.each([
    { name: 'this process', pid: process.pid, alive: true },
    { name: 'an exited child', pid: exited, alive: false },
    { name: 'pid 0 (a process group, not a holder)', pid: 0, alive: false },
    { name: 'a negative pid', pid: -1, alive: false },
    { name: 'a fractional pid', pid: 1.5, alive: false },
  ])('is $alive for $name', ({ pid, alive }) => {
    expect(isProcessAlive(pid)).toBe(alive);
  });
});

describe('isLockStale', () => {
  const lock: StoredLock = { token: 't', pid: 42, host: 'here', since: '', heartbeatAt: 1_000 };
  const world = { nowMs: 1_000, staleAfterMs: 100, localHost: 'here', isAlive: () => true };
  it.each([
    { name: 'a fresh live holder', change: {}, stale: false },
    { name: 'a heartbeat exactly at the limit', change: { nowMs: 1_100 }, stale: false },
    { name: 'a heartbeat past the limit', change: { nowMs: 1_101 }, stale: true },
    { name: 'a dead holder on this host', change: { isAlive: () => false }, stale: true },
    { name: 'a "dead" pid on another host', change: { isAlive: () => false, localHost: 'there' }, stale: false },
  ])('is $stale for $name', ({ change, stale }) => {
    expect(isLockStale(lock, { ...world, ...change })).toBe(stale);
  });
});
