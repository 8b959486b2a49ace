import type { Logger } from '../log.js';
import type { LoadedScheme } from '../scheme/load.js';
import type { SourceConnector, TimeWindow } from '../sources/types.js';
import type { StateStore } from '../state/store.js';
import type { TargetConnector } from '../targets/types.js';

/** Everything a run needs, built by the caller (CLI, demo, tests). */
export interface RunDeps {
  loaded: LoadedScheme;
  store: StateStore;
  source: SourceConnector;
  target: TargetConnector;
  logger: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called after every settled batch and page, for progress display. */
  onProgress?: (counts: Readonly<RunCounts>) => void;
}

/** What kind of run, and its range. */
export interface RunOptions {
  /** `incremental` moves the checkpoint; `backfill` reads `from`..`to` and leaves it alone. */
  mode: 'incremental' | 'backfill';
  from?: string;
  to?: string;
  /** A plan: read, consult the ledger and the target, write nothing anywhere. */
  dryRun?: boolean;
  /** Write attempts per record within one run before the run stops. Default 4. */
  maxAttempts?: number;
}

/** Counts by outcome, for the summary, the progress line and the run history. */
export interface RunCounts {
  windows: number;
  pages: number;
  read: number;
  written: number;
  updated: number;
  unchanged: number;
  skipped: number;
  parked: number;
  reconciled: number;
  retried: number;
}

/** One line of a dry-run plan. */
export interface PlanLine {
  key: string;
  action: 'create' | 'update' | 'skip' | 'park' | 'unchanged';
  reason?: string;
  billNo?: string;
}

/** How a run ended. */
export interface RunSummary {
  runId?: number;
  exitCode: number;
  counts: RunCounts;
  windows: TimeWindow[];
  checkpoint?: string;
  /** Set when the run stopped early: what stopped it. */
  error?: Record<string, unknown>;
  /** Parked in this run: error code → count (for the summary). */
  parkedByCode: Record<string, number>;
  plan?: PlanLine[];
}

export function emptyCounts(): RunCounts {
  return { windows: 0, pages: 0, read: 0, written: 0, updated: 0, unchanged: 0, skipped: 0, parked: 0, reconciled: 0, retried: 0 };
}
