import type { ParkedFilter } from '../state/store.js';
import { closeRun, EXIT_CODES, recordStop } from './exit.js';
import { CheckpointTracker } from './progress-tracker.js';
import { type FlowContext, processRecords } from './record-flow.js';
import { reconcileUnsettled } from './reconcile.js';
import { emptyCounts, type RunDeps, type RunSummary } from './types.js';
import { createRunWriter } from './run-writer.js';

/**
 * Sends parked records again through the *current* scheme (after the mapping or master data was
 * fixed), under the same lock, write-ahead intent and reconciliation as a run: a replayed record
 * ends written, skipped or parked again with its new reason — never written twice.
 */
export async function replayParked(deps: RunDeps, filter: ParkedFilter): Promise<RunSummary> {
  const { loaded, store } = deps;
  const scheme = loaded.scheme.name;
  const counts = emptyCounts();
  const summary: RunSummary = { exitCode: EXIT_CODES.OK, counts, windows: [], parkedByCode: {} };
  const lock = await store.acquireLock(scheme);
  summary.runId = await store.startRun(scheme, { mode: 'replay', schemeVersion: loaded.scheme.version });
  const tracker = new CheckpointTracker();
  const writer = createRunWriter(deps, tracker, summary, 4);
  const ctx: FlowContext = { loaded, store, writer, tracker, counts, parkedByCode: summary.parkedByCode };
  try {
    await reconcileUnsettled(deps, ctx);
    const rows = await store.listParked(scheme, filter);
    counts.read = rows.length;
    for (let i = 0; i < rows.length; i += 200) {
      const unit = tracker.open('');
      const chunk = rows.slice(i, i + 200).filter((r) => r.record);
      await processRecords(ctx, chunk.map((r) => ({ key: r.key, version: r.sourceVersion, raw: r.record!, ...(r.windowStart !== undefined && { windowStart: r.windowStart }), ...(r.windowEnd !== undefined && { windowEnd: r.windowEnd }) })), unit, true);
      tracker.readDone(unit);
    }
    await writer.flush();
    summary.exitCode = counts.parked > 0 ? EXIT_CODES.PARKED : EXIT_CODES.OK;
  } catch (e) {
    recordStop(summary, e);
    await writer.flush().catch(() => undefined);
  } finally {
    await closeRun(store, summary.runId, summary, lock);
  }
  return summary;
}
