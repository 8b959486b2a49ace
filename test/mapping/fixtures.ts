/**
 * Shared test data for the mapping tests: a fake Locator that records its calls, lookup tables,
 * a scheme whose mapping resembles the bundled Jushuitan → SAL_OUTSTOCK one, and a record.
 */
import { FerryError, type SchemeLocation } from '../../engine/errors.js';
import { compileExpression } from '../../engine/mapping/evaluator.js';
import { createStaticBindings } from '../../engine/mapping/functions/index.js';
import type { Locator, LookupTable } from '../../engine/mapping/types.js';
import type { MappingSpec, Scheme } from '../../engine/scheme/types.js';

/** A Locator that answers `{file, line: 1, col: offset + 1, pointer}` and remembers each call. */
export function fakeLocator(): Locator & { calls: Array<[string, number | undefined]> } {
  const calls: Array<[string, number | undefined]> = [];
  const locate = (pointer: string, offset?: number): SchemeLocation => {
    calls.push([pointer, offset]);
    return { file: 'scheme.yaml', line: 1, col: (offset ?? 0) + 1, pointer };
  };
  return Object.assign(locate, { calls });
}

/** A lookup table from plain entries. */
export function table(name: string, entries: Record<string, string>, onMiss: 'park' | 'default' = 'park', dflt?: string): LookupTable {
  return { name, entries: new Map(Object.entries(entries)), onMiss, ...(dflt !== undefined && { default: dflt }) };
}

export const TABLES = new Map<string, LookupTable>([
  ['shops', table('shops', { '11690153': 'CUST0001', '11690154': 'CUST0002' })],
  ['warehouses', table('warehouses', { '11053062': 'CK001' }, 'default', 'CK999')],
]);

/** A mapping in the shape of the bundled scheme's (≈ 30 fields per bill, 14 per entry). */
export const SAL_OUTSTOCK_MAPPING: MappingSpec = {
  document: {
    FBillNo: "'JST' & $str(io_id)",
    FBillTypeID: { FNumber: '$vars.billType' },
    FDate: '$kdDate(io_date)',
    FSaleOrgId: { FNumber: '$vars.org' },
    FStockOrgId: { FNumber: '$vars.org' },
    FCustomerID: { FNumber: "$lookup('shops', shop_id)" },
    FOwnerTypeIdHead: "'BD_OwnerOrg'",
    FOwnerIdHead: { FNumber: '$vars.org' },
    FNote: 'remark',
    FCarriageNO: 'l_id',
    FReceiveAddress: 'receiver_state & receiver_city & receiver_district',
    SubHeadEntity: {
      FSettleCurrID: { FNumber: '$vars.currency' },
      FSettleOrgID: { FNumber: '$vars.org' },
      FExchangeRate: 1,
      FThirdBillNo: 'so_id',
      FAllDisCount: '$money(free_amount)',
    },
    FEntity: {
      $forEach: 'items',
      $entry: {
        FRowType: "'Standard'",
        FMaterialID: { FNumber: 'sku_id' },
        FUnitID: { FNumber: "'Pcs'" },
        FRealQty: 'qty',
        FTaxPrice: '$money(sale_price)',
        FPrice: '$exTax(sale_price, $vars.taxRate)',
        FEntryTaxRate: '$vars.taxRate',
        FAllAmount: '$lineTotal(qty, sale_price)',
        FIsFree: 'is_gift',
        FStockID: { FNumber: "$lookup('warehouses', $record.wms_co_id)" },
        FStockStatusID: { FNumber: "'KCZT01_SYS'" },
        FOwnerTypeID: "'BD_OwnerOrg'",
        FOwnerID: { FNumber: '$vars.org' },
        FEntrynote: "name & ' ' & properties_value",
      },
    },
  },
  optional: ['FNote', 'FEntity.FEntrynote'],
};

/** A scheme around `mapping`; only the parts the mapper reads are meaningful. */
export function schemeWith(mapping: MappingSpec, extra: Partial<Scheme> = {}): Scheme {
  return {
    name: 'test',
    version: '1',
    vars: { org: '100', billType: 'XSCKD01_SYS', currency: 'PRE001', taxRate: 13 },
    connections: {},
    source: {} as Scheme['source'],
    mapping,
    target: {} as Scheme['target'],
    ...extra,
  };
}

/** One sales-out with `n` items, as the source delivers it (ids listed in idFields are strings). */
export function salesOut(n = 2, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    co_id: 11053062,
    shop_id: 11690153,
    shop_name: '测试旗舰店',
    io_id: '1660021',
    so_id: '3425786782368239',
    io_date: '2024-05-19 15:07:58',
    modified: '2024-05-19 15:07:58',
    status: 'Confirmed',
    remark: '',
    l_id: 'SF1234567890123',
    receiver_state: '浙江省',
    receiver_city: '杭州市',
    receiver_district: '余杭区',
    free_amount: '0.00',
    wms_co_id: 11053062,
    items: Array.from({ length: n }, (_, i) => ({
      ioi_id: String(198 + i),
      sku_id: `s11100${1 + i}`,
      name: '纯棉T恤',
      properties_value: '红色;M',
      qty: 3,
      sale_price: '19.99',
      is_gift: false,
    })),
    ...overrides,
  };
}

/** Compiles `expr` with the scheme functions bound (over TABLES) and evaluates it against `data`. */
export async function evalWith(expr: string, data: unknown = {}, tables = TABLES): Promise<unknown> {
  const compiled = compileExpression(expr, { bindings: createStaticBindings({ tables, vars: { taxRate: 13 } }) });
  return compiled.evaluate(data, { record: data });
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<FerryError> {
  try {
    const value = await p;
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (e) {
    if (e instanceof FerryError) return e;
    throw e;
  }
}
