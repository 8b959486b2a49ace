/**
 * Helpers over the runtime-mutable fault switches (types.ts `K3Faults`): counting down `…Next`
 * counters and the every-Nth-call session expiry.
 */
import type { K3Faults } from './types.js';

type Counter = 'callLimitNext' | 'http5xxNext' | 'responseErrorNext' | 'commitThenDropNext' | 'commitThenDelayNext';

/** True (and counts down) when the counter is positive. */
export function takeFault(faults: K3Faults, counter: Counter): boolean {
  const n = faults[counter] ?? 0;
  if (n <= 0) return false;
  faults[counter] = n - 1;
  return true;
}

/** True when business call number `callNo` (1-based) should find its sessions expired. */
export function sessionExpiresAt(faults: K3Faults, callNo: number): boolean {
  const every = faults.expireSessionEvery ?? 0;
  return every > 0 && callNo % every === 0;
}
