/**
 * The money functions' integer fast path (functions/fixed.ts) against big.js, the reference: on
 * random decimal strings and numbers — ties, negatives, zeros, large values, many decimals,
 * exponents, blanks, invalid input — every function must give big.js's string or big.js's error
 * (same code and message). The reference below is the big.js-only implementation the fast path
 * sits in front of.
 */
import type Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../engine/errors.js';
import { Decimal, divide, formatDecimal, toDecimal, toPlaces } from '../../engine/mapping/functions/decimal.js';
import { formatFixed, parseFixed, plus, quotient, roundTo, times } from '../../engine/mapping/functions/fixed.js';
import { add, div, exTax, lineTotal, money, mul, round2, sub, sumMoney } from '../../engine/mapping/functions/money.js';
import { asList, isAbsent } from '../../engine/mapping/functions/values.js';

const RUNS = Number(process.env.FERRY_MONEY_RUNS) || 1500;

type Outcome = { value: string | undefined } | { code: string; message: string };

function outcome(run: () => string | undefined): Outcome {
  try {
    return { value: run() };
  } catch (e) {
    if (e instanceof FerryError) return { code: e.code, message: e.message };
    throw e;
  }
}

/** big.js only, as the money functions computed before the fast path. */
const reference = {
  money: (x: unknown) => (isAbsent(x) ? undefined : formatDecimal(toDecimal(x, '$money'), 2)),
  round2: (x: unknown) => (isAbsent(x) ? undefined : formatDecimal(toDecimal(x, '$round2'), 2)),
  fold(fn: string, op: (a: Big, b: Big) => Big, args: unknown[]) {
    const values = args.flatMap((a) => (Array.isArray(a) ? asList(a) : [a]));
    if (values.some(isAbsent)) return undefined;
    if (values.length === 0) throw new FerryError('MONEY_INVALID', `${fn}: needs at least one number`);
    return formatDecimal(values.map((v) => toDecimal(v, fn)).reduce(op));
  },
  sub: (a: unknown, b: unknown) => (isAbsent(a) || isAbsent(b) ? undefined : formatDecimal(toDecimal(a, '$sub').minus(toDecimal(b, '$sub')))),
  div(a: unknown, b: unknown, places?: unknown) {
    if (isAbsent(a) || isAbsent(b)) return undefined;
    const divisor = toDecimal(b, '$div');
    if (divisor.eq(0)) throw new FerryError('MONEY_INVALID', '$div: division by zero');
    const dividend = toDecimal(a, '$div');
    if (places === undefined) return formatDecimal(dividend.div(divisor));
    const digits = toPlaces(places, 2, '$div');
    return formatDecimal(divide(dividend, divisor, digits), digits);
  },
  exTax(price: unknown, ratePercent: unknown, places?: unknown) {
    if (isAbsent(price) || isAbsent(ratePercent)) return undefined;
    const digits = toPlaces(places, 6, '$exTax');
    const rate = toDecimal(ratePercent, '$exTax');
    if (rate.lte(-100)) throw new FerryError('MONEY_INVALID', `$exTax: tax rate ${rate.toFixed()}% must be above -100`);
    return formatDecimal(divide(toDecimal(price, '$exTax').times(100), rate.plus(100), digits), digits);
  },
  lineTotal: (q: unknown, p: unknown) =>
    isAbsent(q) || isAbsent(p) ? undefined : formatDecimal(toDecimal(q, '$lineTotal').times(toDecimal(p, '$lineTotal')), 2),
  sumMoney(list: unknown) {
    if (isAbsent(list)) return undefined;
    return formatDecimal(asList(list).reduce<Big>((acc, v) => acc.plus(toDecimal(v, '$sumMoney')), new Decimal(0)), 2);
  },
};

const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** Plain decimals: sign, 1–18 integer digits (leading zeros included), 0–9 decimals, ties `…5`. */
const plainDecimal = fc
  .tuple(fc.constantFrom('', '', '-'), digits(1, 18), fc.oneof(fc.constant(''), digits(1, 9), digits(0, 4).map((d) => `${d}5`)))
  .map(([sign, int, frac]) => `${sign}${int}${frac ? `.${frac}` : ''}`);

/** Strings big.js reads but the fast path leaves to it, and strings nobody reads. */
const oddString = fc.oneof(
  fc.constantFrom(' 1.5 ', '+1.5', '.5', '5.', '-.5', '1e2', '1.5E-3', '-0', '-0.000', '0', 'abc', '', ' ', '1,000', '--1', '1..2', '0x10', 'NaN', '١٢'),
  fc.tuple(plainDecimal, fc.integer({ min: -30, max: 30 })).map(([d, e]) => `${d}e${e}`),
  fc.string({ maxLength: 6 }),
);

const number = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 8 })).map(([c, s]) => c / 10 ** s),
  fc.double({ noNaN: false }),
  fc.constantFrom(-0, 2 ** 53, 2 ** 53 + 2, 1e21, 1e-7, 3 * 1.115, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY),
);

const value = fc.oneof(
  { weight: 6, arbitrary: plainDecimal },
  { weight: 3, arbitrary: number },
  { weight: 2, arbitrary: oddString },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, {}, ['1.5', 2], []) },
);
const places = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 8 }) }, { weight: 1, arbitrary: fc.constantFrom(undefined, 20, 21, 1.5, '3', 'x', -1) });
const rate = fc.oneof(fc.constantFrom(13, 9, 6, 0, -100, -99.99, '13', '-100.0', '-150'), value);

function same(fast: () => string | undefined, slow: () => string | undefined): void {
  expect(outcome(fast)).toEqual(outcome(slow));
}

describe('money functions with the fast path give big.js results and errors', () => {
  const cases: Array<{ name: string; check: () => void }> = [
    { name: '$money', check: () => fc.assert(fc.property(value, (x) => same(() => money(x), () => reference.money(x))), { numRuns: RUNS }) },
    { name: '$round2', check: () => fc.assert(fc.property(value, (x) => same(() => round2(x), () => reference.round2(x))), { numRuns: RUNS }) },
    {
      name: '$mul',
      check: () => fc.assert(fc.property(fc.array(value, { maxLength: 4 }), (xs) => same(() => mul(...xs), () => reference.fold('$mul', (a, b) => a.times(b), xs))), { numRuns: RUNS }),
    },
    {
      name: '$add',
      check: () => fc.assert(fc.property(fc.array(value, { maxLength: 4 }), (xs) => same(() => add(...xs), () => reference.fold('$add', (a, b) => a.plus(b), xs))), { numRuns: RUNS }),
    },
    { name: '$sub', check: () => fc.assert(fc.property(value, value, (a, b) => same(() => sub(a, b), () => reference.sub(a, b))), { numRuns: RUNS }) },
    {
      name: '$div',
      check: () => fc.assert(fc.property(value, fc.oneof(value, fc.constantFrom(0, '0.00', -0, 3, '7')), places, (a, b, p) => same(() => div(a, b, p), () => reference.div(a, b, p))), { numRuns: RUNS }),
    },
    {
      name: '$exTax',
      check: () => fc.assert(fc.property(value, rate, places, (p, r, d) => same(() => exTax(p, r, d), () => reference.exTax(p, r, d))), { numRuns: RUNS }),
    },
    { name: '$lineTotal', check: () => fc.assert(fc.property(value, value, (q, p) => same(() => lineTotal(q, p), () => reference.lineTotal(q, p))), { numRuns: RUNS }) },
    {
      name: '$sumMoney',
      check: () => fc.assert(fc.property(fc.oneof(fc.array(value, { maxLength: 5 }), value), (list) => same(() => sumMoney(list), () => reference.sumMoney(list))), { numRuns: RUNS }),
    },
  ];
  it.each(cases)('$name', ({ check }) => check());
});

describe('the fast path itself', () => {
  it.each([
    { name: 'a price', input: '19.99', c: 1999, s: 2 },
    { name: 'a negative', input: '-0.5', c: -5, s: 1 },
    { name: 'leading zeros', input: '007.10', c: 710, s: 2 },
    { name: 'a safe integer number', input: 9007199254740991, c: 9007199254740991, s: 0 },
    { name: 'a fractional number at its shortest string', input: 1.115, c: 1115, s: 3 },
  ])('reads $name', ({ input, c, s }) => {
    expect(parseFixed(input)).toEqual({ c, s });
  });

  it.each([
    { name: '16 digits', input: '1234567890.123456' },
    { name: 'an exponent', input: '1e2' },
    { name: 'blanks', input: ' 1' },
    { name: 'a leading plus', input: '+1' },
    { name: 'a bare point', input: '5.' },
    { name: 'a number printed with an exponent', input: 1e-7 },
    { name: 'an unsafe integer', input: 2 ** 53 },
    { name: 'Infinity', input: Number.POSITIVE_INFINITY },
    { name: 'a boolean', input: true },
  ])('leaves $name to big.js', ({ input }) => {
    expect(parseFixed(input)).toBeUndefined();
  });

  it.each([
    { name: 'a product past 2^53', run: () => times({ c: 2 ** 40, s: 0 }, { c: 2 ** 14, s: 0 }) },
    { name: 'a sum whose alignment passes 2^53', run: () => plus({ c: 1e15, s: 0 }, { c: 1, s: 9 }) },
    { name: 'rounding to more places than fit', run: () => roundTo({ c: 1e15, s: 0 }, 6) },
    { name: 'a quotient whose scaled dividend passes 2^53', run: () => quotient({ c: 1e12, s: 0 }, { c: 3, s: 0 }, 6) },
  ])('declines $name', ({ run }) => {
    expect(run()).toBeUndefined();
  });

  it.each([
    { name: 'ties round away from zero', run: () => roundTo({ c: -2675, s: 3 }, 2), text: '-2.68' },
    { name: 'just under a tie rounds down', run: () => roundTo({ c: 26749, s: 4 }, 2), text: '2.67' },
    { name: 'a quotient tie', run: () => quotient({ c: 1, s: 0 }, { c: 8, s: 0 }, 2), text: '0.13' },
    { name: 'a negative zero prints unsigned', run: () => roundTo({ c: -1, s: 3 }, 2), text: '0.00' },
  ])('$name', ({ run, text }) => {
    const result = run();
    expect(result && formatFixed(result)).toBe(text);
  });

  it('prints exact values without trailing zeros', () => {
    expect([formatFixed({ c: 3450, s: 3 }, true), formatFixed({ c: -0, s: 2 }, true), formatFixed({ c: 100, s: 0 }, true)]).toEqual(['3.45', '0', '100']);
  });
});
