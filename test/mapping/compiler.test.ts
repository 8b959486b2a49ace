import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../engine/errors.js';
import { NEEDS_INTERPRETER, compileAst } from '../../engine/mapping/compiler/compile.js';
import { compileExpression } from '../../engine/mapping/evaluator.js';
import { createStaticBindings } from '../../engine/mapping/functions/index.js';
import { TABLES, rejection } from './fixtures.js';

const statics = () => createStaticBindings({ tables: TABLES, vars: { taxRate: 13 } });
const at = (offset: number) => ({ file: 's.yaml', line: 1, col: offset + 1 });

describe('which expressions are compiled', () => {
  it.each([
    "'XSCKD01_SYS'",
    "$vars.taxRate & '-' & io_id",
    "$lookup('shops', shop_id)",
    '$exTax($lineTotal(qty, sale_price), $vars.taxRate, 2)',
    "status in ['Confirmed', 'Archive']",
    '$count(FEntity[$number(FRealQty) <= 0]) = 0',
    'items[qty > 0].{"sku": sku, "amount": $mul(qty, price)}',
    '[items.sku, $record.items[-1].sku]',
    'is_gift = true ? "gift" : (qty >= 1 and -qty < 0)',
    '$map(items, function($v, $i){ $v.qty * $i })',
    '$filter(items, function($v){ $contains($v.name, "T恤") })',
    '($trim(name); $substring($uppercase(sku), 0, 3) & $string(qty % 2))',
  ])('%s', (source) => {
    expect(compileExpression(source, { bindings: statics() }).engine).toEqual({ kind: 'compiled' });
  });

  it.each([
    { source: '$sort(items.qty)', reason: /built-in \$sort/ },
    { source: '$match(name, /T/)', reason: /regular expression|built-in \$match/ },
    { source: '$replace(name, /a/, "b")', reason: /regular expression/ },
    { source: 'items{sku: qty}', reason: /group-by/ },
    { source: 'items@$i.sku', reason: /focus binding/ },
    { source: 'items#$i.sku', reason: /index binding/ },
    { source: 'items.%.io_id', reason: /parent/ },
    { source: 'items^(qty).sku', reason: /sorting/ },
    { source: '**.sku', reason: /descendant/ },
    { source: '*.sku', reason: /wildcard/ },
    { source: '($x := 1; $x + 1)', reason: /assignment/ },
    { source: 'name ~> $uppercase()', reason: /chain operator/ },
    { source: '[1..3]', reason: /operator \.\./ },
    { source: '$map(items, $string)', reason: /written in place/ },
    { source: 'function($x){ $x }', reason: /function definition/ },
    { source: '$map(items, function($v)<o:n>{ 1 })', reason: /signature/ },
    { source: '$eval("1 + 1")', reason: /built-in \$eval/ },
    { source: '$now()', reason: /built-in \$now/ },
    { source: '$string', reason: /used as a value/ },
    { source: '$vars(1)', reason: /not a function/ },
    { source: '$nothing(1)', reason: /not defined/ },
  ])('$source stays with the interpreter ($reason)', ({ source, reason }) => {
    const { engine } = compileExpression(source, { bindings: statics() });
    expect(engine).toMatchObject({ kind: 'interpreted', reason: expect.stringMatching(reason) });
  });

  it('evaluator: interpreter forces JSONata', () => {
    expect(compileExpression('io_id', { evaluator: 'interpreter' }).engine).toMatchObject({ kind: 'interpreted' });
  });

  it.each([
    { maxDepth: 10, kind: 'interpreted' },
    { maxDepth: 200, kind: 'compiled' },
    { maxDepth: 0, kind: 'compiled' },
  ])('a tree deeper than the depth limit stays interpreted (limit $maxDepth → $kind)', ({ maxDepth, kind }) => {
    const deep = `${'('.repeat(8)}1${')'.repeat(8)}`;
    expect(compileExpression(deep, { limits: { maxDepth } }).engine?.kind).toBe(kind);
  });
});

describe('inputs the compiled code hands to the interpreter', () => {
  function run(source: string, input: unknown, bindings?: Record<string, unknown>): unknown {
    const outcome = compileAst(jsonata(source).ast(), { statics: statics(), maxDepth: 200 });
    if (!outcome.ok) throw new Error(outcome.reason);
    try {
      return outcome.run(input, bindings);
    } catch (e) {
      return e;
    }
  }

  it.each([
    { name: 'a per-evaluation binding shadows a called function', source: '$money(1)', input: {}, bindings: { money: () => 'mine' }, expected: { value: 'mine' } },
    { name: 'a function value goes to a scheme function', source: '$str($lookup)', input: {}, bindings: undefined, expected: { code: 'MAPPING_TYPE' } },
    // JSONata runs both members concurrently; its scheduling lets the second failure win.
    { name: 'two members of a constructor fail', source: '[$lookup("shops", "x"), 1 + "a"]', input: {}, bindings: undefined, expected: { code: 'MAPPING_TYPE' } },
    { name: 'an object is built over an empty list', source: '{"k": {"x": 1}}', input: [], bindings: undefined, expected: { value: { k: { x: 1 } } } },
  ])('$name', async ({ source, input, bindings, expected }) => {
    expect(run(source, input, bindings)).toBe(NEEDS_INTERPRETER);
    const compiled = compileExpression(source, { bindings: statics() });
    const outcome = await compiled.evaluate(input, bindings).then(
      (value) => ({ value }),
      (e: FerryError) => ({ code: e.code }),
    );
    expect(outcome).toEqual(expected);
  });
});

describe('errors of compiled code are the interpreter’s FerryErrors', () => {
  it.each([
    { source: '"a" + 1', code: 'MAPPING_TYPE', cause: 'T2001', col: 5 },
    { source: 'io_id < 1', code: 'MAPPING_TYPE', cause: 'T2009', col: 7 },
    { source: '-name', code: 'MAPPING_ERROR', cause: 'D1002', col: 1 },
    { source: '$number(name)', code: 'MAPPING_ERROR', cause: 'D3030', col: 1 },
    { source: '{"k": 1, "k": 2}', code: 'MAPPING_ERROR', cause: 'D1009', col: 2 },
    { source: '$uppercase(qty)', code: 'MAPPING_TYPE', cause: 'T0410', col: 1 },
    { source: "'x' & $lookup('shops', io_id)", code: 'LOOKUP_MISS', cause: undefined, col: 7 },
    { source: "qty and $lookup('shops', io_id)", code: 'LOOKUP_MISS', cause: undefined, col: 5 },
    { source: '$map([1], function($v){ $money(name) })', code: 'MONEY_INVALID', cause: undefined, col: 1 },
  ])('$source → $code at col $col', async ({ source, code, cause, col }) => {
    const compiled = compileExpression(source, { bindings: statics(), locate: at });
    expect(compiled.engine?.kind).toBe('compiled');
    const err = await rejection(compiled.evaluate({ io_id: '1660021', name: 'T恤', qty: 2 }));
    expect(err).toBeInstanceOf(FerryError);
    expect(err).toMatchObject({ code, at: { col } });
    if (cause) expect(err.cause).toMatchObject({ code: cause });
  });

  it('a function value as the result is MAPPING_TYPE', async () => {
    const compiled = compileExpression('$lookup', { bindings: statics() });
    expect(compiled.engine?.kind).toBe('compiled');
    expect(await rejection(compiled.evaluate({}))).toMatchObject({ code: 'MAPPING_TYPE' });
  });
});

describe('results are plain values', () => {
  it.each([
    { name: 'a sequence becomes an array', source: 'items.sku', input: { items: [{ sku: 'a' }, { sku: 'b' }] }, expected: ['a', 'b'] },
    { name: 'nested sequences too', source: '{"s": items.sku}', input: { items: [{ sku: 'a' }, { sku: 'b' }] }, expected: { s: ['a', 'b'] } },
    { name: 'a one-item list stays a list with []', source: 'items[].sku', input: { items: [{ sku: 'a' }] }, expected: ['a'] },
  ])('$name', async ({ source, input, expected }) => {
    const value = await compileExpression(source).evaluate(input);
    expect(value).toEqual(expected);
    expect(Object.hasOwn(value as object, 'sequence')).toBe(false);
  });

  it('a piece of the input comes back as it is, not copied', async () => {
    const input = { items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }] };
    expect(await compileExpression('items').evaluate(input)).toBe(input.items);
  });
});

describe('a path ending at a list', () => {
  const sequence = (...items: unknown[]) => Object.assign(items, { sequence: true });
  it.each([
    { name: 'a list reached through objects', source: 'a.b', input: { a: { b: [1, 2] } } },
    { name: 'an empty list', source: 'a.b', input: { a: { b: [] } } },
    { name: 'a list of lists', source: 'a.b', input: { a: { b: [[1], [2, 3]] } } },
    { name: 'a list after a variable', source: '$record.items', input: {}, record: { items: [{ q: 1 }] } },
    { name: 'a list on the way', source: 'a.b', input: { a: [{ b: [1] }, { b: [2, 3] }] } },
    { name: 'a sequence at the end', source: 'a.b', input: { a: { b: sequence(sequence(1, 2), 3) } } },
    { name: 'a one-member sequence at the end', source: 'a.b', input: { a: { b: sequence(4) } } },
  ])('$name gives what JSONata gives', async ({ source, input, record }) => {
    const bindings = record === undefined ? undefined : { record };
    const compiled = compileExpression(source).evaluateSync?.(structuredClone(input), bindings);
    const expected = await compileExpression(source, { evaluator: 'interpreter' }).evaluate(structuredClone(input), bindings);
    expect(compiled).toEqual({ value: expected });
  });
});
