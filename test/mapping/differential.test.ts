/**
 * The compiler's contract, checked by difference: for every expression and input, compiled code
 * (engine/mapping/compiler) must give what stock JSONata 2.2.2 gives — the same value (after
 * toPlain, prototypes and -0 included) or a FerryError with the same code, location and message.
 * Compiled runs are made directly, so an evaluation handed back to the interpreter
 * (NEEDS_INTERPRETER) is counted, not silently passed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import jsonata from 'jsonata';
import { beforeAll, describe, expect, it } from 'vitest';
import { NEEDS_INTERPRETER, compileAst } from '../../engine/mapping/compiler/compile.js';
import { explainScheme } from '../../engine/mapping/compiler/explain.js';
import { createStaticBindings } from '../../engine/mapping/functions/index.js';
import { evaluationError } from '../../engine/mapping/jsonata-error.js';
import { compileMapper } from '../../engine/mapping/mapper.js';
import { toPlain } from '../../engine/mapping/plain-value.js';
import type { MapResult, RecordMapper } from '../../engine/mapping/types.js';
import { type LoadedScheme, loadScheme } from '../../engine/scheme/load.js';
import { SalesOutGenerator } from '../../engine/sandbox/generator.js';
import { normalizeRecord, parseExactJson } from '../../engine/sources/normalize.js';
import { stringify } from 'lossless-json';

const SCHEME = 'schemes/jushuitan-saleout-to-kingdee.yaml';
/** Generated cases per property; raise it (FERRY_DIFF_RUNS=5000) to hunt for a rare difference. */
const RUNS = Number(process.env.FERRY_DIFF_RUNS) || 200;
const FIXTURES = 'schemes/jushuitan-saleout-to-kingdee/fixtures';
const locate = (offset: number) => ({ file: 'x.yaml', line: 1, col: offset + 1 });

type Statics = Record<string, unknown>;
type Outcome = { value: unknown } | { error: { code: string; at: unknown; message: string } };

function failure(e: unknown, source: string): Outcome {
  const err = evaluationError(e, source, locate);
  return { error: { code: err.code, at: err.at, message: err.message } };
}

/** Both evaluators for one expression: stock JSONata (with toPlain) and the compiled function. */
function bothWays(source: string, statics: Statics) {
  const reference = jsonata(source);
  for (const [name, value] of Object.entries(statics)) reference.assign(name, value);
  const compiled = compileAst(reference.ast(), { statics, maxDepth: 200 });
  return {
    compiled: compiled.ok,
    reason: compiled.ok ? undefined : compiled.reason,
    async interpret(input: unknown, bindings: Statics): Promise<Outcome> {
      try {
        return { value: toPlain(await reference.evaluate(input, bindings)) };
      } catch (e) {
        return failure(e, source);
      }
    },
    /** The compiled outcome, or `'bailed'` when it handed the input to the interpreter. */
    run(input: unknown, bindings: Statics): Outcome | 'bailed' {
      if (!compiled.ok) throw new Error(`${source} is not compiled: ${compiled.reason}`);
      try {
        return { value: compiled.run(input, bindings) };
      } catch (e) {
        if (e === NEEDS_INTERPRETER) return 'bailed';
        return failure(e, source);
      }
    },
  };
}

/** Compares both evaluators on one input (each on its own deep copy); returns whether it bailed. */
async function expectSame(pair: ReturnType<typeof bothWays>, input: unknown, bindings: Statics = {}): Promise<boolean> {
  const expected = await pair.interpret(structuredClone(input), structuredClone(bindings));
  const got = pair.run(structuredClone(input), structuredClone(bindings));
  if (got === 'bailed') return true;
  expect(got).toStrictEqual(expected);
  return false;
}

let loaded: LoadedScheme;
let statics: Statics;
let expressions: ReturnType<typeof explainScheme>;
let mappers: Record<'auto' | 'interpreter', RecordMapper>;
const pairs = new Map<string, ReturnType<typeof bothWays>>();
const pairFor = (source: string) => pairs.get(source) ?? pairs.set(source, bothWays(source, statics)).get(source)!;

function mapperOf(evaluator: 'auto' | 'interpreter'): RecordMapper {
  const at = (pointer: string, offset?: number) => ({ file: 'x.yaml', line: 1, col: (offset ?? 0) + 1, pointer });
  // No time limit: on a busy machine JSONata could hit it where compiled code, which has none, does not.
  const compiled = compileMapper({ scheme: loaded.scheme, tables: loaded.tables, locate: at, evaluator, limits: { timeoutMs: 0 } });
  if (!compiled.mapper) throw new Error('the bundled scheme did not compile');
  return compiled.mapper;
}

beforeAll(async () => {
  loaded = await loadScheme(SCHEME, { env: {}, envMode: 'warn' });
  statics = createStaticBindings({ tables: loaded.tables, vars: loaded.scheme.vars });
  expressions = explainScheme(loaded);
  mappers = { auto: mapperOf('auto'), interpreter: mapperOf('interpreter') };
});

function itemsOf(record: Record<string, unknown>): unknown[] {
  const items = record.items;
  return items === undefined || items === null ? [] : Array.isArray(items) ? items : [items];
}

/**
 * Every expression of the bundled scheme against one record, each with the inputs the mapper
 * gives it: the record, each item (`$entry`), the written document (document assertions).
 * Returns how many evaluations bailed.
 */
async function checkRecord(record: Record<string, unknown>, document: Record<string, unknown> | undefined): Promise<number> {
  let bails = 0;
  const bindings = { record };
  for (const { pointer, source } of expressions) {
    const pair = pairFor(source);
    const onDocument = loaded.scheme.assertions?.some((a, i) => a.on === 'document' && pointer === `/assertions/${i}/check`);
    const inputs = pointer.includes('/$entry/') ? itemsOf(record) : onDocument ? (document ? [document] : []) : [record];
    for (const input of inputs) if (await expectSame(pair, input, bindings)) bails++;
  }
  return bails;
}

/** A MapResult with a park's error reduced to what a user sees (its cause differs by design). */
function visible(result: MapResult): unknown {
  if (result.kind !== 'park') return result;
  const { code, message, at, field, recordKey, hint, severity } = result.error;
  return { kind: 'park', error: { code, message, at, field, recordKey, hint, severity } };
}

async function mappedBothWays(record: Record<string, unknown>, key: string): Promise<MapResult> {
  const interpreted = await mappers.interpreter.map(structuredClone(record), key);
  const compiled = await mappers.auto.map(structuredClone(record), key);
  expect(visible(compiled)).toStrictEqual(visible(interpreted));
  return interpreted;
}

describe('the bundled scheme', () => {
  it('is compiled completely', () => {
    expect(expressions.length).toBeGreaterThanOrEqual(24);
    expect(expressions.filter((e) => e.evaluator !== 'compiled')).toEqual([]);
  });

  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  it.each(files)('every expression agrees on fixture %s', async (file) => {
    const payload = parseExactJson(readFileSync(join(FIXTURES, file), 'utf8')) as { response: { datas: Record<string, unknown>[] } };
    let bails = 0;
    for (const raw of payload.response.datas) {
      const record = normalizeRecord(raw, loaded.scheme.source);
      const result = await mappedBothWays(record, String(record.io_id));
      bails += await checkRecord(record, result.kind === 'write' ? result.document : undefined);
    }
    expect(bails).toBe(0);
  });
});

/** Sales-outs as a source might send them: 1–5 items (often exactly one), gifts, gaps and oddities. */
const salesOut = (() => {
  const id = fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 }).map(String), fc.constantFrom('9007199254740993', '18014398509481985'));
  const money = fc.oneof(fc.constantFrom('19.99', '223.00', '1.115', '2.675', '0', '0.00', '-1.5', 'abc', ''), fc.integer({ min: 0, max: 99999 }).map((c) => c / 100), fc.integer({ min: 0, max: 9999 }).map(String));
  const text = fc.oneof(fc.constantFrom('纯棉T恤', '红色;M', '保温杯', '', ' '), fc.string({ maxLength: 5 }));
  const odd = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
  const item = fc.record(
    { ioi_id: id, sku_id: odd(fc.constantFrom('s111001', 's111003', 's999001')), name: odd(text), properties_value: odd(text), qty: odd(fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constantFrom('2', '0'))), sale_price: odd(money), is_gift: odd(fc.oneof(fc.boolean(), fc.constant('true'))) },
    { requiredKeys: ['sku_id', 'qty'] },
  );
  const items = fc.oneof({ weight: 3, arbitrary: fc.array(item, { minLength: 1, maxLength: 1 }) }, { weight: 5, arbitrary: fc.array(item, { minLength: 1, maxLength: 5 }) }, { weight: 1, arbitrary: item }, { weight: 1, arbitrary: fc.constant([]) });
  return fc.record(
    {
      io_id: id, o_id: id, so_id: id, shop_id: fc.constantFrom(11690153, '11690154', 11690199, null), wms_co_id: fc.constantFrom(11053062, '11053063', 99),
      status: fc.constantFrom('Confirmed', 'Archive', 'WaitConfirm', 'Cancelled'), io_date: odd(fc.constantFrom('2024-05-19 15:07:58', '2024-05-19 15:07:58.123', '', '2024-02-30 10:00:00')), items,
    },
    { requiredKeys: ['io_id', 'status', 'items'] },
  );
})();

describe('generated sales-outs', () => {
  it.each([
    { name: 'as the source sends them', normalize: false },
    { name: 'normalised (ids and money as strings)', normalize: true },
  ])('every expression and the whole mapper agree: $name', async ({ normalize }) => {
    let bails = 0;
    await fc.assert(
      fc.asyncProperty(salesOut, async (raw) => {
        const record = normalize ? normalizeRecord(raw, loaded.scheme.source) : raw;
        const result = await mappedBothWays(record, String(record.io_id));
        bails += await checkRecord(record, result.kind === 'write' ? result.document : undefined);
      }),
      { numRuns: RUNS },
    );
    expect(bails).toBe(0);
  });

  it('the whole mapper agrees on the sandbox generator’s records', async () => {
    const generator = new SalesOutGenerator({ seed: 3, orders: 200 });
    const kinds = new Set<string>();
    for (let i = 0; i < generator.count; i++) {
      const record = normalizeRecord(parseExactJson(stringify(generator.record(i)) ?? '') as Record<string, unknown>, loaded.scheme.source);
      kinds.add((await mappedBothWays(record, String(record.io_id))).kind);
    }
    expect([...kinds].sort()).toEqual(['park', 'skip', 'write']);
  });
});

const ITEMS = [
  { sku: 'a', qty: 2, price: 0.1, tags: ['x', 'y'] },
  { sku: 'b', qty: 0, price: 0.2, tags: [] },
  { sku: 'c', qty: 1, price: 0.3, tags: [['n1', 'n2'], 'z'] },
];
const ONE = [{ sku: 'a', qty: 2, tags: ['x'] }];
const DATA = { items: ITEMS, one: ONE, n: 5, s: '5', t: true, z: null, e: [], cn: '中文字符串', big: '9007199254740993', huge: Number.MAX_SAFE_INTEGER + 3, shop_id: 11690153 };

describe('sharp edges', () => {
  it.each([
    { name: 'a one-item list yields an object', expr: 'one.{"sku": sku}' },
    { name: 'unless wrapped in […]', expr: '[one.{"sku": sku}]' },
    { name: 'or kept with []', expr: 'one[].sku' },
    { name: 'a one-item path collapses', expr: 'one.sku' },
    { name: 'a missing key makes the object key vanish', expr: '{"sku": one.sku, "gone": one.nothing, "n": n}' },
    { name: 'object keys computed per item', expr: 'items.{sku: qty}' },
    { name: 'an object over a nested list groups its members by key', expr: 'items.tags.{"k": $}' },
    { name: '$round rounds half to even', expr: '[$round(0.5), $round(1.5), $round(2.5), $round(-2.5), $round(0.125, 2), $round(2.675, 2)]' },
    { name: '$string(0.1 + 0.2) is "0.3"', expr: '$string(0.1 + 0.2)' },
    { name: '0.1 + 0.2 keeps its noise', expr: '0.1 + 0.2' },
    { name: '$sum([0.1, 0.2, 0.3])', expr: '$sum([0.1, 0.2, 0.3])' },
    { name: 'string = number is false', expr: '[s = n, s != n, "5" = 5]' },
    { name: 'string < number is T2009', expr: 's < n' },
    { name: 'list < number is T2010', expr: 'items < 1' },
    { name: 'and/or with nothing', expr: '[nothing and true, nothing or true, true and nothing, t or nothing, nothing or nothing]' },
    { name: 'in with a scalar', expr: '[s in s, n in n, "5" in n, nothing in items, n in nothing]' },
    { name: 'in with a list', expr: '["a" in items.sku, 0.3 in items.price, "q" in items.sku]' },
    { name: 'paths over nested lists flatten one level per step', expr: 'items.tags' },
    { name: 'predicates per step', expr: '[items.tags[0], (items.tags)[0], items[tags].sku]' },
    { name: 'filters and positions', expr: '[items[qty > 0].sku, items[-1].sku, items[[0, 2]].sku, items[1.9].sku]' },
    { name: 'a filter over nothing', expr: 'nothing[qty > 0]' },
    { name: '"a" + 1 is T2001', expr: '"a" + 1' },
    { name: '1 + "a" is T2002', expr: '1 + "a"' },
    { name: 'negating text is D1002', expr: '-s' },
    { name: 'Infinity as text is D3001', expr: '$string(n / 0)' },
    { name: 'a key that is not a string is T1003', expr: '{n: 1}' },
    { name: 'the same key twice is D1009', expr: '{"k": 1, "k": 2}' },
    { name: '$number of non-numeric text is D3030', expr: '$number("12abc")' },
    { name: 'a signature mismatch is T0410', expr: '$uppercase(n)' },
    { name: 'a context of the wrong type is T0411', expr: 'items.$uppercase()' },
    { name: 'a list of the wrong members is T0412', expr: '$sum(items.sku)' },
    { name: 'signature defaults take the context', expr: '[items.sku.$uppercase(), s.$number(), $string()]' },
    { name: 'string functions count code points', expr: '[$substring(cn, 1, 2), $length("𝄞ab"), $pad("ab", -5, "xy"), $trim("  a \n b "), $join(items.sku, ", ")]' },
    { name: 'replace with a string pattern', expr: '[$replace("aaa", "a", "b", 2), $replace(cn, "字", "-"), $contains(cn, "文")]' },
    { name: 'aggregates', expr: '[$count(items), $count(nothing), $max(items.qty), $min([]), $average(items.qty), $exists(nothing), $boolean(e), $not(items)]' },
    { name: '$map and $filter with lambdas', expr: '[$map(items, function($v, $i){$v.qty * $i}), $filter(items, function($v){$v.qty > 0}).sku]' },
    { name: 'a lambda failing inside $map', expr: '$map(items, function($v){$lookup("shops", $v.sku)})' },
    { name: 'a lambda failing in a tail call', expr: '$map(items, function($v){$v.qty ? $number($v.sku) : 0})' },
    { name: 'a scheme function failing', expr: '"x" & $lookup("shops", "nope")' },
    { name: 'an error right of and is placed at and', expr: 't and $lookup("shops", "nope")' },
    { name: 'money and ids', expr: '[$money(0.125), $mul(items.price), $sumMoney(items.price), $str(big), $str(shop_id)]' },
    { name: 'an id beyond 2^53 is MAPPING_TYPE', expr: '$str(huge)' },
    { name: 'a money function rejecting text', expr: '$money(cn)' },
    { name: 'a date that does not exist', expr: '$kdDay("2024-02-30 10:00:00")' },
    { name: 'a condition without else', expr: '[t ? "y", z ? "y"]' },
    { name: 'the context and the root', expr: '[$.n, $$.s, items.$$.n]' },
    { name: 'two failing members go to the interpreter', expr: '[$lookup("shops", "x"), 1 + "a"]', bails: true },
    { name: 'a function value is MAPPING_TYPE', expr: '$lookup' },
  ])('$name: $expr', async ({ expr, bails = false }) => {
    const pair = pairFor(expr);
    expect(pair.reason).toBeUndefined();
    expect(await expectSame(pair, DATA, { record: DATA })).toBe(bails);
  });

  it.each([
    { name: 'an array', input: [1, 2, 3], expr: '[$, $[1], $count($)]' },
    { name: 'an array of objects', input: [{ a: 1 }, { a: 2 }], expr: '[a, {"k": a}]' },
    { name: 'a string', input: 'text', expr: '[$, $length()]' },
    { name: 'nothing', input: undefined, expr: '[$, nothing, $string()]' },
  ])('the input may be $name', async ({ input, expr }) => {
    expect(await expectSame(pairFor(expr), input)).toBe(false);
  });
});

/** Random expressions from the compiled subset, over random JSON. */
const randomExpression = (() => {
  const name = fc.constantFrom('a', 'b', 'items', 'qty', 'sku');
  const call1 = fc.constantFrom('$string', '$number', '$count', '$sum', '$exists', '$boolean', '$not', '$uppercase', '$length', '$str', '$money', '$round', '$join');
  const call2 = fc.constantFrom('$substring', '$round', '$join', '$contains', '$pad', '$mul', '$add', '$exTax', '$lineTotal', '$lookup', '$replace');
  return fc.letrec((tie) => ({
    e: fc.oneof(
      { depthSize: 'small' },
      name,
      fc.constantFrom('$', '$$', '$record', '"x"', '1', '0.1', 'true', 'null', '[]', '{}'),
      fc.tuple(tie('e'), name).map(([p, n]) => `${p}.${n}`),
      fc.tuple(tie('e'), tie('e')).map(([p, q]) => `${p}[${q}]`),
      fc.tuple(tie('e'), fc.constantFrom('+', '*', '&', '=', '!=', '<', 'and', 'or', 'in'), tie('e')).map(([l, o, r]) => `(${l} ${o} ${r})`),
      fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, t, f]) => `(${c} ? ${t} : ${f})`),
      fc.array(tie('e'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
      fc.tuple(tie('e'), tie('e')).map(([p, v]) => `${p}.{"k": ${v}}`),
      fc.tuple(call1, tie('e')).map(([f, x]) => `${f}(${x})`),
      fc.tuple(call2, tie('e'), tie('e')).map(([f, x, y]) => `${f}(${x}, ${y})`),
      fc.tuple(fc.constantFrom('$map', '$filter'), tie('e'), tie('e')).map(([f, x, b]) => `${f}(${x}, function($v, $i){${b}})`),
      tie('e').map((x) => `-${x}`),
      tie('e').map((x) => `${x}[]`),
    ),
  })).e;
})();
const json = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.string({ maxLength: 2 }), fc.constantFrom('1', '2.675', '中文'), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.1, 2.5), fc.boolean(), fc.constant(null)),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'items', 'qty', 'sku'), tie('v'), { maxKeys: 3 }),
  ),
})).v;

describe('random expressions', () => {
  it('agree on random JSON (or hand the input to the interpreter)', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(randomExpression, json, async (source, input) => {
        let pair: ReturnType<typeof bothWays>;
        try {
          pair = bothWays(source, statics);
        } catch {
          return; // not even JSONata (`null.a`): nothing to compare
        }
        if (pair.compiled && !(await expectSame(pair, input, { record: input }))) compared++;
      }),
      { numRuns: 2 * RUNS },
    );
    expect(compared).toBeGreaterThan(1.5 * RUNS);
  });
});
