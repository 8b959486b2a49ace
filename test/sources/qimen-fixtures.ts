import type { QimenConnection, SourceSpec } from '../../engine/scheme/types.js';
import type { QimenSandbox } from '../../engine/sandbox/qimen/server.js';
import { RateBudgetRegistry } from '../../engine/sources/rate-limit.js';
import type { SourceConnector, SourceRecord, TimeWindow } from '../../engine/sources/types.js';

/** The sales-out source spec the bundled scheme uses, with overridable parts. */
export function saleoutSpec(overrides: { window?: Partial<SourceSpec['window']>; paging?: Partial<SourceSpec['paging']> } = {}): SourceSpec {
  return {
    connection: 'jst',
    method: 'jushuitan.saleout.list.query',
    params: { date_type: 0 },
    records: 'datas',
    key: 'io_id',
    version: 'modified',
    idFields: ['io_id', 'o_id', 'ts', 'co_id', 'shop_id', 'wms_co_id', 'items.ioi_id', 'items.oi_id'],
    moneyFields: ['pay_amount', 'paid_amount', 'freight', 'free_amount', 'items.sale_price', 'items.sale_amount', 'items.sale_base_price'],
    window: {
      startParam: 'start_time',
      endParam: 'end_time',
      format: 'yyyy-MM-dd HH:mm:ss',
      timezone: 'Asia/Shanghai',
      maxSpan: '7d',
      step: '1d',
      lookback: '10m',
      lag: '2m',
      firstRunStart: '2024-05-01 00:00:00',
      ...overrides.window,
    },
    paging: {
      mode: 'page',
      pageParam: 'page_index',
      sizeParam: 'page_size',
      size: 50,
      maxSize: 50,
      stopOn: 'hasNext',
      hasNextField: 'has_next',
      totalField: 'data_count',
      maxPages: 200,
      ...overrides.paging,
    },
  };
}

/** A connection to a running sandbox; generous limits unless overridden. */
export function sandboxConnection(sb: QimenSandbox, overrides: Partial<QimenConnection> = {}): QimenConnection {
  return {
    type: 'qimen',
    url: sb.url,
    ...sb.credentials,
    rateLimit: { perSecond: 10_000, perMinute: 100_000 },
    retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 100 },
    ...overrides,
  };
}

/** A fake clock whose sleep only moves time forward and records the wait. */
export function fakeClock(start = Date.UTC(2024, 5, 1, 4, 0, 0)): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}

/** Deps for createQimenSource with an isolated rate-budget registry (no sharing between tests). */
export function isolatedBudgets(): RateBudgetRegistry {
  return new RateBudgetRegistry();
}

/** Drains readWindow over several windows, collecting records. */
export async function readAll(source: SourceConnector, windows: readonly TimeWindow[]): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for (const w of windows) for await (const page of source.readWindow(w)) out.push(...page.records);
  return out;
}
