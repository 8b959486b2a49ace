import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../engine/errors.js';
import { compileExpression } from '../../engine/mapping/evaluator.js';
import { rejection } from './fixtures.js';

function compileError(source: string): { err: FerryError; offsets: number[] } {
  const offsets: number[] = [];
  try {
    compileExpression(source, {
      locate: (offset) => {
        offsets.push(offset);
        return { file: 's.yaml', line: 1, col: offset + 1 };
      },
    });
  } catch (e) {
    if (e instanceof FerryError) return { err: e, offsets };
    throw e;
  }
  throw new Error(`${source} compiled`);
}

describe('syntax errors', () => {
  it.each([
    { name: 'a stray semicolon', source: '  a ; b', offset: 4 },
    { name: 'an operator where a value belongs', source: '1 +* 2', offset: 5 },
    { name: 'an unclosed call points at the last character', source: '$round(qty * price, 2 ', offset: 20 },
    { name: 'an unclosed object', source: '{"a": 1', offset: 6 },
    { name: 'an unterminated string', source: '"abc', offset: 3 },
    { name: 'an error on the second line of a block', source: 'items.{\n  "x": a b\n}', offset: 17 },
  ])('$name → MAPPING_SYNTAX at offset $offset', ({ source, offset }) => {
    const { err, offsets } = compileError(source);
    expect(err).toMatchObject({ code: 'MAPPING_SYNTAX', at: { col: offset + 1 } });
    expect(offsets).toEqual([offset]);
    expect(err.cause).toMatchObject({ code: expect.stringMatching(/^S0/) });
  });
});

describe('results are plain values', () => {
  const data = { items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }], one: [{ sku: 'c' }], n: 1 };

  it.each([
    { name: 'a path over a list', expr: 'items.sku', result: ['a', 'b'] },
    { name: 'an array constructor', expr: '[items.sku]', result: ['a', 'b'] },
    { name: 'a list inside an object', expr: '{"skus": items.sku}', result: { skus: ['a', 'b'] } },
    { name: 'a list inside a list', expr: '[[items.qty], [one.sku]]', result: [[1, 2], ['c']] },
    { name: 'one match collapses (JSONata rule)', expr: 'one.sku', result: 'c' },
    { name: 'nothing matched stays undefined', expr: 'nothing.here', result: undefined },
  ])('$name', async ({ expr, result }) => {
    const value = await compileExpression(expr).evaluate(data);
    expect(value).toEqual(result);
    const sequences: unknown[] = [];
    JSON.stringify(value, (_k, v: unknown) => {
      if (Array.isArray(v) && (v as { sequence?: unknown }).sequence) sequences.push(v);
      return v;
    });
    expect(sequences).toEqual([]);
  });
});

describe('evaluation errors are FerryErrors', () => {
  it.each([
    { name: 'a type error', expr: '1 + "a"', code: 'MAPPING_TYPE' },
    { name: '$error()', expr: '$error("boom")', code: 'MAPPING_ERROR' },
    { name: '$assert()', expr: '$assert(false, "qty must be positive")', code: 'ASSERTION_FAILED' },
    { name: 'a function as the result', expr: '$string', code: 'MAPPING_TYPE' },
    { name: 'a lambda as the result', expr: 'function($x){$x}', code: 'MAPPING_TYPE' },
    { name: 'calling a non-function', expr: '$nothing(1)', code: 'MAPPING_TYPE' },
  ])('$name → $code', async ({ expr, code }) => {
    const err = await rejection(compileExpression(expr).evaluate({}));
    expect(err).toBeInstanceOf(FerryError);
    expect(err.code).toBe(code);
  });

  it('keeps the JSONata error as cause', async () => {
    const err = await rejection(compileExpression('1 + "a"').evaluate({}));
    expect(err.cause).toMatchObject({ code: 'T2002' });
  });

  it.each([
    { name: 'through JSONata', expr: "'x' & $fail(1)", offset: 6 },
    { name: 'through the fast path', expr: '$fail(1)', offset: 0 },
  ])('locates a failing function call ($name)', async ({ expr, offset }) => {
    const fail = () => {
      throw new FerryError('MONEY_INVALID', 'bad');
    };
    const compiled = compileExpression(expr, {
      bindings: { fail },
      locate: (o) => ({ file: 's.yaml', line: 1, col: o + 1 }),
    });
    const err = await rejection(compiled.evaluate({}));
    expect(err).toMatchObject({ code: 'MONEY_INVALID', at: { col: offset + 1 } });
  });
});

describe('evaluation limits', () => {
  it.each([
    // A tail call is a trampoline in JSONata: it never gets deep, only long.
    { name: 'a tail-recursive endless loop', expr: '($f := function($n){$f($n+1)}; $f(0))', limit: 'D1012' },
    { name: 'a deep recursion', expr: '($f := function($n){1 + $f($n+1)}; $f(0))', limit: 'D1011' },
    { name: 'a huge loop', expr: '$count([1..2000000].($ * 2))', limit: 'D1012' },
  ])('$name fails with MAPPING_TIMEOUT ($limit) and the next evaluation works', async ({ expr, limit }) => {
    const compiled = compileExpression(expr, { limits: { timeoutMs: 30, maxDepth: 200 } });
    const started = Date.now();
    const err = await rejection(compiled.evaluate({}));
    expect(err.code).toBe('MAPPING_TIMEOUT');
    expect(err.cause).toMatchObject({ code: limit });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await compileExpression('1 + 1').evaluate({})).toBe(2);
  });

  it('a depth limit lets ordinary expressions through', async () => {
    const compiled = compileExpression('$sum(items.(qty * price))', { limits: { maxDepth: 50 } });
    expect(await compiled.evaluate({ items: [{ qty: 2, price: 3 }, { qty: 1, price: 4 }] })).toBe(10);
  });
});

describe('bindings', () => {
  it('per-evaluation bindings shadow compile-time ones', async () => {
    const compiled = compileExpression('$who', { bindings: { who: 'static' } });
    expect(await compiled.evaluate({})).toBe('static');
    expect(await compiled.evaluate({}, { who: 'record' })).toBe('record');
  });
});

// The fast path (literals, plain paths, calls with such arguments) must agree with JSONata.
describe('fast path agrees with JSONata', () => {
  const leaf = fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null));
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('node'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('a', 'b'), tie('node'), { maxKeys: 2 }),
    ),
  })).node;
  const expressions = [
    'a', 'a.b', 'a.b.a', '$record.a', '$record.a.b', '$v.a', "'lit'", '42', 'null',
    '$id(a)', '$id(a.b, 1)', '$id($id(a))', 'a & b', "'x' & a.b & $id(b)", '(a & b) & $v',
  ];
  const id = (x: unknown) => x;

  it.each(expressions)('%s', async (expr) => {
    const ours = compileExpression(expr, { bindings: { id } });
    const reference = jsonata(expr);
    reference.assign('id', id);
    await fc.assert(
      fc.asyncProperty(value, value, async (input, v) => {
        const expected = await reference.evaluate(input, { record: input, v });
        const got = await ours.evaluate(input, { record: input, v });
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 150 },
    );
  });
});
