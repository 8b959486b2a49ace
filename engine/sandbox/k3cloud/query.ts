/**
 * ExecuteBillQuery in the sandbox (spec §5): rows of stored bills (one per entry row when an entry
 * field is selected or filtered) or of seeded base data, filtered by the FilterString subset,
 * ordered, paged (StartRow, Limit ≤ 10000, TopRowCount) and projected to FieldKeys columns.
 * Errors come wrapped as `[[{"Result":…}]]`: unknown form MsgCode 4, empty FieldKeys MsgCode 8,
 * unknown field MsgCode 9, bad FilterString MsgCode 4 `GetRealExpress error`.
 */
import type { BillStore } from './bills.js';
import { getCI, isObject } from './envelope.js';
import { evaluateFilter, filterFields, parseFilter } from './filter.js';
import { type BaseDataForm, findBaseRow } from './master-data.js';
import { errorReply, err, jsonReply, type SandboxReply } from './responses.js';
import { BILL_FORMS, type FieldMeta, type FormMeta, fieldCI } from './sal-outstock.js';
import type { StoredBill } from './types.js';
import { lookupNumber } from './validate.js';

/** What queries read. */
export interface QueryContext {
  store: BillStore;
  baseData: Map<string, BaseDataForm>;
}

type Getter = (field: string) => unknown;

interface RowSource {
  known(field: string): boolean;
  entryLevel(field: string): boolean;
  rows(expand: boolean): Getter[];
}

function baseDataSource(form: BaseDataForm): RowSource {
  const keys = new Set(form.rows.flatMap((r) => Object.keys(r).map((k) => k.toLowerCase())));
  return {
    known: (field) => keys.has(field.toLowerCase()),
    entryLevel: () => false,
    rows: () => form.rows.map((r) => (field: string) => getCI(r, field) ?? null),
  };
}

type Place = { level: 'header' | 'entry'; meta?: FieldMeta; sub?: string; special?: string; subHead?: string };

function billSource(meta: FormMeta, ctx: QueryContext): RowSource {
  const entryKey = meta.entry.key.toLowerCase();
  const specials: Record<string, Place> = {
    fid: { level: 'header', special: 'id' },
    fbillno: { level: 'header', special: 'number' },
    fdocumentstatus: { level: 'header', special: 'status' },
    [`${entryKey}_fentryid`]: { level: 'entry', special: 'entryId' },
    [`${entryKey}_fseq`]: { level: 'entry', special: 'seq' },
  };
  const place = (field: string): Place | undefined => {
    const [base = '', ...rest] = field.split('.');
    const sub = rest.length ? rest.join('.') : undefined;
    const special = specials[base.toLowerCase()];
    if (special) return sub ? undefined : special;
    const header = fieldCI(meta.header, base);
    if (header) return { level: 'header', meta: header, sub };
    for (const [subHead, fields] of Object.entries(meta.subHeads)) {
      const hit = fieldCI(fields, base);
      if (hit) return { level: 'header', meta: hit, sub, subHead };
    }
    const entry = fieldCI(meta.entry.fields, base);
    return entry ? { level: 'entry', meta: entry, sub } : undefined;
  };

  const value = (p: Place, bill: StoredBill, entry: Record<string, unknown> | undefined, seq: number): unknown => {
    if (p.special === 'id') return bill.id;
    if (p.special === 'number') return bill.number;
    if (p.special === 'status') return bill.status;
    if (p.special === 'entryId') return entry?.FEntryID ?? null;
    if (p.special === 'seq') return seq;
    const field = p.meta as FieldMeta;
    const holder = p.level === 'entry' ? entry : p.subHead ? getCI(bill.model, p.subHead) : bill.model;
    const v = isObject(holder) ? getCI(holder, field.key) : undefined;
    const number = lookupNumber(v);
    const row = field.lookup && number !== undefined ? findBaseRow(ctx.baseData, field.lookup, number) : undefined;
    if (p.sub) return (row && getCI(row, p.sub)) ?? (isObject(v) ? getCI(v, p.sub) : null) ?? null;
    // A bare base-data key returns the record's internal id (spec §5.1).
    if (field.lookup && isObject(v)) return row ? (getCI(row, ctx.baseData.get(field.lookup.toUpperCase())?.idField ?? '') ?? 0) : 0;
    return v ?? null;
  };

  return {
    known: (field) => place(field) !== undefined,
    entryLevel: (field) => place(field)?.level === 'entry',
    rows(expand) {
      return ctx.store.list(meta.formId).flatMap((bill) => {
        const entries = expand ? bill.entries : [undefined];
        return entries.map((entry, i) => (field: string) => {
          const p = place(field);
          return p ? value(p, bill, entry, i + 1) : null;
        });
      });
    },
  };
}

const fail = (msgCode: number, message: string) => errorReply(msgCode, [err(message)], true);

function orderBy(orderString: string): Array<{ field: string; desc: boolean }> {
  return orderString
    .split(',')
    .map((part) => part.trim().split(/\s+/))
    .filter(([field]) => field)
    .map(([field = '', dir = '']) => ({ field, desc: dir.toLowerCase() === 'desc' }));
}

function ordinal(x: unknown, y: unknown): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const a = String(x ?? '');
  const b = String(y ?? '');
  return a < b ? -1 : a > b ? 1 : 0;
}

function num(v: unknown, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
}

/** Answers one ExecuteBillQuery call. */
export function handleQuery(params: Record<string, unknown>, ctx: QueryContext): SandboxReply {
  const data = isObject(params.data) ? params.data : {};
  const formId = String(getCI(data, 'FormId') ?? '');
  const bill = BILL_FORMS.get(formId.toUpperCase());
  const base = ctx.baseData.get(formId.toUpperCase());
  const source = bill ? billSource(bill, ctx) : base ? baseDataSource(base) : undefined;
  if (!source) return fail(4, `标识为“${formId}”的业务对象不存在，或者被删除。`);

  const fieldKeys = String(getCI(data, 'FieldKeys') ?? '');
  const fields = fieldKeys.split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (fields.length === 0) return fail(8, 'data数据包中的参数FieldKeys的值不能为空。');
  const filterText = getCI(data, 'FilterString') ?? '';
  if (typeof filterText !== 'string') return fail(4, 'GetRealExpress error: FilterString must be a string in the sandbox');
  const parsed = parseFilter(filterText);
  if (!parsed.ok) return fail(4, `GetRealExpress error: ${parsed.message}`);
  const order = orderBy(String(getCI(data, 'OrderString') ?? ''));
  const used = [...fields, ...filterFields(parsed.expr), ...order.map((o) => o.field)];
  const unknown = used.find((f) => !source.known(f));
  if (unknown) return fail(9, `元数据中标识为${unknown.split('.')[0]}的字段不存在`);

  let rows = source.rows(used.some((f) => source.entryLevel(f))).filter((get) => evaluateFilter(parsed.expr, get));
  for (const { field, desc } of [...order].reverse()) {
    rows = [...rows].sort((a, b) => (desc ? -1 : 1) * ordinal(a(field), b(field)));
  }
  const top = num(getCI(data, 'TopRowCount'), 0);
  if (top > 0) rows = rows.slice(0, top);
  const limit = Math.min(num(getCI(data, 'Limit'), 0) || 2000, 10_000);
  const start = num(getCI(data, 'StartRow'), 0);
  return jsonReply(rows.slice(start, start + limit).map((get) => fields.map((f) => get(f) ?? null)));
}
