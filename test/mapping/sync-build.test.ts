/**
 * The synchronous path through the document builder and the mapper: same documents and same
 * errors as the asynchronous build, and a per-record fall back to it when an expression needs the
 * interpreter (no compiled form, or a compiled form that declines one input).
 */
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../engine/errors.js';
import { NEEDS_INTERPRETER } from '../../engine/mapping/compiler/errors.js';
import { buildDocument, buildDocumentNow, compileDocumentPlan } from '../../engine/mapping/document.js';
import { type EvaluatorChoice, compileExpression } from '../../engine/mapping/evaluator.js';
import { createStaticBindings } from '../../engine/mapping/functions/index.js';
import { compileMapper } from '../../engine/mapping/mapper.js';
import type { MapResult } from '../../engine/mapping/types.js';
import type { MappingSpec } from '../../engine/scheme/types.js';
import { SAL_OUTSTOCK_MAPPING, TABLES, fakeLocator, salesOut, schemeWith } from './fixtures.js';

function planFor(mapping: MappingSpec, evaluator: EvaluatorChoice = 'auto') {
  const bindings = createStaticBindings({ tables: TABLES, vars: schemeWith(mapping).vars });
  const problems: FerryError[] = [];
  const plan = compileDocumentPlan(mapping, (source) => compileExpression(source, { bindings, evaluator }), fakeLocator(), problems);
  expect(problems).toEqual([]);
  return plan;
}

/** What a caller sees of an outcome: the document, or the error's code, message, field and location. */
function visible(run: () => unknown): unknown {
  try {
    return { document: run() };
  } catch (e) {
    if (e === NEEDS_INTERPRETER) return 'needs the asynchronous build';
    if (!(e instanceof FerryError)) throw e;
    return { code: e.code, message: e.message, field: e.field, at: e.at };
  }
}

async function visibleAsync(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { document: await run() };
  } catch (e) {
    if (!(e instanceof FerryError)) throw e;
    return { code: e.code, message: e.message, field: e.field, at: e.at };
  }
}

const NESTED: MappingSpec = {
  document: {
    FBillNo: "'B' & io_id",
    FEntity: {
      $forEach: 'items',
      $entry: {
        FMaterialID: { FNumber: "$lookup('shops', sku_id)" },
        FNote: 'note',
        FSerial: { $forEach: 'sns', $entry: { FNo: '$', FBill: '$record.io_id' } },
      },
    },
  },
  optional: ['FEntity.FMaterialID', 'FEntity.FNote', 'FEntity.FSerial'],
};

describe('the synchronous build gives what the asynchronous one gives', () => {
  it.each([
    { name: 'the sample mapping, two items', mapping: SAL_OUTSTOCK_MAPPING, record: salesOut(2) },
    { name: 'the sample mapping, a lookup miss', mapping: SAL_OUTSTOCK_MAPPING, record: salesOut(1, { shop_id: 1 }) },
    { name: 'the sample mapping, no items', mapping: SAL_OUTSTOCK_MAPPING, record: salesOut(0) },
    { name: 'the sample mapping, a bad price in the second item', mapping: SAL_OUTSTOCK_MAPPING, record: salesOut(2, { items: [{ sku_id: 'a', qty: 1, sale_price: '1' }, { sku_id: 'b', qty: 1, sale_price: 'N/A' }] }) },
    { name: 'a noisy number', mapping: { document: { F: 'a * 3' } }, record: { a: 1.115 } },
    { name: 'nested entries', mapping: NESTED, record: { io_id: '7', items: [{ sku_id: 11690153, sns: ['x', 'y'] }, { note: 'n' }] } },
    { name: 'an error in a nested entry', mapping: NESTED, record: { io_id: '7', items: [{ note: 'n', sns: ['x'] }, { note: 'm', sns: ['y', ''] }] } },
    { name: 'a dropped entry is not counted in the index', mapping: NESTED, record: { io_id: '7', items: [{}, { sku_id: 'nope' }] } },
    { name: 'an all-optional document', mapping: { document: { F: 'x' }, optional: ['F'] }, record: {} },
  ])('$name', async ({ mapping, record }) => {
    const plan = planFor(mapping);
    const now = visible(() => buildDocumentNow(plan, structuredClone(record)));
    expect(now).not.toBe('needs the asynchronous build');
    expect(now).toStrictEqual(await visibleAsync(() => buildDocument(plan, structuredClone(record))));
  });

  it('names the index of the entry kept, not of the item', async () => {
    const plan = planFor(NESTED);
    expect(visible(() => buildDocumentNow(plan, { io_id: '7', items: [{}, { sku_id: 'nope' }] }))).toMatchObject({
      code: 'LOOKUP_MISS',
      field: 'FEntity[0].FMaterialID.FNumber',
    });
  });
});

describe('falling back to the asynchronous build', () => {
  // `{…}` over an empty list is left to JSONata (compiler/constructors.ts), so an item `[]` needs it.
  const entries = { $forEach: 'items', $entry: { FTag: "{'k': {'x': 1}}" } };
  const mapping: MappingSpec = { document: { FBillNo: "'B'", FEntity: entries } };

  it.each([
    { name: 'a compiled expression that declines one input', mapping, evaluator: 'auto' as const, record: { items: [{}, []] } },
    { name: 'an expression without a compiled form', mapping: { document: { F: "$sort(['b', 'a'])" } }, evaluator: 'auto' as const, record: {} },
    { name: 'an interpreter-only plan', mapping: { document: { F: "'x'" } }, evaluator: 'interpreter' as const, record: {} },
  ])('$name: the synchronous build gives up', ({ mapping, evaluator, record }) => {
    expect(visible(() => buildDocumentNow(planFor(mapping, evaluator), record))).toBe('needs the asynchronous build');
  });

  it('an error met before the expression that needs the interpreter is the asynchronous build’s error', async () => {
    const first: MappingSpec = { document: { FBillNo: 'missing', FEntity: entries } };
    const plan = planFor(first);
    const record = { items: [[]] };
    const now = visible(() => buildDocumentNow(plan, record));
    expect(now).toMatchObject({ code: 'MAPPING_EMPTY', field: 'FBillNo' });
    expect(now).toStrictEqual(await visibleAsync(() => buildDocument(plan, record)));
  });

  it('the mapper maps each record whichever way it needs, to the interpreter’s results', async () => {
    const mappers = (['auto', 'interpreter'] as const).map((evaluator) => {
      const compiled = compileMapper({ scheme: schemeWith(mapping), tables: TABLES, locate: fakeLocator(), evaluator });
      return compiled.mapper!;
    });
    const records = [{ items: [{}] }, { items: [{}, []] }, { items: [] }, { items: [{}] }];
    const results: MapResult[][] = [];
    for (const mapper of mappers) results.push(await Promise.all(records.map((r, i) => mapper.map(structuredClone(r), String(i)))));
    expect(results[0]?.map((r) => r.kind)).toEqual(['write', 'write', 'park', 'write']);
    expect(JSON.stringify(results[0])).toBe(JSON.stringify(results[1]));
  });
});
