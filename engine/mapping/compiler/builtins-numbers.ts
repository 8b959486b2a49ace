/**
 * JSONata 2.2.2's numeric, aggregate and boolean built-ins, ported from its `functions` module
 * for compiled code. Each takes the arguments after signature validation. `$round` keeps
 * JSONata's half-to-even rounding on the decimal string (the money functions round half up).
 */
import { JsonataRuntimeError } from './errors.js';
import { toBoolean } from './values.js';

function sum(args: number[] | undefined): number | undefined {
  if (args === undefined) return undefined;
  let total = 0;
  for (const n of args) total += n;
  return total;
}

function average(args: number[] | undefined): number | undefined {
  if (args === undefined || args.length === 0) return undefined;
  return (sum(args) as number) / args.length;
}

const NUMERIC_TEXT = /^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/;
const PREFIXED_INTEGER = /^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/;

function number(arg: unknown): number | undefined {
  if (arg === undefined) return undefined;
  if (typeof arg === 'number') return arg;
  if (typeof arg === 'string' && NUMERIC_TEXT.test(arg) && !Number.isNaN(Number.parseFloat(arg)) && Number.isFinite(Number(arg))) {
    return Number.parseFloat(arg);
  }
  if (typeof arg === 'string' && PREFIXED_INTEGER.test(arg)) return Number(arg);
  if (arg === true) return 1;
  if (arg === false) return 0;
  throw new JsonataRuntimeError('D3030', { value: arg, index: 1 });
}

/** Shifts the decimal point of `value` by `places` through its string form (no float noise). */
function shift(value: number, places: number): number {
  const [mantissa, exponent] = value.toString().split('e');
  return Number(`${mantissa}e${exponent ? Number(exponent) + places : places}`);
}

function round(arg: number | undefined, precision?: number): number | undefined {
  if (arg === undefined) return undefined;
  const shifted = precision ? shift(arg, precision) : arg;
  let result = Math.round(shifted);
  if (Math.abs(result - shifted) === 0.5 && Math.abs(result % 2) === 1) result -= 1;
  if (precision) result = shift(result, -precision);
  return Object.is(result, -0) ? 0 : result;
}

function unaryMath(fn: (n: number) => number): (arg?: number) => number | undefined {
  return (arg) => (arg === undefined ? undefined : fn(arg));
}

type Impl = (...args: never[]) => unknown;

/** Name → [signature, implementation] of the compiled numeric and boolean built-ins. */
export const NUMBER_BUILTINS: Readonly<Record<string, readonly [string, Impl]>> = {
  sum: ['<a<n>:n>', sum],
  count: ['<a:n>', (args?: unknown[]) => (args === undefined ? 0 : args.length)],
  max: ['<a<n>:n>', (args?: number[]) => (args === undefined || args.length === 0 ? undefined : Math.max(...args))],
  min: ['<a<n>:n>', (args?: number[]) => (args === undefined || args.length === 0 ? undefined : Math.min(...args))],
  average: ['<a<n>:n>', average],
  number: ['<(nsb)-:n>', number],
  floor: ['<n-:n>', unaryMath(Math.floor)],
  ceil: ['<n-:n>', unaryMath(Math.ceil)],
  abs: ['<n-:n>', unaryMath(Math.abs)],
  round: ['<n-n?:n>', round],
  boolean: ['<x-:b>', toBoolean],
  not: ['<x-:b>', (arg: unknown) => (arg === undefined ? undefined : !toBoolean(arg))],
  exists: ['<x:b>', (arg: unknown) => arg !== undefined],
};
