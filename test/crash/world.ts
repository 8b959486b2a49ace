import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type SandboxPair, startSandboxes } from '../../engine/sandbox/environment.js';
import type { K3SandboxOptions } from '../../engine/sandbox/k3cloud/types.js';
import type { QimenSandboxOptions } from '../../engine/sandbox/qimen/server.js';
import { formatShanghai, parseShanghai } from '../../engine/sandbox/qimen/shanghai-time.js';
import { parseDuration } from '../../engine/scheme/duration.js';
import { loadScheme } from '../../engine/scheme/load.js';
import { openStore } from '../../engine/state/open.js';
import type { StateStore } from '../../engine/state/store.js';
import { BUNDLED, RANGE } from '../helpers/harness.js';
import { type ChildResult, childEnv, runFerryChild } from './child.js';
import { type Kill, killLabel } from './kill-plan.js';

/**
 * The world of one crash scenario: both sandboxes in this (test) process, a fresh state file,
 * and the real CLI run against them as child processes — one at a time, as cron would, unless a
 * test starts two on purpose.
 */

/** `backfill` runs `ferry run --from --to` over the data; `incremental` runs from the checkpoint. */
export type RunMode = 'backfill' | 'incremental';

/** What a world is built from. */
export interface WorldOptions {
  /** Seeds the generated sales-outs (the kill plan has its own seed). */
  dataSeed: number;
  mode: RunMode;
  orders: number;
  /** Days of modified times the orders are spread over (one window per day). */
  days: number;
  qimen?: Omit<QimenSandboxOptions, 'seed' | 'orders' | 'from' | 'to'>;
  k3?: K3SandboxOptions;
  /** A child still running after this long is killed and reported as hung; default 60 s. */
  hangAfterMs?: number;
}

/** One child run, as the scenario log keeps it. */
export interface RunRecord {
  label: string;
  code: number | null;
  signal: string | null;
  hung: boolean;
  ms: number;
  /** The run summary's headline, else the last line the run printed. */
  headline: string;
  /**
   * For a run that parked, stopped or failed (exit ≠ 0): the rest of its summary (counts, parked
   * by reason, what stopped it) and the end of stderr, for the failure message.
   */
  details?: string;
}

/** A running world. */
export interface CrashWorld {
  pair: SandboxPair;
  scheme: string;
  statePath: string;
  /** Modified-time range of the data, GMT+8 wall clock. */
  range: { from: string; to: string };
  /** Every child run so far, in order. */
  log: RunRecord[];
  /** Runs the CLI once in the world's mode (or `mode`), optionally to be killed by `kill`. */
  run(kill?: Kill, opts?: { mode?: RunMode; label?: string }): Promise<ChildResult>;
  /** Opens the state file from this process (only while no child runs), runs `fn`, closes it. */
  withStore<T>(fn: (store: StateStore) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Data ends this long before now in incremental mode, well before the scheme's 2 m lag. */
const INCREMENTAL_END_BEFORE_NOW_MS = 30 * 60_000;
const DAY_MS = 86_400_000;

/**
 * Starts a world. Incremental worlds put the data in the last `days` days and pre-set the
 * checkpoint so the first run starts at the data (checkpoint − the scheme's lookback): a scheme
 * that has been running for a while, without hundreds of empty windows since firstRunStart.
 */
export async function startWorld(options: WorldOptions): Promise<CrashWorld> {
  const range = dataRange(options);
  const pair = await startSandboxes({
    qimen: { ...options.qimen, seed: options.dataSeed, orders: options.orders, ...range },
    ...(options.k3 && { k3: options.k3 }),
  });
  const dir = mkdtempSync(join(tmpdir(), 'ferry-crash-'));
  const statePath = join(dir, 'state.db');
  const log: RunRecord[] = [];
  try {
    const loaded = await loadScheme(BUNDLED, { env: pair.env });
    const scheme = loaded.scheme.name;
    const lookbackMs = parseDuration(loaded.scheme.source.window.lookback, { allowZero: true });
    const withStore = async <T>(fn: (store: StateStore) => Promise<T>): Promise<T> => {
      const store = await openStore({ path: statePath, cwd: process.cwd() });
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    };
    if (options.mode === 'incremental') {
      await withStore((s) => s.setCheckpoint(scheme, formatShanghai(parseShanghai(range.from)! + lookbackMs)));
    }
    return {
      pair,
      scheme,
      statePath,
      range,
      log,
      withStore,
      async run(kill, opts = {}) {
        const mode = opts.mode ?? options.mode;
        const args = ['run', BUNDLED, ...(mode === 'backfill' ? ['--from', range.from, '--to', range.to] : []), '--state', statePath];
        const env = childEnv({ ...pair.env, FERRY_STATE: statePath, ...(kill?.kind === 'point' && { FERRY_CRASH_AT: `${kill.point}:${kill.nth}` }) });
        const result = await runFerryChild({
          args,
          env,
          ...(options.hangAfterMs !== undefined && { hangAfterMs: options.hangAfterMs }),
          ...(kill?.kind === 'outside' && { killAfterMs: kill.afterMs }),
        });
        const headline = headlineOf(result);
        const label = opts.label ?? (kill ? killLabel(kill) : mode === options.mode ? 'clean' : `clean ${mode}`);
        const details = result.code !== null && result.code !== 0 ? detailsOf(result) : undefined;
        log.push({ label, code: result.code, signal: result.signal, hung: result.hung, ms: result.ms, headline, ...(details && { details }) });
        return result;
      },
      async close() {
        await pair.close();
        // FERRY_CRASH_KEEP=1 keeps the state file of every world for a look with `ferry status`/`parked`.
        if (process.env.FERRY_CRASH_KEEP !== '1') rmSync(dirname(statePath), { recursive: true, force: true });
      },
    };
  } catch (e) {
    await pair.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Backfill data sits in May 2024 (as the in-process harness); incremental data ends just before now. */
function dataRange(options: WorldOptions): { from: string; to: string } {
  if (options.mode === 'backfill') {
    const fromMs = parseShanghai(RANGE.from)!;
    return { from: RANGE.from, to: formatShanghai(fromMs + options.days * DAY_MS) };
  }
  const toMs = Math.floor((Date.now() - INCREMENTAL_END_BEFORE_NOW_MS) / 1000) * 1000;
  return { from: formatShanghai(toMs - options.days * DAY_MS), to: formatShanghai(toMs) };
}

/**
 * The run summary's first line (`<scheme>: complete …`), else the last line the run printed —
 * a warning logged before a kill, or the error that stopped it.
 */
function headlineOf(result: ChildResult): string {
  const lines = `${result.stdout}\n${result.stderr}`.split('\n').filter((l) => l.trim());
  return lines.find((l) => /^[\w.-]+: (complete|stopped)/.test(l)) ?? lines.at(-1) ?? '';
}

/** The summary lines after the headline (not the JSON log lines) and the end of stderr. */
function detailsOf(result: ChildResult): string {
  const summary = result.stdout.split('\n').filter((l) => l.startsWith('  '));
  return [...summary, ...result.stderr.slice(-1500).split('\n')].filter((l) => l.trim()).join('\n');
}

/** The log as lines, for a failure message: what ran, how it ended, what it said. */
export function formatLog(log: readonly RunRecord[]): string {
  return log
    .map((r, i) => {
      const line = `  #${i + 1} ${r.label.padEnd(22)} ${r.signal ?? `exit ${r.code}`}${r.hung ? ' (HUNG)' : ''} ${r.ms}ms  ${r.headline}`;
      return r.details ? `${line}\n${r.details.replace(/^/gm, '      | ')}` : line;
    })
    .join('\n');
}
