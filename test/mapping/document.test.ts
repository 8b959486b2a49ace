import { describe, expect, it } from 'vitest';
import type { FerryError } from '../../engine/errors.js';
import { compileMapper } from '../../engine/mapping/mapper.js';
import type { MapResult } from '../../engine/mapping/types.js';
import type { MappingSpec } from '../../engine/scheme/types.js';
import { SAL_OUTSTOCK_MAPPING, TABLES, fakeLocator, salesOut, schemeWith, table } from './fixtures.js';

function mapperFor(mapping: MappingSpec, tables = TABLES) {
  const { mapper, problems } = compileMapper({ scheme: schemeWith(mapping), tables, locate: fakeLocator() });
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return mapper!;
}

function written(result: MapResult): Record<string, unknown> {
  if (result.kind !== 'write') throw new Error(`expected write, got ${result.kind}: ${JSON.stringify(result)}`);
  return result.document;
}

function parked(result: MapResult): FerryError {
  if (result.kind !== 'park') throw new Error(`expected park, got ${result.kind}: ${JSON.stringify(result)}`);
  return result.error;
}

describe('the SAL_OUTSTOCK sample mapping', () => {
  it('maps a two-item sales-out', async () => {
    const doc = written(await mapperFor(SAL_OUTSTOCK_MAPPING).map(salesOut(2), '1660021'));
    expect(doc).toMatchObject({
      FBillNo: 'JST1660021',
      FDate: '2024-05-19 15:07:58',
      FCustomerID: { FNumber: 'CUST0001' },
      FReceiveAddress: '浙江省杭州市余杭区',
      SubHeadEntity: { FSettleCurrID: { FNumber: 'PRE001' }, FExchangeRate: 1, FAllDisCount: '0.00' },
    });
    expect(doc).not.toHaveProperty('FNote');
    expect(doc.FEntity).toEqual([
      expect.objectContaining({ FMaterialID: { FNumber: 's111001' }, FPrice: '17.690265', FAllAmount: '59.97', FIsFree: false }),
      expect.objectContaining({ FMaterialID: { FNumber: 's111002' }, FStockID: { FNumber: 'CK001' }, FEntrynote: '纯棉T恤 红色;M' }),
    ]);
  });

  it('one item still yields a one-element FEntity array', async () => {
    const doc = written(await mapperFor(SAL_OUTSTOCK_MAPPING).map(salesOut(1), 'k'));
    expect(Array.isArray(doc.FEntity)).toBe(true);
    expect(doc.FEntity).toHaveLength(1);
  });

  it('a lookup miss with onMiss park parks with record key, field and location', async () => {
    const mapper = mapperFor(SAL_OUTSTOCK_MAPPING);
    const err = parked(await mapper.map(salesOut(2, { shop_id: 11690199 }), '1660021'));
    expect(err).toMatchObject({
      code: 'LOOKUP_MISS',
      recordKey: '1660021',
      field: 'FCustomerID.FNumber',
      at: { pointer: '/mapping/document/FCustomerID/FNumber' },
    });
  });

  it('a lookup miss with onMiss default uses the default', async () => {
    const doc = written(await mapperFor(SAL_OUTSTOCK_MAPPING).map(salesOut(1, { wms_co_id: 1 }), 'k'));
    expect(doc.FEntity).toEqual([expect.objectContaining({ FStockID: { FNumber: 'CK999' } })]);
  });
});

const ENTRY_MAPPING: MappingSpec = {
  document: {
    FBillNo: '$str(io_id)',
    FEntity: {
      $forEach: 'items',
      $entry: {
        FMaterialID: { FNumber: "$lookup('materials', sku_id)" },
        FRealQty: 'qty',
        FNote: '$record.so_id',
      },
    },
  },
};
const MATERIAL_TABLES = new Map([['materials', table('materials', { s1: 'M1', s2: 'M2' })]]);

describe('$forEach', () => {
  const cases = [
    { name: 'one item', items: [{ sku_id: 's1', qty: 1 }], count: 1 },
    { name: 'three items', items: [1, 2, 1].map((n) => ({ sku_id: `s${n}`, qty: n })), count: 3 },
    { name: 'an object instead of a list', items: { sku_id: 's2', qty: 5 }, count: 1 },
  ];
  it.each(cases)('$name → an array of $count', async ({ items, count }) => {
    const doc = written(await mapperFor(ENTRY_MAPPING, MATERIAL_TABLES).map({ io_id: '1', so_id: 'SO', items }, 'k'));
    expect(doc.FEntity).toHaveLength(count);
    expect((doc.FEntity as Array<Record<string, unknown>>)[0]).toMatchObject({ FNote: 'SO' });
  });

  it('a scalar from $forEach is wrapped and is the entry context', async () => {
    const mapping: MappingSpec = { document: { FEntity: { $forEach: '$record.io_id', $entry: { FNote: '$' } } } };
    const doc = written(await mapperFor(mapping).map({ io_id: '77' }, 'k'));
    expect(doc.FEntity).toEqual([{ FNote: '77' }]);
  });

  it.each([
    { name: 'an empty list', items: [] },
    { name: 'no items field', items: undefined },
    { name: 'items is null', items: null },
  ])('$name → MAPPING_EMPTY on the entry array', async ({ items }) => {
    const err = parked(await mapperFor(ENTRY_MAPPING, MATERIAL_TABLES).map({ io_id: '1', items }, 'k'));
    expect(err).toMatchObject({ code: 'MAPPING_EMPTY', field: 'FEntity', at: { pointer: '/mapping/document/FEntity' } });
  });

  it('an optional entry array is left out when empty', async () => {
    const doc = written(await mapperFor({ ...ENTRY_MAPPING, optional: ['FEntity'] }, MATERIAL_TABLES).map({ io_id: '1', items: [] }, 'k'));
    expect(doc).toEqual({ FBillNo: '1' });
  });

  it('an error inside an entry names the entry index and the entry location', async () => {
    const items = [{ sku_id: 's1', qty: 1 }, { sku_id: 's9', qty: 1 }];
    const err = parked(await mapperFor(ENTRY_MAPPING, MATERIAL_TABLES).map({ io_id: '1', so_id: 'SO', items }, '1'));
    expect(err).toMatchObject({
      code: 'LOOKUP_MISS',
      recordKey: '1',
      field: 'FEntity[1].FMaterialID.FNumber',
      at: { pointer: '/mapping/document/FEntity/$entry/FMaterialID/FNumber' },
    });
  });
});

describe('empty leaves', () => {
  it.each([
    { name: 'a missing field', expr: 'nothing', code: 'MAPPING_EMPTY' },
    { name: 'null', expr: 'null', code: 'MAPPING_EMPTY' },
    { name: 'an empty string', expr: "''", code: 'MAPPING_EMPTY' },
    { name: 'an empty list', expr: '[]', code: 'MAPPING_EMPTY' },
    { name: 'an object that collapsed to {}', expr: "{'FNumber': nothing}", code: 'MAPPING_EMPTY' },
    { name: 'an object of empties', expr: "{'FNumber': ''}", code: 'MAPPING_EMPTY' },
  ])('a required leaf yielding $name → $code', async ({ expr, code }) => {
    const err = parked(await mapperFor({ document: { FBillNo: "'B1'", FCustomerID: expr } }).map({}, 'k'));
    expect(err).toMatchObject({ code, field: 'FCustomerID', recordKey: 'k', at: { pointer: '/mapping/document/FCustomerID' } });
  });

  it.each([
    { name: 'zero', expr: '0', value: 0 },
    { name: 'false', expr: 'false', value: false },
    { name: 'a partly filled object', expr: "{'FNumber': 'C1', 'FName': ''}", value: { FNumber: 'C1', FName: '' } },
  ])('$name is a value, not empty', async ({ expr, value }) => {
    const doc = written(await mapperFor({ document: { F: expr } }).map({}, 'k'));
    expect(doc.F).toEqual(value);
  });

  it('FCustomerID: {FNumber: …} never becomes {}', async () => {
    const err = parked(await mapperFor({ document: { FCustomerID: { FNumber: 'shop_number' } } }).map({}, 'k'));
    expect(err).toMatchObject({ code: 'MAPPING_EMPTY', field: 'FCustomerID.FNumber' });
  });

  it('optional leaves and objects left with no keys are omitted', async () => {
    const mapping: MappingSpec = {
      document: {
        FBillNo: "'B1'",
        FNote: 'remark',
        FLinkMan: { FName: 'receiver_name' },
        SubHeadEntity: { FThirdBillNo: 'so_id', FExchangeRate: 'rate' },
      },
      optional: ['FNote', 'FLinkMan.FName', 'SubHeadEntity'],
    };
    const doc = written(await mapperFor(mapping).map({ remark: '' }, 'k'));
    expect(doc).toEqual({ FBillNo: 'B1' });
  });

  it('an optional ancestor keeps present children', async () => {
    const mapping: MappingSpec = { document: { SubHeadEntity: { FThirdBillNo: 'so_id', FExchangeRate: 'rate' } }, optional: ['SubHeadEntity'] };
    const doc = written(await mapperFor(mapping).map({ so_id: 'SO1' }, 'k'));
    expect(doc).toEqual({ SubHeadEntity: { FThirdBillNo: 'SO1' } });
  });
});

describe('values that reach Kingdee', () => {
  it.each([
    { name: '3 * 1.115', expr: '3 * 1.115' },
    { name: '0.1 + 0.2', expr: '0.1 + 0.2' },
    { name: 'noise inside an object', expr: "{'FAmount': 1.1 * 1.1}" },
  ])('a noisy float ($name) → MAPPING_TYPE', async ({ expr }) => {
    const err = parked(await mapperFor({ document: { FPrice: expr } }).map({}, 'k'));
    expect(err).toMatchObject({ code: 'MAPPING_TYPE', field: 'FPrice' });
  });

  it.each([
    { name: 'a money string', expr: '$money($mul(3, 1.115))', value: '3.35' },
    { name: 'a money string as a number', expr: '$number($money($mul(3, 1.115)))', value: 3.35 },
    { name: 'a plain product', expr: '3 * 19.99', value: 59.97 },
  ])('$name passes', async ({ expr, value }) => {
    const doc = written(await mapperFor({ document: { FPrice: expr } }).map({}, 'k'));
    expect(doc.FPrice).toBe(value);
  });

  it('a big integer id string survives exactly', async () => {
    const mapping: MappingSpec = {
      document: { FBillNo: '$str(io_id)', FRaw: 'io_id', FThird: "'JST-' & io_id", FEntity: { $forEach: 'items', $entry: { FId: 'ioi_id' } } },
    };
    const record = { io_id: '9007199254740993', items: [{ ioi_id: '12345678901234567890' }] };
    const doc = written(await mapperFor(mapping).map(record, 'k'));
    expect(doc).toEqual({
      FBillNo: '9007199254740993',
      FRaw: '9007199254740993',
      FThird: 'JST-9007199254740993',
      FEntity: [{ FId: '12345678901234567890' }],
    });
  });

  it('Chinese text passes through', async () => {
    const mapping: MappingSpec = { document: { FNote: "shop_name & '：' & remark", FAddr: 'receiver_state' } };
    const doc = written(await mapperFor(mapping).map({ shop_name: '测试旗舰店', remark: '请尽快发货', receiver_state: '浙江省' }, 'k'));
    expect(doc).toEqual({ FNote: '测试旗舰店：请尽快发货', FAddr: '浙江省' });
  });
});

describe('a runaway expression', () => {
  it('parks that record with MAPPING_TIMEOUT and the next record maps', async () => {
    const mapping: MappingSpec = {
      document: { F: "loop = true ? ($f := function($n){$f($n+1)}; $f(0)) : 'ok'" },
    };
    const { mapper } = compileMapper({
      scheme: schemeWith(mapping),
      tables: TABLES,
      locate: fakeLocator(),
      limits: { timeoutMs: 20 },
    });
    const err = parked(await mapper!.map({ loop: true }, 'bad'));
    expect(err).toMatchObject({ code: 'MAPPING_TIMEOUT', recordKey: 'bad', field: 'F' });
    expect(written(await mapper!.map({ loop: false }, 'good'))).toEqual({ F: 'ok' });
  });
});

describe('nested $forEach', () => {
  const mapping: MappingSpec = {
    document: {
      FEntity: {
        $forEach: 'items',
        $entry: {
          FMaterialID: { FNumber: 'sku_id' },
          FSerialSubEntity: { $forEach: 'sns', $entry: { FSerialNo: '$', FBill: '$record.io_id' } },
        },
      },
    },
  };

  it('builds sub-entry arrays with $record still the whole record', async () => {
    const record = { io_id: '9', items: [{ sku_id: 'a', sns: ['x1', 'x2'] }, { sku_id: 'b', sns: 'y1' }] };
    const doc = written(await mapperFor(mapping).map(record, 'k'));
    expect(doc.FEntity).toEqual([
      { FMaterialID: { FNumber: 'a' }, FSerialSubEntity: [{ FSerialNo: 'x1', FBill: '9' }, { FSerialNo: 'x2', FBill: '9' }] },
      { FMaterialID: { FNumber: 'b' }, FSerialSubEntity: [{ FSerialNo: 'y1', FBill: '9' }] },
    ]);
  });

  it('names both indexes in an error', async () => {
    const record = { io_id: '9', items: [{ sku_id: 'a', sns: ['x1'] }, { sku_id: 'b', sns: ['y1', ''] }] };
    const err = parked(await mapperFor(mapping).map(record, 'k'));
    expect(err).toMatchObject({ code: 'MAPPING_EMPTY', field: 'FEntity[1].FSerialSubEntity[1].FSerialNo' });
  });
});
