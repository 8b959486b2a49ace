import { describe, expect, it } from 'vitest';
import { compileMapper } from '../../engine/mapping/mapper.js';
import type { Assertion, FilterRule, MappingSpec } from '../../engine/scheme/types.js';
import { TABLES, fakeLocator, schemeWith } from './fixtures.js';

const MAPPING: MappingSpec = {
  document: { FBillNo: '$str(io_id)', FEntity: { $forEach: 'items', $entry: { FRealQty: 'qty' } } },
};

function compile(parts: { filter?: FilterRule[]; assertions?: Assertion[]; mapping?: MappingSpec }) {
  const locate = fakeLocator();
  const { mapping = MAPPING, ...rest } = parts;
  const compiled = compileMapper({ scheme: schemeWith(mapping, rest), tables: TABLES, locate });
  return { ...compiled, locate };
}

const FILTERS: FilterRule[] = [
  { keep: "status = 'Confirmed'", reason: 'not confirmed' },
  { keep: "order_type != '补发订单'", reason: 'reissue orders are booked by hand' },
];

describe('filter', () => {
  it.each([
    { name: 'both rules keep', record: { status: 'Confirmed', order_type: '普通订单' }, kind: 'write', reason: undefined },
    { name: 'the first rule fails', record: { status: 'Cancelled', order_type: '补发订单' }, kind: 'skip', reason: 'not confirmed' },
    { name: 'the second rule fails', record: { status: 'Confirmed', order_type: '补发订单' }, kind: 'skip', reason: 'reissue orders are booked by hand' },
    { name: 'a missing field is false', record: { order_type: '普通订单' }, kind: 'skip', reason: 'not confirmed' },
  ])('$name → $kind', async ({ record, kind, reason }) => {
    const { mapper } = compile({ filter: FILTERS });
    const result = await mapper!.map({ io_id: '1', items: [{ qty: 1 }], ...record }, '1');
    expect(result.kind).toBe(kind);
    if (result.kind === 'skip') expect(result.reason).toBe(reason);
  });

  it.each([
    { name: 'empty string', keep: "''", kind: 'skip' },
    { name: 'zero', keep: '0', kind: 'skip' },
    { name: 'empty list', keep: '[]', kind: 'skip' },
    { name: 'a list with a true member', keep: '[false, true]', kind: 'write' },
    { name: 'a non-empty object', keep: "{'a': 1}", kind: 'write' },
  ])('JSONata truthiness: $name → $kind', async ({ keep, kind }) => {
    const { mapper } = compile({ filter: [{ keep, reason: 'r' }] });
    expect((await mapper!.map({ io_id: '1', items: [{ qty: 1 }] }, '1')).kind).toBe(kind);
  });

  it('a keep that fails to evaluate parks the record at the rule', async () => {
    const { mapper } = compile({ filter: [{ keep: "$lookup('shops', shop_id) = 'x'", reason: 'r' }] });
    const result = await mapper!.map({ shop_id: 1 }, 'k');
    expect(result).toMatchObject({ kind: 'park', error: { code: 'LOOKUP_MISS', recordKey: 'k', at: { pointer: '/filter/0/keep' } } });
  });
});

describe('assertions', () => {
  const ASSERTIONS: Assertion[] = [
    { on: 'source', check: '$count(items) > 0', message: 'a sales-out without items' },
    { on: 'document', check: '$count(FEntity) = $count($record.items)', message: 'entries lost' },
    { on: 'document', check: '$sum(FEntity.FRealQty) > 0', message: 'nothing shipped' },
  ];

  it.each([
    { name: 'all hold', items: [{ qty: 1 }], code: undefined, pointer: undefined },
    { name: 'the source assertion fails', items: [], code: 'ASSERTION_FAILED', pointer: '/assertions/0/check' },
    { name: 'a document assertion fails', items: [{ qty: 0 }], code: 'ASSERTION_FAILED', pointer: '/assertions/2/check' },
  ])('$name', async ({ items, code, pointer }) => {
    const { mapper } = compile({ assertions: ASSERTIONS });
    const result = await mapper!.map({ io_id: '1', items }, '1');
    if (!code) {
      expect(result.kind).toBe('write');
      return;
    }
    expect(result).toMatchObject({ kind: 'park', error: { code, recordKey: '1', at: { pointer } } });
  });

  it('parks with the assertion message', async () => {
    const { mapper } = compile({ assertions: ASSERTIONS });
    const result = await mapper!.map({ io_id: '1', items: [] }, '1');
    expect(result.kind === 'park' && result.error.message).toBe('a sales-out without items');
  });

  it('a source assertion runs before the mapping', async () => {
    const { mapper } = compile({ assertions: [{ on: 'source', check: 'io_id', message: 'no id' }] });
    const result = await mapper!.map({ items: [{ qty: 1 }] }, '1');
    expect(result).toMatchObject({ kind: 'park', error: { code: 'ASSERTION_FAILED' } });
  });
});

describe('compile problems', () => {
  it('collects every syntax error at once, each located at its token', () => {
    const { mapper, problems, locate } = compile({
      filter: [{ keep: "status = 'Confirmed' and", reason: 'r' }],
      assertions: [{ on: 'document', check: 'FBillNo ;', message: 'm' }],
      mapping: {
        document: {
          FBillNo: '$str(io_id',
          FEntity: { $forEach: 'items[', $entry: { FRealQty: 'qty +* 1' } },
        },
      },
    });
    expect(mapper).toBeUndefined();
    expect(problems.map((p) => [p.code, p.at?.pointer])).toEqual([
      ['MAPPING_SYNTAX', '/filter/0/keep'],
      ['MAPPING_SYNTAX', '/assertions/0/check'],
      ['MAPPING_SYNTAX', '/mapping/document/FBillNo'],
      ['MAPPING_SYNTAX', '/mapping/document/FEntity/$forEach'],
      ['MAPPING_SYNTAX', '/mapping/document/FEntity/$entry/FRealQty'],
    ]);
    expect(locate.calls).toEqual(
      expect.arrayContaining([
        ['/filter/0/keep', 23],
        ['/assertions/0/check', 8],
        ['/mapping/document/FBillNo', 9],
        ['/mapping/document/FEntity/$forEach', 5],
        ['/mapping/document/FEntity/$entry/FRealQty', 7],
      ]),
    );
  });

  it.each([
    { name: 'an unknown lookup table', expr: "$lookup('shop', shop_id)", code: 'UNKNOWN_LOOKUP', offset: 8 },
    { name: 'an unknown table inside an object', expr: "{'FNumber': $lookup(\"stock\", x)}", code: 'UNKNOWN_LOOKUP', offset: 20 },
    { name: 'a misspelt function', expr: "$lookpu('shops', shop_id)", code: 'MAPPING_UNKNOWN_NAME', offset: 0 },
    { name: 'a misspelt variable', expr: "'x' & $recrod.io_id", code: 'MAPPING_UNKNOWN_NAME', offset: 6 },
  ])('$name → $code at offset $offset', ({ expr, code, offset }) => {
    const { mapper, problems, locate } = compile({ mapping: { document: { F: expr } } });
    expect(mapper).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code, at: { pointer: '/mapping/document/F' } });
    expect(locate.calls).toContainEqual(['/mapping/document/F', offset]);
  });

  it.each([
    { name: 'a variable it binds itself', expr: '($t := 13; $exTax(price, $t))' },
    { name: 'a lambda parameter', expr: '$map(items, function($i){ $i.qty })' },
    { name: 'a scheme function passed by name', expr: '$map(items.qty, $str)' },
    { name: 'an index variable', expr: 'items#$i.($i)' },
    { name: 'a recursive helper', expr: '($f := function($n){ $n > 0 ? $f($n - 1) : 0 }; $f(3))' },
    { name: 'built-ins, $vars and $record', expr: '$uppercase($vars.org) & $now() & $record.io_id' },
    { name: 'a dynamic table name (checked at run time)', expr: '$lookup(table, key)' },
  ])('no false alarm: $name', ({ expr }) => {
    const { mapper, problems } = compile({ mapping: { document: { F: expr } } });
    expect(problems).toEqual([]);
    expect(mapper).toBeDefined();
  });

  it('a mapping without a document is a problem, not a crash', () => {
    const { mapper, problems } = compile({ mapping: {} as MappingSpec });
    expect(mapper).toBeUndefined();
    expect(problems).toMatchObject([{ code: 'SCHEMA_TYPE', at: { pointer: '/mapping/document' } }]);
  });

  it('an optional path naming no field is a warning, the mapper still compiles', () => {
    const { mapper, problems } = compile({ mapping: { ...MAPPING, optional: ['FEntity.FEntryNote', 'FEntity.FRealQty'] } });
    expect(mapper).toBeDefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SCHEMA_INVALID', severity: 'warning', at: { pointer: '/mapping/optional/0' } });
  });

  it.each([
    { name: 'a $forEach without $entry', node: { $forEach: 'items' }, code: 'SCHEMA_INVALID' },
    { name: 'a $forEach with extra keys', node: { $forEach: 'items', $entry: {}, FNote: 'x' }, code: 'SCHEMA_INVALID' },
    { name: 'a list where a mapping belongs', node: ['a'], code: 'SCHEMA_TYPE' },
  ])('$name → $code', ({ node, code }) => {
    const mapping = { document: { F: node } } as unknown as MappingSpec;
    const { mapper, problems } = compile({ mapping });
    expect(mapper).toBeUndefined();
    expect(problems).toMatchObject([{ code, at: { pointer: '/mapping/document/F' } }]);
  });
});

describe('map never throws for data', () => {
  it.each([
    { name: 'items is a string', record: { io_id: '1', items: 'oops' } },
    { name: 'items holds nulls', record: { io_id: '1', items: [null, null] } },
    { name: 'io_id is an object', record: { io_id: { a: 1 }, items: [{ qty: 1 }] } },
    { name: 'an empty record', record: {} },
  ])('$name → park', async ({ record }) => {
    const { mapper } = compile({});
    const result = await mapper!.map(record as Record<string, unknown>, 'k');
    expect(result).toMatchObject({ kind: 'park', error: { recordKey: 'k' } });
  });
});
