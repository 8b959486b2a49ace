import type { SalesOutRecord } from '../generator.js';
import { type GatewayError, gatewayError, type SaleoutPage } from './envelope.js';
import { consumeTimes, type QimenFaults } from './faults.js';
import { parseShanghai } from './shanghai-time.js';
import type { SalesOutStore } from './store.js';

/**
 * The Jushuitan half of the fake: `jushuitan.saleout.list.query` business params (spec §5.1,
 * §5.3, §9 items 5–6). Time ranges are closed [start_time, end_time]; pages are ordered by
 * (time, generation order) and stable while nothing changes.
 */

/** How one query is answered. */
export interface QueryContext {
  store: SalesOutStore;
  faults: QimenFaults;
  pageSizeMax: number;
  /** `start_ts` returns rows with ts ≥ start_ts instead of ts > start_ts. */
  cursorInclusive: boolean;
}

const STATUSES = new Set(['WaitConfirm', 'Confirmed', 'Cancelled', 'Archive', 'Delete', 'OuterConfirming']);
const MAX_SPAN_MS = 7 * 86_400_000;

function positiveInt(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined || text.trim() === '') return fallback;
  return /^\d+$/.test(text.trim()) && Number(text) >= 1 ? Number(text) : undefined;
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function page(rows: SalesOutRecord[], index: number, size: number, total: number | undefined, hasNext: boolean): SaleoutPage {
  return {
    page_size: size,
    page_index: index,
    data_count: total ?? 0,
    page_count: total === undefined ? 0 : Math.ceil(total / size),
    has_next: hasNext,
    datas: rows,
  };
}

function byCursor(p: Record<string, string>, ctx: QueryContext, index: number, size: number, keep: (i: number) => boolean): SaleoutPage | GatewayError {
  if (p.start_time || p.end_time) return gatewayError(41, 'start_ts 与 start_time/end_time 不能同时使用');
  if (!/^\d+$/.test(p.start_ts ?? '')) return gatewayError(41, 'start_ts 必须是整数');
  const after = ctx.faults.ignoreStartTs ? 0 : Number(p.start_ts);
  const { rows, more } = ctx.store.afterTs(after, ctx.cursorInclusive, index * size, keep);
  const slice = rows.slice((index - 1) * size);
  return page(slice, index, size, undefined, more);
}

function byIds(p: Record<string, string>, ctx: QueryContext, index: number, size: number, keep: (i: number) => boolean): SaleoutPage {
  const found: SalesOutRecord[] = [];
  for (const id of list(p.io_ids)) {
    const i = ctx.store.generator.indexOfIoId(id);
    if (i !== undefined && keep(i)) found.push(ctx.store.at(i));
  }
  const soIds = new Set(list(p.so_ids));
  if (soIds.size > 0) {
    for (let i = 0; i < ctx.store.count; i++) {
      const r = ctx.store.at(i);
      if (soIds.has(String(r.so_id)) && keep(i)) found.push(r);
    }
  }
  const rows = found.slice((index - 1) * size, index * size);
  return page(rows, index, size, found.length, index * size < found.length);
}

function byWindow(p: Record<string, string>, ctx: QueryContext, index: number, size: number, statuses: string[]): SaleoutPage | GatewayError {
  if (!p.start_time) return gatewayError(40, 'start_time 不能为空');
  if (!p.end_time) return gatewayError(40, 'end_time 不能为空');
  const startMs = parseShanghai(p.start_time);
  const endMs = parseShanghai(p.end_time);
  if (startMs === undefined || endMs === undefined) return gatewayError(41, '时间格式应为 yyyy-MM-dd HH:mm:ss');
  if (endMs < startMs) return gatewayError(41, 'end_time 不能早于 start_time');
  if (endMs - startMs > MAX_SPAN_MS) return gatewayError(41, '查询时间跨度不能超过7天');
  const dateType = p.date_type ?? '0';
  if (dateType !== '0' && dateType !== '2') return gatewayError(41, 'date_type 只支持 0 或 2');
  const query = { field: dateType === '0' ? ('modified' as const) : ('io_date' as const), startMs, endMs, statuses };
  const shift = ctx.faults.shiftWhilePaging;
  if (shift && query.field === 'modified' && index >= shift.atPage && consumeTimes(shift)) {
    for (const victim of ctx.store.window(query).slice(0, shift.count)) {
      ctx.store.modify(String(victim.io_id), shift.placement === 'windowEnd' ? { modified: p.end_time } : {});
    }
  }
  const repeat = ctx.faults.repeatPage;
  const served = repeat && index === repeat.atPage && index > 1 && consumeTimes(repeat) ? index - 1 : index;
  const view = ctx.store.window(query);
  const rows = view.slice((served - 1) * size, size);
  const withTotal = (p.is_get_total ?? 'true') !== 'false';
  return page(rows, index, size, withTotal ? view.total : undefined, index * size < view.total);
}

/** Answers one saleout query: a page, or the gateway error for bad arguments. */
export function querySaleout(p: Record<string, string>, ctx: QueryContext): SaleoutPage | GatewayError {
  const index = positiveInt(p.page_index, 1);
  if (index === undefined) return gatewayError(41, 'page_index 必须是正整数');
  const size = positiveInt(p.page_size, 30);
  if (size === undefined || size > ctx.pageSizeMax) return gatewayError(41, `page_size 最大${ctx.pageSizeMax}`);
  const statuses = list(p.status);
  const unknown = statuses.find((s) => !STATUSES.has(s));
  if (unknown) return gatewayError(41, `status ${unknown} 无效`);
  const keep = (i: number): boolean => statuses.length === 0 || statuses.includes(ctx.store.statusAt(i));
  if (p.start_ts) return byCursor(p, ctx, index, size, keep);
  if (p.io_ids || p.so_ids) return byIds(p, ctx, index, size, keep);
  if (p.start_time || p.end_time) return byWindow(p, ctx, index, size, statuses);
  return gatewayError(40, 'start_time/end_time、so_ids、io_ids 或 start_ts 至少需要一个');
}
