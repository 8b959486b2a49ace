import { describe, expect, it } from 'vitest';
import { evalWith, rejection } from './fixtures.js';

const ORDER = { qty: 3, price: '19.99', amounts: [0.1, 0.2, 0.3], one: [{ amount: '5.5' }], none: [] };

describe('money functions: results', () => {
  it.each([
    { name: 'money pads to 2 decimals', expr: '$money("706")', result: '706.00' },
    { name: 'money of a number', expr: '$money(19.99)', result: '19.99' },
    { name: 'money rounds half up (0.125)', expr: '$money(0.125)', result: '0.13' },
    { name: 'money rounds half up (2.675 as decimal)', expr: '$money(2.675)', result: '2.68' },
    { name: 'money rounds half away from zero for negatives', expr: '$money(-2.675)', result: '-2.68' },
    { name: 'money never prints negative zero', expr: '$money(-0.001)', result: '0.00' },
    { name: 'money trims blanks and reads exponents', expr: '$money(" 1e2 ")', result: '100.00' },
    { name: 'money accepts a leading plus', expr: '$money("+1.5")', result: '1.50' },
    { name: 'round2 is money', expr: '$round2(2.665)', result: '2.67' },
    { name: 'mul is exact: 3 × 1.115', expr: '$mul(3, 1.115)', result: '3.345' },
    { name: 'mul then money: 3 × 1.115 → 3.35', expr: '$money($mul(3, 1.115))', result: '3.35' },
    { name: 'mul of many factors', expr: '$mul(qty, price, 2)', result: '119.94' },
    { name: 'add is exact: 0.1 + 0.2 + 0.3', expr: '$add(0.1, 0.2, 0.3)', result: '0.6' },
    { name: 'add flattens lists', expr: '$add(amounts, 1)', result: '1.6' },
    { name: 'sub is exact: 1 - 0.9', expr: '$sub(1, 0.9)', result: '0.1' },
    { name: 'div terminating', expr: '$div(10, 4)', result: '2.5' },
    { name: 'div non-terminating is cut at 20 places', expr: '$div(1, 3)', result: '0.33333333333333333333' },
    { name: 'div with places rounds half up', expr: '$div(2, 3, 2)', result: '0.67' },
    { name: 'div with places rounds once, not twice', expr: '$div("0.9999999999999999999999999", 2, 0)', result: '0' },
    { name: 'exTax of a unit price keeps 6 places', expr: '$exTax(19.99, 13)', result: '17.690265' },
    { name: 'exTax exact case', expr: '$exTax(113, 13)', result: '100.000000' },
    { name: 'exTax with places', expr: '$exTax("19.99", "13", 2)', result: '17.69' },
    { name: 'exTax with zero rate', expr: '$exTax(19.99, 0, 2)', result: '19.99' },
    { name: 'lineTotal 3 × 19.99', expr: '$lineTotal(qty, price)', result: '59.97' },
    { name: 'lineTotal 3 × 1.115 rounds half up', expr: '$lineTotal(3, 1.115)', result: '3.35' },
    { name: '3 × 19.99 at 13%: tax-exclusive line', expr: '$exTax($lineTotal(qty, price), 13, 2)', result: '53.07' },
    { name: '3 × 19.99 at 13%: tax amount', expr: '$sub($lineTotal(qty, price), $exTax($lineTotal(qty, price), 13, 2))', result: '6.9' },
    { name: 'sumMoney 0.1 + 0.2 + 0.3', expr: '$sumMoney(amounts)', result: '0.60' },
    { name: 'sumMoney of one matched item (not a list)', expr: '$sumMoney(one.amount)', result: '5.50' },
    { name: 'sumMoney of an empty list', expr: '$sumMoney(none)', result: '0.00' },
    { name: 'sumMoney rounds the sum once', expr: '$sumMoney([0.004, 0.004])', result: '0.01' },
    { name: 'an absent argument gives an absent result', expr: '$money(missing)', result: undefined },
    { name: 'null counts as absent', expr: '$lineTotal(null, 2)', result: undefined },
    { name: 'absent inside add', expr: '$add(1, missing)', result: undefined },
    { name: 'sumMoney of nothing', expr: '$sumMoney(missing)', result: undefined },
  ])('$name', async ({ expr, result }) => {
    expect(await evalWith(expr, ORDER)).toBe(result);
  });
});

describe('money functions: errors', () => {
  it.each([
    { name: 'text', expr: '$money("abc")' },
    { name: 'empty string', expr: '$money("")' },
    { name: 'thousands separator', expr: '$money("1,000")' },
    { name: 'boolean', expr: '$money(true)' },
    { name: 'object', expr: '$mul({"a": 1}, 2)' },
    { name: 'no arguments', expr: '$mul()' },
    { name: 'division by zero', expr: '$div(1, "0.00")' },
    { name: 'places not an integer', expr: '$div(1, 3, 1.5)' },
    { name: 'places out of range', expr: '$exTax(19.99, 13, 21)' },
    { name: 'places not a number', expr: '$exTax(19.99, 13, "x")' },
    { name: 'tax rate of -100%', expr: '$exTax(19.99, -100)' },
    { name: 'null member of a sum', expr: '$sumMoney([1, null])' },
    { name: 'non-numeric member of a sum', expr: '$sumMoney(["1", "x"])' },
  ])('$name → MONEY_INVALID', async ({ expr }) => {
    const err = await rejection(evalWith(expr, ORDER));
    expect(err).toMatchObject({ code: 'MONEY_INVALID' });
  });

  it('names the offending value', async () => {
    const err = await rejection(evalWith('$money(price)', { price: 'N/A' }));
    expect(err.message).toContain('"N/A"');
  });
});

// JSONata's $round rounds half to even (judged on the decimal string) and Number#toFixed works on
// the binary float; Kingdee rounds the decimal half up. The money functions must match Kingdee.
describe.each([
  { input: '0.125', jsonataRound: 0.12, toFixed: '0.13', ours: '0.13' },
  { input: '2.665', jsonataRound: 2.66, toFixed: '2.67', ours: '2.67' },
  { input: '2.675', jsonataRound: 2.68, toFixed: '2.67', ours: '2.68' },
  { input: '1.005', jsonataRound: 1, toFixed: '1.00', ours: '1.01' },
])('rounding $input', ({ input, jsonataRound, toFixed, ours }) => {
  it('JSONata $round gives the half-even (or float) answer', async () => {
    expect(await evalWith(`$round(${input}, 2)`)).toBe(jsonataRound);
  });
  it('Number#toFixed gives the binary-float answer', () => {
    expect(Number(input).toFixed(2)).toBe(toFixed);
  });
  it('$round2 gives half up on the decimal', async () => {
    expect(await evalWith(`$round2(${input})`)).toBe(ours);
  });
});

describe('floating-point drift the money functions avoid', () => {
  it.each([
    { name: '3 * 1.115', float: '3 * 1.115', floatResult: 3.3449999999999998, decimal: '$mul(3, 1.115)', decimalResult: '3.345' },
    { name: 'sum 0.1+0.2+0.3', float: '$sum([0.1, 0.2, 0.3])', floatResult: 0.6000000000000001, decimal: '$add(0.1, 0.2, 0.3)', decimalResult: '0.6' },
    { name: '3 × 19.99 / 1.13', float: '3 * 19.99 / 1.13', floatResult: 53.07079646017699, decimal: '$div($mul(3, 19.99), 1.13, 2)', decimalResult: '53.07' },
  ])('$name', async ({ float, floatResult, decimal, decimalResult }) => {
    expect(await evalWith(float)).toBe(floatResult);
    expect(await evalWith(decimal)).toBe(decimalResult);
  });
});
