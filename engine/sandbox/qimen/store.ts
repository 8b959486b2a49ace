import { FerryError } from '../../errors.js';
import type { SalesOutGenerator, SalesOutRecord } from '../generator.js';
import { formatShanghai, parseShanghai } from './shanghai-time.js';
import { type WindowQuery, type WindowView, windowView } from './window-view.js';

/**
 * The sandbox's sales-out data: generated records plus the few that tests (or the "modified while
 * paging" fault) changed. Changed records are kept whole; every other record is rebuilt from the
 * generator on demand, so the store scales to a million orders.
 */

/** A changed record with its sort keys parsed once. */
export interface ChangedRecord {
  index: number;
  record: SalesOutRecord;
  modifiedMs: number;
  ioDateMs: number;
  ts: number;
}

/** Fields a test may patch; anything else in the record may be patched too. */
export type SalesOutPatch = Partial<Record<string, unknown>> & { modified?: string; io_date?: string; status?: string };

/** Generated sales-outs with modifications. */
export class SalesOutStore {
  private readonly changed = new Map<number, ChangedRecord>();
  private nextTs: number;

  constructor(
    readonly generator: SalesOutGenerator,
    private readonly now: () => number,
  ) {
    this.nextTs = generator.nextTsFloor();
  }

  /** Number of records. */
  get count(): number {
    return this.generator.count;
  }

  /** Record at index i, as currently stored. */
  at(i: number): SalesOutRecord {
    return this.changed.get(i)?.record ?? this.generator.record(i);
  }

  /** The record with this io_id (decimal text), or undefined. */
  get(ioId: string): SalesOutRecord | undefined {
    const i = this.generator.indexOfIoId(ioId);
    return i === undefined ? undefined : this.at(i);
  }

  /** The index of an io_id; throws USAGE for an unknown one. */
  indexOf(ioId: string): number {
    const i = this.generator.indexOfIoId(ioId);
    if (i === undefined) throw new FerryError('USAGE', `sandbox has no sales-out with io_id ${ioId}`);
    return i;
  }

  /**
   * Changes a record as Jushuitan would: applies `patch`, sets `modified` to the patch's value or
   * to now (GMT+8), and gives it a fresh `ts` above every other. Returns the new record.
   */
  modify(ioId: string, patch: SalesOutPatch = {}): SalesOutRecord {
    return this.modifyAt(this.indexOf(ioId), patch);
  }

  /** `modify` by index. */
  modifyAt(i: number, patch: SalesOutPatch = {}): SalesOutRecord {
    const record = { ...this.at(i), ...patch, ts: this.nextTs++ } as SalesOutRecord;
    record.modified = patch.modified ?? formatShanghai(this.now());
    const modifiedMs = parseShanghai(String(record.modified));
    const ioDateMs = parseShanghai(String(record.io_date));
    if (modifiedMs === undefined || ioDateMs === undefined) {
      throw new FerryError('USAGE', 'modified and io_date must be yyyy-MM-dd HH:mm:ss');
    }
    this.changed.set(i, { index: i, record, modifiedMs, ioDateMs, ts: record.ts as number });
    return record;
  }

  /** Changed records, in index order. */
  changes(): ChangedRecord[] {
    return [...this.changed.values()].sort((a, b) => a.index - b.index);
  }

  /** Status of record i without building it. */
  statusAt(i: number): string {
    const c = this.changed.get(i);
    return c ? String(c.record.status) : this.generator.status(i);
  }

  /** Whether record i was changed. */
  isChanged(i: number): boolean {
    return this.changed.has(i);
  }

  /** The records of a time window, ordered by (time, index); see window-view.ts. */
  window(query: WindowQuery): WindowView {
    return windowView(this, query);
  }

  /**
   * Up to `limit` records with ts after `afterTs` (or at it when `inclusive`), by ts ascending,
   * and whether more follow.
   */
  afterTs(afterTs: number, inclusive: boolean, limit: number, keep: (i: number) => boolean): { rows: SalesOutRecord[]; more: boolean } {
    const gen = this.generator;
    const bound = inclusive ? afterTs : afterTs + 1;
    const rows: SalesOutRecord[] = [];
    for (let j = gen.lowerBound((i) => gen.ts(i), bound); j < gen.count && rows.length <= limit; j++) {
      if (!this.changed.has(j) && keep(j)) rows.push(gen.record(j));
    }
    const later = [...this.changed.values()].filter((c) => c.ts >= bound && keep(c.index)).sort((a, b) => a.ts - b.ts);
    for (const c of later) {
      if (rows.length > limit) break;
      rows.push(c.record);
    }
    return { rows: rows.slice(0, limit), more: rows.length > limit };
  }
}
