/**
 * The registry of functions a scheme's expressions can call, and the static bindings built from
 * it. One explicit object (not import side effects) so the compiler can tell a known function
 * from a typo and the README lists exactly what exists.
 */
import type { LookupTable } from '../types.js';
import { kdDate, kdDay, toIso } from './dates.js';
import { createLookup } from './lookup.js';
import { add, div, exTax, lineTotal, money, mul, round2, sub, sumMoney } from './money.js';
import { str } from './str.js';

/** What the functions may see: the loaded lookup tables and the scheme's `vars`. */
export interface FunctionContext {
  tables: ReadonlyMap<string, LookupTable>;
  vars?: Readonly<Record<string, string | number | boolean>>;
}

type SchemeFunction = (...args: never[]) => unknown;

/** Scheme function name (without `$`) → factory. Documented in functions/README.md. */
export const SCHEME_FUNCTIONS = {
  lookup: (ctx) => createLookup(ctx.tables),
  money: () => money,
  round2: () => round2,
  mul: () => mul,
  add: () => add,
  sub: () => sub,
  div: () => div,
  exTax: () => exTax,
  lineTotal: () => lineTotal,
  sumMoney: () => sumMoney,
  kdDate: () => kdDate,
  kdDay: () => kdDay,
  toIso: () => toIso,
  str: () => str,
} satisfies Record<string, (ctx: FunctionContext) => SchemeFunction>;

/** Variables bound for every evaluation of one record: `$record` is the whole source record. */
export const PER_RECORD_VARIABLES = ['record'] as const;

/**
 * The bindings every compiled expression of a scheme gets once, at compile time: each scheme
 * function under its name, and `vars` (frozen, `{}` when the scheme has none).
 */
export function createStaticBindings(ctx: FunctionContext): Record<string, unknown> {
  const bindings: Record<string, unknown> = { vars: Object.freeze({ ...(ctx.vars ?? {}) }) };
  for (const [name, create] of Object.entries(SCHEME_FUNCTIONS)) bindings[name] = create(ctx);
  return bindings;
}
