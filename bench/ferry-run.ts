import { main } from '../engine/cli/main.js';
import { FerryError } from '../engine/errors.js';

/** The counts `ferry run` prints in its summary. */
export interface RunCountsSeen {
  exitCode: number;
  pages: number;
  read: number;
  written: number;
  skipped: number;
  parked: number;
  retries: number;
}

/** One `ferry run` invocation, timed. */
export interface TimedRun {
  elapsedMs: number;
  counts: RunCountsSeen;
  out: string;
  err: string;
}

const num = (text: string, pattern: RegExp): number => {
  const m = pattern.exec(text);
  return m?.[1] === undefined ? Number.NaN : Number(m[1].replace(/,/g, ''));
};

/** Reads the counts off `ferry run`'s human summary (engine/cli/summary.ts). */
export function parseRunSummary(text: string): Omit<RunCountsSeen, 'exitCode'> {
  return {
    pages: num(text, /pages ([\d,]+)/),
    read: num(text, /records read ([\d,]+)/),
    written: num(text, /written ([\d,]+)/),
    skipped: num(text, /skipped ([\d,]+)/),
    parked: num(text, /parked ([\d,]+)/),
    retries: num(text, /retries ([\d,]+)/),
  };
}

/**
 * Runs `ferry run <scheme> --from --to --state <state>` in this process through the CLI's
 * own entry point (scheme load, state store, connectors, runner, summary), with `env` added to
 * the process environment. Throws RUN_ABORTED unless the run completed (exit 0, or 3 when some
 * records parked, as the sandbox data makes some do by design).
 */
export async function timedFerryRun(schemePath: string, range: { from: string; to: string }, env: Record<string, string>, state: string): Promise<TimedRun> {
  let out = '';
  let err = '';
  const io = {
    out: (t: string) => {
      out += t;
    },
    err: (t: string) => {
      err += t;
    },
    env: { ...process.env, FERRY_LOG_LEVEL: 'warn', ...env },
    cwd: process.cwd(),
    isTTY: false,
  };
  const started = performance.now();
  const exitCode = await main(['node', 'ferry', 'run', schemePath, '--from', range.from, '--to', range.to, '--state', state], io);
  const elapsedMs = performance.now() - started;
  if (exitCode !== 0 && exitCode !== 3) {
    throw new FerryError('RUN_ABORTED', `ferry run exited ${exitCode}:\n${out}${err}`);
  }
  return { elapsedMs, counts: { exitCode, ...parseRunSummary(out) }, out, err };
}
