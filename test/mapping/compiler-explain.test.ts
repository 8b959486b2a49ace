import { describe, expect, it } from 'vitest';
import { explainScheme } from '../../engine/mapping/compiler/explain.js';
import { loadScheme } from '../../engine/scheme/load.js';
import { TABLES, schemeWith } from './fixtures.js';

describe('explainScheme', () => {
  it('the bundled scheme is compiled completely', async () => {
    const loaded = await loadScheme('schemes/jushuitan-saleout-to-kingdee.yaml', { env: {}, envMode: 'warn' });
    const rows = explainScheme(loaded);
    expect(rows.map((r) => r.pointer)).toEqual(
      expect.arrayContaining(['/filter/0/keep', '/assertions/1/check', '/mapping/document/FEntity/$forEach', '/mapping/document/FEntity/$entry/FPrice']),
    );
    expect(rows.filter((r) => r.evaluator !== 'compiled')).toEqual([]);
    expect(rows.every((r) => r.reason === undefined)).toBe(true);
  });

  it('lists every expression in scheme order, with the evaluator and why not compiled', () => {
    const scheme = schemeWith(
      {
        document: {
          FBillNo: "'JST' & io_id",
          'a/b~c': { FNumber: '$sort(items.sku)[0]' },
          FEntity: { $forEach: 'items[qty > 0]', $entry: { FQty: 'qty', FTag: '$match(name, /T/).match' } },
          FFlag: true,
        },
      },
      {
        filter: [{ keep: "status = 'Confirmed'", reason: 'r' }],
        assertions: [{ on: 'source', check: 'items{sku: qty}', message: 'm' }],
      },
    );
    expect(explainScheme({ scheme, tables: TABLES })).toEqual([
      { pointer: '/filter/0/keep', source: "status = 'Confirmed'", evaluator: 'compiled' },
      { pointer: '/assertions/0/check', source: 'items{sku: qty}', evaluator: 'interpreted', reason: expect.stringMatching(/group-by/) },
      { pointer: '/mapping/document/FBillNo', source: "'JST' & io_id", evaluator: 'compiled' },
      { pointer: '/mapping/document/a~1b~0c/FNumber', source: '$sort(items.sku)[0]', evaluator: 'interpreted', reason: expect.stringMatching(/\$sort/) },
      { pointer: '/mapping/document/FEntity/$forEach', source: 'items[qty > 0]', evaluator: 'compiled' },
      { pointer: '/mapping/document/FEntity/$entry/FQty', source: 'qty', evaluator: 'compiled' },
      { pointer: '/mapping/document/FEntity/$entry/FTag', source: '$match(name, /T/).match', evaluator: 'interpreted', reason: expect.any(String) },
    ]);
  });

  it.each([
    { name: 'a syntax error', source: '1 +* 2', reason: /^MAPPING_SYNTAX/ },
    { name: 'a tree deeper than the depth limit', source: `${'('.repeat(8)}1${')'.repeat(8)}`, reason: /depth limit/ },
  ])('$name is reported as interpreted with its reason', ({ source, reason }) => {
    const scheme = schemeWith({ document: { F: source } });
    const [row] = explainScheme({ scheme, tables: TABLES, limits: { maxDepth: 10 } });
    expect(row).toMatchObject({ evaluator: 'interpreted', reason: expect.stringMatching(reason) });
  });
});
