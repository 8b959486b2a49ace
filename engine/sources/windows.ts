import { FerryError, type ErrorCode } from '../errors.js';
import type { WindowSpec } from '../scheme/types.js';
import { parseDuration } from '../scheme/duration.js';
import type { TimeWindow } from './types.js';
import { formatWallClock, parseWallClock } from './wall-clock.js';

/**
 * The window planner. Convention (the Jushuitan spec is silent on it): every window is requested
 * as the closed range [start, end]; consecutive windows share their boundary instant, so a record
 * modified exactly on a boundary is returned by both, and the source drops the second copy when
 * key and version are equal (see `BoundaryDedupe`). No instant is ever left between two windows.
 */

/** What the planner needs: the checkpoint (end of the last settled window) and the clock. */
export interface PlanInput {
  /** Wall-clock end of the last settled window, in `spec.timezone`. */
  checkpoint?: string;
  now: Date;
  spec: WindowSpec;
  /** Backfill start (wall-clock in `spec.timezone`); overrides checkpoint and firstRunStart. */
  from?: string;
  /** Backfill end (wall-clock in `spec.timezone`); overrides `now − lag`. */
  to?: string;
}

/** The scheme's window durations in ms, validated (step ≤ maxSpan). Throws BAD_DURATION / SCHEMA_INVALID. */
export function windowDurations(spec: WindowSpec): { stepMs: number; maxSpanMs: number; lookbackMs: number; lagMs: number } {
  const maxSpanMs = parseDuration(spec.maxSpan);
  const stepMs = parseDuration(spec.step);
  if (stepMs > maxSpanMs) {
    throw new FerryError('SCHEMA_INVALID', `window step ${spec.step} is longer than the API's maxSpan ${spec.maxSpan}`, {
      hint: 'make source.window.step at most maxSpan',
    });
  }
  return {
    stepMs,
    maxSpanMs,
    lookbackMs: parseDuration(spec.lookback, { allowZero: true }),
    lagMs: parseDuration(spec.lag, { allowZero: true }),
  };
}

function parseOrThrow(text: string, timeZone: string, code: ErrorCode, what: string): number {
  const ms = parseWallClock(text, timeZone);
  if (ms === undefined) {
    throw new FerryError(code, `${what} "${text}" is not a wall-clock time; expected yyyy-MM-dd HH:mm:ss`);
  }
  return ms;
}

/**
 * Plans the windows of one run: start = `from`, else checkpoint − lookback, else firstRunStart;
 * end = `to`, else now − lag; split into `step`-long windows (the last may be shorter). Returns []
 * when start is not before end. Boundaries are whole seconds, formatted in `spec.timezone`
 * regardless of the host zone.
 */
export function planWindows(input: PlanInput): TimeWindow[] {
  const { spec } = input;
  const zone = spec.timezone;
  const { stepMs, lookbackMs, lagMs } = windowDurations(spec);
  let startMs: number;
  if (input.from !== undefined) startMs = parseOrThrow(input.from, zone, 'USAGE', '--from');
  else if (input.checkpoint !== undefined) {
    startMs = parseOrThrow(input.checkpoint, zone, 'STATE_ERROR', 'checkpoint') - lookbackMs;
  } else startMs = parseOrThrow(spec.firstRunStart, zone, 'SCHEMA_INVALID', 'source.window.firstRunStart');
  const endMs =
    input.to !== undefined ? parseOrThrow(input.to, zone, 'USAGE', '--to') : Math.floor((input.now.getTime() - lagMs) / 1000) * 1000;
  startMs = Math.floor(startMs / 1000) * 1000;
  const windows: TimeWindow[] = [];
  for (let s = startMs; s < endMs; s += stepMs) {
    windows.push({ start: formatWallClock(s, zone), end: formatWallClock(Math.min(s + stepMs, endMs), zone) });
  }
  return windows;
}

/** Splits a window at its midpoint (whole seconds); `undefined` when it is too short to split. */
export function bisectWindow(window: TimeWindow, timeZone: string): [TimeWindow, TimeWindow] | undefined {
  const s = parseOrThrow(window.start, timeZone, 'INTERNAL', 'window start');
  const e = parseOrThrow(window.end, timeZone, 'INTERNAL', 'window end');
  const mid = Math.floor((s + (e - s) / 2) / 1000) * 1000;
  if (mid <= s || mid >= e) return undefined;
  const m = formatWallClock(mid, timeZone);
  return [
    { start: window.start, end: m },
    { start: m, end: window.end },
  ];
}
