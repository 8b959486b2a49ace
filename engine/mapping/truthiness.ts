/**
 * JSONata's notion of true, so a filter `keep` or an assertion `check` means what `$boolean()`
 * would say about its result.
 */
import { isFunctionValue } from './plain-value.js';

/**
 * `$boolean` semantics: nothing, `null`, `false`, `0`, `""`, `[]`, `{}` and functions are false;
 * a list is true when any member is.
 */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some(isTruthy);
  if (isFunctionValue(value)) return false;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}
