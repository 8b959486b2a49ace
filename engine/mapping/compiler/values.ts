/**
 * JSONata 2.2.2's value rules, ported line for line from its `utils` and `functions` modules:
 * what counts as a number, as true, as equal, how a value prints and how a name is looked up in
 * a value. Compiled code calls these where the interpreter calls the originals.
 */
import { isFunctionValue } from '../plain-value.js';
import { JsonataRuntimeError } from './errors.js';
import { createSequence, type Sequence } from './sequence.js';

export { isFunctionValue };

/** A finite number (`isNumeric`); ±Infinity is D1001, NaN is not a number. */
export function isNumeric(n: unknown): n is number {
  if (typeof n !== 'number') return false;
  if (Number.isNaN(n)) return false;
  if (!Number.isFinite(n)) throw new JsonataRuntimeError('D1001', { value: n });
  return true;
}

/**
 * An array whose every member is numeric (true for an empty array, as in JSONata). Every member
 * is tested, as JSONata's `filter` does, so an Infinity anywhere is D1001.
 */
export function isArrayOfNumbers(value: unknown): value is number[] {
  return Array.isArray(value) && value.filter((item) => !isNumeric(item)).length === 0;
}

/** `$boolean`: `undefined` for nothing, else the effective boolean value. */
export function toBoolean(arg: unknown): boolean | undefined {
  if (arg === undefined) return undefined;
  if (Array.isArray(arg)) {
    if (arg.length === 1) return toBoolean(arg[0]);
    // Every member is judged (no short cut), so an Infinity anywhere is D1001 as in JSONata.
    return arg.length > 1 && arg.filter((item) => toBoolean(item)).length > 0;
  }
  if (typeof arg === 'string') return arg.length > 0;
  if (isNumeric(arg)) return arg !== 0;
  if (arg !== null && typeof arg === 'object' && !isFunctionValue(arg)) return Object.keys(arg).length > 0;
  return arg === true;
}

/** `boolize`: `$boolean` with nothing counting as false. */
export function boolize(value: unknown): boolean {
  return toBoolean(value) ?? false;
}

/** `isDeepEqual`: arrays by position, objects by own property names and values. */
export function isDeepEqual(lhs: unknown, rhs: unknown): boolean {
  if (lhs === rhs) return true;
  if (typeof lhs !== 'object' || typeof rhs !== 'object' || lhs === null || rhs === null) return false;
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    return lhs.length === rhs.length && lhs.every((item, i) => isDeepEqual(item, rhs[i]));
  }
  const lkeys = Object.getOwnPropertyNames(lhs).sort();
  const rkeys = Object.getOwnPropertyNames(rhs).sort();
  if (lkeys.length !== rkeys.length || lkeys.some((key, i) => key !== rkeys[i])) return false;
  const l = lhs as Record<string, unknown>;
  const r = rhs as Record<string, unknown>;
  return lkeys.every((key) => isDeepEqual(l[key], r[key]));
}

/** Numbers print at 15 significant digits (`0.1 + 0.2` → `0.3`); functions print as `""`. */
function jsonReplacer(_key: string, val: unknown): unknown {
  if (val !== undefined && val !== null && isNumeric(val)) {
    return Number.isInteger(val) ? val : Number(val.toPrecision(15));
  }
  return val && isFunctionValue(val) ? '' : val;
}

/** `$string(arg, prettify)`: strings as they are, everything else as JSONata's JSON. */
export function stringify(arg: unknown, prettify = false): string | undefined {
  if (arg === undefined) return undefined;
  if (typeof arg === 'string') return arg;
  if (isFunctionValue(arg)) return '';
  if (typeof arg === 'number' && !Number.isFinite(arg)) throw new JsonataRuntimeError('D3001', { value: arg });
  const value = Array.isArray(arg) && (arg as Sequence).outerWrapper ? arg[0] : arg;
  return JSON.stringify(value, jsonReplacer, prettify ? 2 : 0);
}

/**
 * `fn.lookup`: the value of `key` in an object (own properties only); over a list, the values
 * of every member, one level of lists flattened, as a sequence.
 */
export function lookupName(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const result = createSequence();
    for (const member of input) {
      const found = lookupName(member, key);
      if (found === undefined) continue;
      if (Array.isArray(found)) for (const item of found) result.push(item);
      else result.push(found);
    }
    return result;
  }
  if (input !== null && typeof input === 'object' && Object.hasOwn(input, key) && !isFunctionValue(input)) {
    return (input as Record<string, unknown>)[key];
  }
  return undefined;
}
