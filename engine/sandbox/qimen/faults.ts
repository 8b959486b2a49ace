/**
 * Fault switches of the sandbox Qimen server. Every switch can be set at start or flipped at run
 * time on the `faults` object the server returns; counters (`nextN`, `times`) count down as
 * faults fire, so a test can say "the next two calls fail" and then see the server recover.
 */

/** When a fault fires: on the next `nextN` requests, and/or on every `everyNth` request. */
export interface FaultTrigger {
  nextN?: number;
  everyNth?: number;
}

/** The fault switches. */
export interface QimenFaults {
  /** Gateway ban: code 7 App Call Limited, "This ban will last for N more seconds". */
  ban?: FaultTrigger & { seconds: number };
  /** HTTP 5xx with an HTML error page (default status 502). */
  serverError?: FaultTrigger & { status?: number };
  /** The connection is destroyed before any response. */
  reset?: FaultTrigger;
  /** HTTP 200 with a proxy's HTML page instead of JSON. */
  html?: FaultTrigger;
  /** A success body cut off halfway. */
  truncated?: FaultTrigger;
  /** Extra delay before every response, in ms (adds to the `latencyMs` option). */
  latencyMs?: number;
  /**
   * While a time window is paged by `modified`, when page `atPage` (≥ 2) is requested the first
   * `count` records of the window are modified first, so every later page shifts. `placement`
   * `now` moves them out of the window (the total drops); `windowEnd` moves them to the window's
   * last second (they show up again on a later page). Fires `times` times (default 1).
   */
  shiftWhilePaging?: { atPage: number; count: number; placement?: 'now' | 'windowEnd'; times?: number };
  /** Page `atPage` (≥ 2) is answered with the content of the page before it, `times` times (default 1). */
  repeatPage?: { atPage: number; times?: number };
  /** `start_ts` mode ignores the cursor and always serves from the beginning (a stuck cursor). */
  ignoreStartTs?: boolean;
}

/** Whether a trigger fires for request number `n` (1-based); consumes one `nextN`. */
export function fires(trigger: FaultTrigger | undefined, n: number): boolean {
  if (!trigger) return false;
  if ((trigger.nextN ?? 0) > 0) {
    trigger.nextN = (trigger.nextN as number) - 1;
    return true;
  }
  return trigger.everyNth !== undefined && trigger.everyNth > 0 && n % trigger.everyNth === 0;
}

/** Consumes one use of a `times`-counted fault; false once used up. */
export function consumeTimes(fault: { times?: number }): boolean {
  const left = fault.times ?? 1;
  if (left <= 0) return false;
  fault.times = left - 1;
  return true;
}

/** The HTML page a misbehaving proxy returns. */
export const PROXY_HTML =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>Tengine</center></body></html>';
