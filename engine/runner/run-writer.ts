import type { CheckpointTracker } from './progress-tracker.js';
import { realSleep } from './retry.js';
import type { RunDeps, RunSummary } from './types.js';
import { BatchWriter } from './writer.js';

/** Concurrent write calls when the scheme does not say: Kingdee handles a few saves at once well. */
export const DEFAULT_CONCURRENCY = 2;

/** The BatchWriter of a run or replay, counting every settled item into the summary. */
export function createRunWriter(deps: RunDeps, tracker: CheckpointTracker, summary: RunSummary, maxAttempts: number): BatchWriter {
  const { loaded, counts } = { loaded: deps.loaded, counts: summary.counts };
  return new BatchWriter({
    scheme: loaded.scheme.name,
    schemeVersion: loaded.scheme.version,
    store: deps.store,
    target: deps.target,
    logger: deps.logger,
    batchSize: loaded.scheme.target.batchSize,
    concurrency: loaded.scheme.target.concurrency ?? DEFAULT_CONCURRENCY,
    maxAttempts,
    preflight: loaded.scheme.target.preflight?.enabled ?? false,
    sleep: deps.sleep ?? realSleep,
    onSettled: (item, fate, err) => {
      tracker.release(item.unit);
      if (fate === 'parked') {
        counts.parked++;
        const code = err?.code ?? 'UNKNOWN';
        summary.parkedByCode[code] = (summary.parkedByCode[code] ?? 0) + 1;
      } else if (fate === 'updated') counts.updated++;
      else {
        counts.written++;
        if (fate === 'reconciled') counts.reconciled++;
      }
      deps.onProgress?.(counts);
    },
    onRetry: () => counts.retried++,
  });
}
