import { FerryError } from '../errors.js';
import type { LedgerRow, StateStore } from '../state/store.js';
import { contentHash } from './hash.js';
import { decide } from './decide.js';
import type { CheckpointTracker } from './progress-tracker.js';
import type { PlanLine, RunCounts } from './types.js';
import type { BatchWriter, WorkItem } from './writer.js';
import type { LoadedScheme } from '../scheme/load.js';

/** A record with the facts the flow needs. */
export interface FlowRecord {
  key: string;
  version: string;
  raw: Record<string, unknown>;
  windowStart?: string;
  windowEnd?: string;
}

export interface FlowContext {
  loaded: LoadedScheme;
  store: StateStore;
  writer: BatchWriter;
  tracker: CheckpointTracker;
  counts: RunCounts;
  parkedByCode: Record<string, number>;
  /** Dry run: collect plan lines instead of touching the ledger or the target. */
  plan?: PlanLine[];
}

/**
 * Takes one page of records through ledger → filter/mapping/assertions → writer. Skips and parks
 * settle at once; writes settle when their batch returns. `force` (replay) maps even records the
 * ledger already decided at this version.
 */
export async function processRecords(ctx: FlowContext, records: FlowRecord[], unit: number, force = false): Promise<void> {
  const { loaded, store } = ctx;
  const scheme = loaded.scheme.name;
  // A key still in flight (window overlap, a retried record) must settle before its row is read.
  if (records.some((r) => ctx.writer.isBusy(r.key))) await ctx.writer.flush();
  const rows = await store.getRows(scheme, records.map((r) => r.key));
  const settleNow: Parameters<StateStore['settle']>[1][number][] = [];
  for (const rec of records) {
    const row = rows.get(rec.key);
    if (!force && decide(row, rec.version) === 'unchanged') {
      ctx.counts.unchanged++;
      ctx.plan?.push({ key: rec.key, action: 'unchanged', reason: `already ${row!.state} at this version` });
      continue;
    }
    const facts = {
      sourceVersion: rec.version,
      record: rec.raw,
      schemeVersion: loaded.scheme.version,
      ...(rec.windowStart !== undefined && { windowStart: rec.windowStart }),
      ...(rec.windowEnd !== undefined && { windowEnd: rec.windowEnd }),
    };
    const result = await loaded.mapper.map(rec.raw, rec.key);
    if (result.kind === 'skip') {
      if (row?.state === 'written') {
        // Shipped and written, now filtered out (e.g. Cancelled after the bill was made).
        const change = changedAfterWrite(loaded, row, `now filtered: ${result.reason}`);
        if (change) parkOrPlan(ctx, settleNow, rec.key, change, facts);
        else skipWritten(ctx, rec.key, result.reason);
        continue;
      }
      ctx.counts.skipped++;
      if (ctx.plan) ctx.plan.push({ key: rec.key, action: 'skip', reason: result.reason });
      else {
        // A skipped record is not replayed, so its source record is not kept (it would be most of the ledger).
        const { record: _record, ...kept } = facts;
        settleNow.push({ key: rec.key, state: 'skipped', reason: result.reason, ...kept });
      }
      continue;
    }
    if (result.kind === 'park') {
      parkOrPlan(ctx, settleNow, rec.key, result.error, facts);
      continue;
    }
    const document = result.document;
    const billNo = String(document[loaded.scheme.target.billNoField] ?? '');
    const hash = contentHash(document);
    if (!billNo) {
      parkOrPlan(ctx, settleNow, rec.key, new FerryError('MAPPING_EMPTY', `the bill number field ${loaded.scheme.target.billNoField} is empty`, { recordKey: rec.key, field: loaded.scheme.target.billNoField }), facts);
      continue;
    }
    let fid: string | undefined;
    if (row?.targetId) {
      // Written before (possibly parked or retried since): a change follows the onChange policy.
      if (row.contentHash === hash) {
        ctx.counts.unchanged++;
        ctx.plan?.push({ key: rec.key, action: 'unchanged', reason: 'newer version maps to the same document' });
        continue;
      }
      const policy = loaded.scheme.target.onChange;
      if (policy === 'skip') {
        skipWritten(ctx, rec.key, 'changed after it was written (onChange: skip)');
        continue;
      }
      // A replay is a person's decision to apply the change: a bill parked for RECORD_CHANGED is updated.
      if (policy === 'park' && !force) {
        parkOrPlan(ctx, settleNow, rec.key, changedAfterWrite(loaded, row, 'the mapped document differs')!, facts);
        continue;
      }
      fid = row.targetId;
    }
    if (ctx.plan) {
      ctx.plan.push({ key: rec.key, action: fid ? 'update' : 'create', billNo });
      continue;
    }
    const item: WorkItem = {
      key: rec.key,
      version: rec.version,
      record: rec.raw,
      hash,
      unit,
      doc: { key: rec.key, billNo, model: fid ? { ...document, FID: fid } : document, ...(fid !== undefined && { fid }) },
      ...(rec.windowStart !== undefined && { windowStart: rec.windowStart }),
      ...(rec.windowEnd !== undefined && { windowEnd: rec.windowEnd }),
    };
    ctx.tracker.hold(unit);
    await ctx.writer.add(item);
  }
  if (settleNow.length) await store.settle(scheme, settleNow);
}

function changedAfterWrite(loaded: LoadedScheme, row: LedgerRow, what: string): FerryError | undefined {
  if (loaded.scheme.target.onChange !== 'park') return undefined;
  return new FerryError('RECORD_CHANGED', `record changed after it was written as bill ${row.targetNumber ?? row.billNo} (${what}); onChange: park`, { recordKey: row.key, hint: 'check the bill in Kingdee, then replay or leave it' });
}

function skipWritten(ctx: FlowContext, key: string, reason: string): void {
  ctx.counts.unchanged++;
  ctx.plan?.push({ key, action: 'skip', reason });
}

function parkOrPlan(ctx: FlowContext, settleNow: Parameters<StateStore['settle']>[1][number][], key: string, error: FerryError, facts: { sourceVersion: string; record: Record<string, unknown> }): void {
  ctx.counts.parked++;
  ctx.parkedByCode[error.code] = (ctx.parkedByCode[error.code] ?? 0) + 1;
  if (ctx.plan) ctx.plan.push({ key, action: 'park', reason: `${error.code}: ${error.message}` });
  else settleNow.push({ key, state: 'parked', error, ...facts });
}
