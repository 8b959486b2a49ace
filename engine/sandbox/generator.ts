import { FerryError } from '../errors.js';
import { mix, unit } from './qimen/random.js';
import { buildSalesOutRecord, type SalesOutRecord } from './qimen/sales-out-record.js';
import { parseShanghai } from './qimen/shanghai-time.js';

/**
 * The seeded sales-out generator. Record i is a pure function of (seed, i, orders, from, to), so
 * a million orders cost nothing until read, and the same seed always yields the same data.
 * Modified times are non-decreasing in i (a time window is an index range, found by binary
 * search), many records share a second (bursts of 4 and of 64), and `ts` strictly increases.
 */

/** Generator settings; `from`/`to` are Asia/Shanghai wall-clock. */
export interface GeneratorOptions {
  seed?: number;
  orders?: number;
  from?: string;
  to?: string;
}

/** Defaults: 2,000 orders over May 2024. */
export const GENERATOR_DEFAULTS = { seed: 1, orders: 2000, from: '2024-05-01 00:00:00', to: '2024-05-31 00:00:00' } as const;

/** First row version handed out; ids below 2^53 so cursors stay plain numbers. */
export const TS_BASE = 1_234_567_890_123;
const TS_STEP = 4;
const IO_ID_BASE = 1_660_000;
const O_ID_BASE = 36_000;
/** Ids of about 2% of orders sit above 2^53 (9007199254740993 is not a float64). */
const BIG_ID_BASE = 9_007_199_254_740_993n;
const SALT_BIG_IO = 11;
const SALT_BIG_O = 12;
const SALT_BURST64 = 13;
const SALT_BURST4 = 14;
const SALT_TS = 15;
const SALT_STATUS = 16;

/** The sales-out statuses the generator hands out (spec §5.4; Delete/OuterConfirming never). */
export type SaleOutStatus = 'WaitConfirm' | 'Confirmed' | 'Cancelled' | 'Archive';

/** Lazily generated sales-outs, addressable by index 0 … count−1. */
export class SalesOutGenerator {
  readonly seed: number;
  readonly count: number;
  readonly fromMs: number;
  readonly toMs: number;
  private readonly spanSec: number;

  constructor(options: GeneratorOptions = {}) {
    this.seed = options.seed ?? GENERATOR_DEFAULTS.seed;
    this.count = options.orders ?? GENERATOR_DEFAULTS.orders;
    const from = parseShanghai(options.from ?? GENERATOR_DEFAULTS.from);
    const to = parseShanghai(options.to ?? GENERATOR_DEFAULTS.to);
    if (from === undefined || to === undefined || to <= from || !Number.isInteger(this.count) || this.count < 0) {
      throw new FerryError('USAGE', 'sandbox generator needs orders ≥ 0 and from < to as yyyy-MM-dd HH:mm:ss');
    }
    this.fromMs = from;
    this.toMs = to;
    this.spanSec = Math.floor((to - from) / 1000);
  }

  private nominalSec(i: number): number {
    return Math.floor((i * this.spanSec) / Math.max(1, this.count));
  }

  /** Base modified instant of record i (epoch ms, whole seconds); non-decreasing in i. */
  modifiedMs(i: number): number {
    const b64 = Math.floor(i / 64);
    const b4 = Math.floor(i / 4);
    let sec: number;
    if (unit(this.seed, SALT_BURST64, b64) < 0.04) sec = this.nominalSec(b64 * 64);
    else if (unit(this.seed, SALT_BURST4, b4) < 0.25) sec = this.nominalSec(b4 * 4);
    else sec = this.nominalSec(i);
    return this.fromMs + sec * 1000;
  }

  /** Base row version of record i; strictly increasing in i, all below `nextTsFloor()`. */
  ts(i: number): number {
    return TS_BASE + i * TS_STEP + (mix(this.seed, SALT_TS, i) % 3);
  }

  /** A row version above every generated one: where modifications start counting. */
  nextTsFloor(): number {
    return TS_BASE + this.count * TS_STEP;
  }

  /** Whether io_id (`'io'`) or o_id (`'o'`) of record i is above 2^53. */
  isBigId(i: number, which: 'io' | 'o'): boolean {
    return unit(this.seed, which === 'io' ? SALT_BIG_IO : SALT_BIG_O, i) < 0.02;
  }

  /** io_id of record i: a number, or a bigint above 2^53. */
  ioId(i: number): number | bigint {
    return this.isBigId(i, 'io') ? BIG_ID_BASE + BigInt(i) : IO_ID_BASE + i;
  }

  /** o_id of record i: a number, or a bigint above 2^53. */
  oId(i: number): number | bigint {
    return this.isBigId(i, 'o') ? BIG_ID_BASE * 2n + BigInt(i) : O_ID_BASE + i * 3;
  }

  /** The index of an io_id given as decimal text; undefined for ids not generated. */
  indexOfIoId(id: string): number | undefined {
    if (!/^\d+$/.test(id)) return undefined;
    const n = BigInt(id);
    const i = Number(n >= BIG_ID_BASE ? n - BIG_ID_BASE : n - BigInt(IO_ID_BASE));
    if (!Number.isSafeInteger(i) || i < 0 || i >= this.count) return undefined;
    return String(this.ioId(i)) === id ? i : undefined;
  }

  /** Status of record i (cheap: no record is built). */
  status(i: number): SaleOutStatus {
    const r = unit(this.seed, SALT_STATUS, i);
    return r < 0.55 ? 'Confirmed' : r < 0.8 ? 'Archive' : r < 0.92 ? 'WaitConfirm' : 'Cancelled';
  }

  /** The full record i, as the gateway would send it (bigints and number literals kept exact). */
  record(i: number): SalesOutRecord {
    return buildSalesOutRecord(this, i);
  }

  /** Smallest i in [0, count] with `f(i) ≥ bound` for a non-decreasing f. */
  lowerBound(f: (i: number) => number, bound: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (f(mid) < bound) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export type { SalesOutRecord };
