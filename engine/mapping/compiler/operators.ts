/**
 * JSONata 2.2.2's binary operators on already evaluated operands, ported from its evaluator:
 * arithmetic with T2001/T2002, `=`/`!=` as deep equality, ordering comparisons that refuse mixed
 * or non-scalar operands (T2009/T2010), `&` over `$string` forms and `in` by strict membership.
 * The caller places errors at the operator (errors.ts `placeAtOperator`).
 */
import { JsonataRuntimeError } from './errors.js';
import { isDeepEqual, isNumeric, stringify } from './values.js';

/** The operators this module implements (`and`/`or` short-circuit, so they live with the node). */
export type ValueOperator = '+' | '-' | '*' | '/' | '%' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '&' | 'in';

/** Every ValueOperator, for the compiler's dispatch. */
export const VALUE_OPERATORS: ReadonlySet<string> = new Set<ValueOperator>([
  '+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', '&', 'in',
]);

function arithmetic(lhs: unknown, rhs: unknown, op: '+' | '-' | '*' | '/' | '%'): number | undefined {
  if (lhs !== undefined && !isNumeric(lhs)) throw new JsonataRuntimeError('T2001', { value: lhs });
  if (rhs !== undefined && !isNumeric(rhs)) throw new JsonataRuntimeError('T2002', { value: rhs });
  if (lhs === undefined || rhs === undefined) return undefined;
  switch (op) {
    case '+':
      return lhs + rhs;
    case '-':
      return lhs - rhs;
    case '*':
      return lhs * rhs;
    case '/':
      return lhs / rhs;
    case '%':
      return lhs % rhs;
  }
}

function isComparable(type: string): boolean {
  return type === 'undefined' || type === 'string' || type === 'number';
}

function compare(lhs: unknown, rhs: unknown, op: '<' | '<=' | '>' | '>='): boolean | undefined {
  const ltype = typeof lhs;
  const rtype = typeof rhs;
  if (!isComparable(ltype) || !isComparable(rtype)) {
    throw new JsonataRuntimeError('T2010', { value: ltype === 'string' || ltype === 'number' ? rhs : lhs });
  }
  if (lhs === undefined || rhs === undefined) return undefined;
  if (ltype !== rtype) throw new JsonataRuntimeError('T2009', { value: lhs, value2: rhs });
  const l = lhs as string | number;
  const r = rhs as string | number;
  switch (op) {
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
  }
}

function includes(lhs: unknown, rhs: unknown): boolean {
  if (lhs === undefined || rhs === undefined) return false;
  // Strict equality, not `includes`: NaN is a member of nothing.
  return (Array.isArray(rhs) ? rhs : [rhs]).some((item) => item === lhs);
}

/** Applies `op` to two evaluated operands exactly as JSONata's `evaluateBinary` does. */
export function applyOperator(op: ValueOperator, lhs: unknown, rhs: unknown): unknown {
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(lhs, rhs, op);
    case '=':
      return lhs !== undefined && rhs !== undefined && isDeepEqual(lhs, rhs);
    case '!=':
      return lhs !== undefined && rhs !== undefined && !isDeepEqual(lhs, rhs);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(lhs, rhs, op);
    case '&':
      return (stringify(lhs) ?? '') + (stringify(rhs) ?? '');
    case 'in':
      return includes(lhs, rhs);
  }
}
