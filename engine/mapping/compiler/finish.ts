/**
 * The last step of a compiled evaluation: `toPlain` (plain-value.ts), minus its cost in the
 * common case. A compiled result is usually a scalar or a piece of the input as it is (a
 * `$forEach` over `items` returns the record's own list of 30-field objects); one walk that
 * allocates nothing shows there is no sequence or function inside, and the value is returned
 * unchanged — exactly what `toPlain` would return, at a fraction of its cost.
 */
import { isFunctionValue, toPlain } from '../plain-value.js';

/** True for values a walk must look into or reject (objects, lists, functions). */
function isComposite(value: unknown): boolean {
  return value !== null && (typeof value === 'object' || typeof value === 'function');
}

/** True when `toPlain` would change or reject something inside `value` (an object, list or function). */
function needsPlaining(value: object): boolean {
  if (typeof value === 'function') return true;
  if (Array.isArray(value)) {
    if ((value as { sequence?: unknown }).sequence === true) return true;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (isComposite(item) && needsPlaining(item as object)) return true;
    }
    return false;
  }
  if (isFunctionValue(value)) return true;
  // toPlain looks at own enumerable values (Object.entries). `for…in` visits those without
  // allocating an array, plus any inherited enumerable ones — which can only make this answer
  // "yes" where "no" was right, and then toPlain itself decides.
  for (const key in value) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (isComposite(item) && needsPlaining(item as object)) return true;
  }
  return false;
}

/** `toPlain(value)`, returning `value` itself without copying when nothing inside needs it. */
export function finishValue(value: unknown): unknown {
  return isComposite(value) && needsPlaining(value as object) ? toPlain(value) : value;
}
