/**
 * Money functions for schemes. Every one is decimal-exact, rounds **half up** where it
 * rounds at all (Kingdee rounds half up; JSONata's `$round` rounds half to even), and returns a
 * **decimal string** — Kingdee accepts numeric strings for amounts, and a string cannot pick up
 * binary floating-point noise on its way to the target. A scheme that needs a JSON number wraps
 * the result in `$number()`, which is safe for values of up to 15 significant digits.
 *
 * Inputs are numbers or numeric strings. An absent argument (`undefined`/`null`: the path matched
 * nothing) makes the result absent, so the document builder names the empty target field; a
 * non-numeric argument is MONEY_INVALID naming the value.
 *
 * Each function first tries the exact integer fast path (fixed.ts: plain decimals of up to 15
 * digits, in safe integers) and, when that declines, computes with big.js exactly as before — so
 * results are big.js's, and big.js alone decides every error, in the same order as ever.
 */
import type Big from 'big.js';
import { FerryError } from '../../errors.js';
import { Decimal, divide, formatDecimal, toDecimal, toPlaces } from './decimal.js';
import { type Fixed, formatFixed, negate, parseFixed, plus, quotient, roundTo, times } from './fixed.js';
import { asList, isAbsent } from './values.js';

/** Decimal places of an amount in CNY (yuan.fen). */
const AMOUNT_PLACES = 2;
/** Default places of a tax-exclusive unit price (`$exTax`): Kingdee's price fields keep 6 by default. */
const PRICE_PLACES = 6;
const HUNDRED: Fixed = { c: 100, s: 0 };

/** Flattens variadic arguments (a path may hand over a list); `undefined` when one is absent. */
function operands(args: unknown[], fn: string): unknown[] | undefined {
  const values = args.flatMap((a) => (Array.isArray(a) ? asList(a) : [a]));
  if (values.some(isAbsent)) return undefined;
  if (values.length === 0) {
    throw new FerryError('MONEY_INVALID', `${fn}: needs at least one number`);
  }
  return values;
}

/** Folds `values` with `op` on the fast path (from `start` when given); `undefined` to use big.js. */
function foldFast(values: unknown[], op: (a: Fixed, b: Fixed) => Fixed | undefined, start?: Fixed): Fixed | undefined {
  let acc = start;
  for (const value of values) {
    const next = parseFixed(value);
    if (!next) return undefined;
    acc = acc ? op(acc, next) : next;
    if (!acc) return undefined;
  }
  return acc;
}

/** `x` rounded half up to `places` and printed with exactly that many decimals. */
function rounded(x: Fixed | undefined, places: number): string | undefined {
  const r = x && roundTo(x, places);
  return r && formatFixed(r);
}

function roundAmount(x: unknown, fn: string): string | undefined {
  if (isAbsent(x)) return undefined;
  return rounded(parseFixed(x), AMOUNT_PLACES) ?? formatDecimal(toDecimal(x, fn), AMOUNT_PLACES);
}

/** `$money(x)`: `x` rounded half up to 2 decimals, e.g. `"2.68"` for 2.675. */
export function money(x: unknown): string | undefined {
  return roundAmount(x, '$money');
}

/** `$round2(x)`: the same as `$money`, under a name that reads better for non-amounts. */
export function round2(x: unknown): string | undefined {
  return roundAmount(x, '$round2');
}

/** `$mul(a, b, ...)`: the exact product as a decimal string; lists are multiplied through. */
export function mul(...args: unknown[]): string | undefined {
  const values = operands(args, '$mul');
  if (!values) return undefined;
  const fast = foldFast(values, times);
  if (fast) return formatFixed(fast, true);
  return formatDecimal(values.map((v) => toDecimal(v, '$mul')).reduce((acc, v) => acc.times(v)));
}

/** `$add(a, b, ...)`: the exact sum as a decimal string; lists are summed. */
export function add(...args: unknown[]): string | undefined {
  const values = operands(args, '$add');
  if (!values) return undefined;
  const fast = foldFast(values, plus);
  if (fast) return formatFixed(fast, true);
  return formatDecimal(values.map((v) => toDecimal(v, '$add')).reduce((acc, v) => acc.plus(v)));
}

/** `$sub(a, b)`: the exact difference `a - b` as a decimal string. */
export function sub(a: unknown, b: unknown): string | undefined {
  if (isAbsent(a) || isAbsent(b)) return undefined;
  const fa = parseFixed(a);
  const fb = parseFixed(b);
  const fast = fa && fb && plus(fa, negate(fb));
  if (fast) return formatFixed(fast, true);
  return formatDecimal(toDecimal(a, '$sub').minus(toDecimal(b, '$sub')));
}

/**
 * `$div(a, b, [places])`: `a / b`. Without `places` the quotient is exact when it terminates and
 * cut at 20 decimals (half up) when it does not; with `places` it is rounded half up to that many.
 * Division by zero is MONEY_INVALID.
 */
export function div(a: unknown, b: unknown, places?: unknown): string | undefined {
  if (isAbsent(a) || isAbsent(b)) return undefined;
  if (places !== undefined) {
    const fa = parseFixed(a);
    const fb = parseFixed(b);
    // Validated after both operands, as on the big.js path below.
    const fast = fa && fb && fb.c !== 0 ? quotient(fa, fb, toPlaces(places, AMOUNT_PLACES, '$div')) : undefined;
    if (fast) return formatFixed(fast);
  }
  const divisor = toDecimal(b, '$div');
  if (divisor.eq(0)) throw new FerryError('MONEY_INVALID', '$div: division by zero');
  const dividend = toDecimal(a, '$div');
  if (places === undefined) return formatDecimal(dividend.div(divisor));
  const digits = toPlaces(places, AMOUNT_PLACES, '$div');
  return formatDecimal(divide(dividend, divisor, digits), digits);
}

/** `price × 100 / (100 + rate)` at `places` on the fast path; `undefined` to use big.js. */
function exTaxFast(price: unknown, ratePercent: unknown, places: number): string | undefined {
  const rate = parseFixed(ratePercent);
  const gross = parseFixed(price);
  const base = rate && plus(rate, HUNDRED);
  // A rate of -100% or below is an error, which big.js words.
  if (!gross || !base || base.c <= 0) return undefined;
  const net = times(gross, HUNDRED);
  const r = net && quotient(net, base, places);
  return r && formatFixed(r);
}

/**
 * `$exTax(taxInclusivePrice, ratePercent, [places=6])`: the tax-exclusive price
 * `price / (1 + rate/100)`, rounded half up to `places` (6 by default, as Kingdee keeps unit
 * prices). `$exTax(19.99, 13)` is `"17.690265"`.
 */
export function exTax(price: unknown, ratePercent: unknown, places?: unknown): string | undefined {
  if (isAbsent(price) || isAbsent(ratePercent)) return undefined;
  const digits = toPlaces(places, PRICE_PLACES, '$exTax');
  const fast = exTaxFast(price, ratePercent, digits);
  if (fast !== undefined) return fast;
  const rate = toDecimal(ratePercent, '$exTax');
  if (rate.lte(-100)) {
    throw new FerryError('MONEY_INVALID', `$exTax: tax rate ${rate.toFixed()}% must be above -100`);
  }
  // price * 100 / (100 + rate) keeps one division, so the only rounding is the final one.
  const net = toDecimal(price, '$exTax').times(100);
  return formatDecimal(divide(net, rate.plus(100), digits), digits);
}

/** `$lineTotal(qty, price)`: `qty × price` rounded half up to 2 decimals. */
export function lineTotal(qty: unknown, price: unknown): string | undefined {
  if (isAbsent(qty) || isAbsent(price)) return undefined;
  const fq = parseFixed(qty);
  const fp = parseFixed(price);
  const fast = rounded(fq && fp && times(fq, fp), AMOUNT_PLACES);
  if (fast !== undefined) return fast;
  return formatDecimal(toDecimal(qty, '$lineTotal').times(toDecimal(price, '$lineTotal')), AMOUNT_PLACES);
}

const ZERO: Fixed = { c: 0, s: 0 };

/**
 * `$sumMoney(list)`: the exact sum of the list, then rounded half up to 2 decimals once (terms are
 * not rounded one by one). An empty list is `"0.00"`; an absent list is absent; a null or
 * non-numeric member is MONEY_INVALID.
 */
export function sumMoney(list: unknown): string | undefined {
  if (isAbsent(list)) return undefined;
  const values = asList(list);
  const fast = rounded(foldFast(values, plus, ZERO), AMOUNT_PLACES);
  if (fast !== undefined) return fast;
  const total = values.reduce<Big>((acc, v) => acc.plus(toDecimal(v, '$sumMoney')), new Decimal(0));
  return formatDecimal(total, AMOUNT_PLACES);
}
