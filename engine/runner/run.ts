import { readWindowsInOrder } from '../sources/ordered-windows.js';
import type { SourcePage, TimeWindow } from '../sources/types.js';
import { planWindows } from '../sources/windows.js';
import type { LockHandle } from '../state/store.js';
import { crashPoint } from './crash-points.js';
import { closeRun, EXIT_CODES, recordStop } from './exit.js';
import { prefetch } from './prefetch.js';
import { CheckpointTracker } from './progress-tracker.js';
import { type FlowContext, processRecords } from './record-flow.js';
import { reconcileUnsettled } from './reconcile.js';
import { emptyCounts, type PlanLine, type RunDeps, type RunOptions, type RunSummary } from './types.js';
import { createRunWriter } from './run-writer.js';

/**
 * One run of a scheme: lock, reconcile what a previous run left unsettled, plan windows from the
 * checkpoint (or `from`/`to`), read pages, and take every record to a settled fate; the
 * checkpoint advances past a window only when every record in it is settled. Never throws for
 * remote or data failures: they end in the summary's exit code (0, 3 parked, 1 aborted).
 */
export async function runScheme(deps: RunDeps, options: RunOptions): Promise<RunSummary> {
  const { loaded, store, logger } = deps;
  const scheme = loaded.scheme.name;
  const now = deps.now ?? Date.now;
  const dryRun = options.dryRun ?? false;
  const counts = emptyCounts();
  const summary: RunSummary = { exitCode: EXIT_CODES.OK, counts, windows: [], parkedByCode: {}, ...(dryRun && { plan: [] }) };
  let lock: LockHandle | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  if (!dryRun) {
    lock = await store.acquireLock(scheme);
    heartbeat = setInterval(() => void lock?.heartbeat().catch(() => undefined), 30_000);
    heartbeat.unref();
    summary.runId = await store.startRun(scheme, { mode: options.mode, ...(options.from && { from: options.from }), ...(options.to && { to: options.to }), schemeVersion: loaded.scheme.version });
  }
  const tracker = new CheckpointTracker();
  const writer = createRunWriter(deps, tracker, summary, options.maxAttempts ?? 4);
  const ctx: FlowContext = { loaded, store, writer, tracker, counts, parkedByCode: summary.parkedByCode, ...(summary.plan && { plan: summary.plan }) };
  const moveCheckpoint = async () => {
    const value = tracker.advance();
    if (value && options.mode === 'incremental' && !dryRun) {
      crashPoint('before-checkpoint');
      await store.setCheckpoint(scheme, value);
      crashPoint('after-checkpoint');
      summary.checkpoint = value;
    }
  };
  try {
    if (!dryRun) {
      counts.reconciled += await reconcileUnsettled(deps, ctx);
      await retryPending(ctx);
    }
    const cursorMode = loaded.scheme.source.paging.mode === 'cursor';
    const checkpoint = await store.getCheckpoint(scheme);
    let stream: AsyncIterable<ReadEvent>;
    if (cursorMode && options.mode === 'incremental') {
      stream = cursorEvents(deps, checkpoint ?? loaded.scheme.source.paging.cursor!.initial);
    } else {
      const windows = planWindows({
        spec: loaded.scheme.source.window,
        now: new Date(now()),
        ...(options.mode === 'incremental' && checkpoint !== undefined && { checkpoint }),
        ...(options.from !== undefined && { from: options.from }),
        ...(options.to !== undefined && { to: options.to }),
      });
      summary.windows = windows;
      stream = windowEvents(deps, windows);
    }
    await consume(ctx, prefetch(stream, READ_AHEAD_PAGES), deps, moveCheckpoint);
    await writer.flush();
    await moveCheckpoint();
    if (writer.error) throw writer.error;
    if (summary.plan) await consultTarget(deps, summary.plan);
    summary.exitCode = counts.parked > 0 ? EXIT_CODES.PARKED : EXIT_CODES.OK;
  } catch (e) {
    const err = recordStop(summary, e);
    await writer.flush().catch(() => undefined);
    await moveCheckpoint().catch(() => undefined);
    logger.error({ err: err.toJSON() }, 'run stopped');
  } finally {
    clearInterval(heartbeat);
    await closeRun(store, summary.runId, summary, lock);
  }
  return summary;
}

/** Pages read ahead of processing while writes are in flight (bounded: memory stays flat). */
const READ_AHEAD_PAGES = 4;

/** What the reader delivers, in source order: window boundaries and pages. */
type ReadEvent =
  | { kind: 'open'; checkpoint: string; window?: TimeWindow }
  | { kind: 'page'; page: SourcePage }
  | { kind: 'close' };

/** Pages a window read ahead of the delivered one may hold (per window; bounded memory). */
const WINDOW_BUFFER_PAGES = 4;

/**
 * Every window's pages, in window order, bracketed so the consumer knows when a window is fully
 * read. `source.window.parallel` windows are read at once through the connector's one rate budget.
 */
async function* windowEvents(deps: RunDeps, windows: readonly TimeWindow[]): AsyncGenerator<ReadEvent> {
  const parallel = deps.loaded.scheme.source.window.parallel ?? 1;
  const read = (w: TimeWindow, signal: AbortSignal) => deps.source.readWindow(w, signal);
  for await (const ev of readWindowsInOrder(read, windows, { parallel, bufferPages: WINDOW_BUFFER_PAGES })) {
    if (ev.kind === 'open') yield { kind: 'open', checkpoint: ev.window.end, window: ev.window };
    else if (ev.kind === 'page') yield ev;
    else yield { kind: 'close' };
  }
}

/** Cursor mode: each page is its own unit; its checkpoint is the cursor after it. */
async function* cursorEvents(deps: RunDeps, start: string): AsyncGenerator<ReadEvent> {
  for await (const page of deps.source.readCursor!(start)) {
    yield { kind: 'open', checkpoint: page.cursor ?? start };
    yield { kind: 'page', page };
    yield { kind: 'close' };
  }
}

/** Feeds pages to the flow, tracking which checkpoint unit each record belongs to. */
async function consume(ctx: FlowContext, events: AsyncIterable<ReadEvent>, deps: RunDeps, moveCheckpoint: () => Promise<void>): Promise<void> {
  let unit = -1;
  let window: TimeWindow | undefined;
  for await (const ev of events) {
    if (ev.kind === 'open') {
      unit = ctx.tracker.open(ev.checkpoint);
      window = ev.window;
      if (window) ctx.counts.windows++;
      continue;
    }
    if (ev.kind === 'close') {
      ctx.tracker.readDone(unit);
      await moveCheckpoint();
      continue;
    }
    crashPoint('page-read');
    const { page } = ev;
    ctx.counts.pages++;
    ctx.counts.read += page.records.length;
    const w = window ?? page.window;
    await processRecords(
      ctx,
      page.records.map((r) => ({ key: r.key, version: r.version, raw: r.raw, windowStart: w.start, windowEnd: w.end })),
      unit,
    );
    await moveCheckpoint();
    deps.onProgress?.(ctx.counts);
  }
}

/**
 * Records left `seen` with their source record (a stopped backfill or replay, a retry that ran
 * out of attempts) are taken through the flow again before new windows are read.
 */
async function retryPending(ctx: FlowContext): Promise<void> {
  const scheme = ctx.loaded.scheme.name;
  let afterKey: string | undefined;
  for (;;) {
    const rows = await ctx.store.listByState(scheme, ['seen'], { limit: 200, ...(afterKey !== undefined && { afterKey }) });
    if (!rows.length) break;
    afterKey = rows[rows.length - 1]!.key;
    const unit = ctx.tracker.open('');
    await processRecords(
      ctx,
      rows.filter((r) => r.record).map((r) => ({ key: r.key, version: r.sourceVersion, raw: r.record!, ...(r.windowStart !== undefined && { windowStart: r.windowStart }), ...(r.windowEnd !== undefined && { windowEnd: r.windowEnd }) })),
      unit,
    );
    ctx.tracker.readDone(unit);
  }
  await ctx.writer.flush();
}

/** Dry run: a planned create whose bill already exists in the target would only be reconciled. */
async function consultTarget(deps: RunDeps, plan: PlanLine[]): Promise<void> {
  const creates = plan.filter((p) => p.action === 'create' && p.billNo);
  for (let i = 0; i < creates.length; i += 200) {
    const chunk = creates.slice(i, i + 200);
    const found = await deps.target.findExisting(chunk.map((p) => p.billNo!));
    for (const p of chunk) {
      const bill = found.get(p.billNo!);
      if (bill) {
        p.action = 'unchanged';
        p.reason = `bill ${bill.number} already exists in the target (id ${bill.id}); would be reconciled, not written`;
      }
    }
  }
}
