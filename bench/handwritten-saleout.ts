/**
 * The bundled scheme (schemes/jushuitan-saleout-to-kingdee.yaml) written by hand in TypeScript:
 * the benchmark's floor. Same filter, assertions, fields, optional paths and error codes as the
 * scheme, and the same decimal functions for amounts (any hand-written mapping needs decimal
 * arithmetic), so for every record it yields the MapResult the engine's mapper yields —
 * bench/mapping.ts checks that before it times anything.
 */
import { FerryError } from '../engine/errors.js';
import { kdDay } from '../engine/mapping/functions/dates.js';
import { createLookup } from '../engine/mapping/functions/lookup.js';
import { exTax, lineTotal } from '../engine/mapping/functions/money.js';
import type { LookupTable, MapResult } from '../engine/mapping/types.js';

/** What the mapping reads besides the record: the scheme's `vars` and lookup tables. */
export interface HandwrittenContext {
  vars: Readonly<Record<string, string | number | boolean>>;
  tables: ReadonlyMap<string, LookupTable>;
}

type Row = Record<string, unknown>;

/** JSONata's `&` operand: strings as they are, nothing as "", numbers at 15 significant digits. */
function text(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && !Number.isInteger(value)) return String(Number(value.toPrecision(15)));
  return JSON.stringify(value);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** A required leaf: MAPPING_EMPTY naming the field when there is nothing to write. */
function required(value: unknown, field: string): unknown {
  if (isEmpty(value)) throw new FerryError('MAPPING_EMPTY', `${field} is required but the expression yielded nothing`, { field });
  return value;
}

/** Runs `build`, naming `field` on any FerryError it raises (as the document builder does). */
function at<T>(field: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof FerryError && e.field === undefined) throw new FerryError(e.code, e.message, { field, cause: e.cause });
    throw e;
  }
}

function asItems(items: unknown): Row[] {
  if (items === undefined || items === null) return [];
  return (Array.isArray(items) ? items : [items]) as Row[];
}

/**
 * Builds the hand-written mapper: `map(record, key)` → the MapResult of the scheme's filter,
 * assertions and mapping (parks carry the code, field and record key; no scheme location).
 */
export function createHandwrittenSaleOut(ctx: HandwrittenContext): (record: Row, key: string) => MapResult {
  const lookup = createLookup(ctx.tables);
  const { vars } = ctx;
  const taxRate = vars.taxRate;

  const entry = (item: Row, record: Row, i: number): Row => {
    const field = (name: string) => `FEntity[${i}].${name}`;
    // Field by field in the scheme's order, so the first problem found is the one the engine finds.
    const out: Row = { FMaterialId: { FNumber: required(item.sku_id, field('FMaterialId.FNumber')) } };
    out.FRealQty = required(item.qty, field('FRealQty'));
    out.FTaxPrice = required(item.sale_price, field('FTaxPrice'));
    out.FPrice = at(field('FPrice'), () => required(exTax(item.sale_price, taxRate), field('FPrice')));
    out.FEntryTaxRate = required(taxRate, field('FEntryTaxRate'));
    const allAmount = at(field('FAllAmount'), () => required(lineTotal(item.qty, item.sale_price), field('FAllAmount')));
    out.FAllAmount = allAmount;
    out.FBillAmount = at(field('FBillAmount'), () => required(exTax(allAmount, taxRate, 2), field('FBillAmount')));
    out.FIsFree = item.is_gift === true;
    out.FStockId = { FNumber: at(field('FStockId.FNumber'), () => lookup('warehouses', record.wms_co_id)) };
    const note = `${text(item.name)} ${text(item.properties_value)}`;
    if (!isEmpty(note)) out.FEntrynote = note;
    return out;
  };

  const document = (record: Row): Row => {
    const doc: Row = {
      FBillTypeID: { FNUMBER: 'XSCKD01_SYS' },
      FBillNo: `${text(vars.billNoPrefix)}-${text(record.io_id)}`,
      FDate: at('FDate', () => required(kdDay(record.io_date), 'FDate')),
      FSaleOrgId: { FNumber: required(vars.saleOrg, 'FSaleOrgId.FNumber') },
      FStockOrgId: { FNumber: required(vars.stockOrg, 'FStockOrgId.FNumber') },
      FCustomerID: { FNumber: at('FCustomerID.FNumber', () => lookup('shops', record.shop_id)) },
    };
    doc.FNote = `聚水潭出库 ${text(record.io_id)} 线上单号 ${text(record.so_id)} 内部单号 ${text(record.o_id)}`;
    const sub: Row = {
      FSettleOrgId: { FNumber: required(vars.settleOrg, 'SubHeadEntity.FSettleOrgId.FNumber') },
      FSETTLECURRID: { FNumber: required(vars.currency, 'SubHeadEntity.FSETTLECURRID.FNumber') },
    };
    if (!isEmpty(vars.salesMan)) sub.FSalesManID = { FNumber: vars.salesMan };
    doc.SubHeadEntity = sub;
    const entries = asItems(record.items).map((item, i) => entry(item, record, i));
    if (entries.length === 0) throw new FerryError('MAPPING_EMPTY', 'FEntity is required but $forEach yielded no entries', { field: 'FEntity' });
    doc.FEntity = entries;
    return doc;
  };

  return (record, key) => {
    try {
      if (record.status !== 'Confirmed' && record.status !== 'Archive') {
        return { kind: 'skip', reason: 'not shipped (only Confirmed and Archive sales-outs are bills)' };
      }
      if (asItems(record.items).length === 0) throw new FerryError('ASSERTION_FAILED', 'sales-out has no items');
      const doc = document(record);
      if ((doc.FEntity as Row[]).some((e) => Number(e.FRealQty) <= 0)) {
        throw new FerryError('ASSERTION_FAILED', 'an entry has a zero or negative quantity');
      }
      return { kind: 'write', document: doc };
    } catch (e) {
      const err = e instanceof FerryError ? e : new FerryError('INTERNAL', String(e), { cause: e });
      return { kind: 'park', error: new FerryError(err.code, err.message, { field: err.field, recordKey: key, cause: err.cause }) };
    }
  };
}
