import { FerryError } from '../errors.js';
import type { LockHandle, StateStore } from '../state/store.js';
import type { RunSummary } from './types.js';

/** Exit codes of a run, per docs/architecture.md. */
export const EXIT_CODES = {
  OK: 0,
  ABORTED: 1,
  INVALID: 2,
  PARKED: 3,
  BUG: 70,
} as const;

/** Records in the summary what stopped a run or replay: the error, and exit 70 for a bug, else 1. */
export function recordStop(summary: { error?: Record<string, unknown>; exitCode: number }, e: unknown): FerryError {
  const err = e instanceof FerryError ? e : new FerryError('INTERNAL', String(e), { cause: e });
  summary.error = err.toJSON();
  summary.exitCode = err.fault === 'bug' ? EXIT_CODES.BUG : EXIT_CODES.ABORTED;
  return err;
}

/** Closes the run's history row and lock; failures here must not mask the run's own outcome. */
export async function closeRun(store: StateStore, runId: number | undefined, summary: RunSummary, lock: LockHandle | undefined): Promise<void> {
  if (runId !== undefined) {
    await store.finishRun(runId, { exitCode: summary.exitCode, counts: { ...summary.counts }, ...(summary.error && { error: summary.error }) }).catch(() => undefined);
  }
  await lock?.release().catch(() => undefined);
}
