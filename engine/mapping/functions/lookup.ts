/**
 * `$lookup(table, key)`: the value for `key` in the scheme's lookup table named `table`.
 */
import { FerryError } from '../../errors.js';
import type { LookupTable } from '../types.js';
import { toIdString } from './str.js';
import { isAbsent, quote } from './values.js';

/**
 * Builds the `$lookup` function over the loaded tables. The key is coerced to a string the way
 * `$str` does it (`11690153` and `"11690153"` find the same entry). On a miss, a table with
 * `onMiss: park` throws LOOKUP_MISS (`lookup "shops" has no entry for "11690199"`), which parks the
 * record; `onMiss: default` returns the table's default. An absent key counts as a miss. A table
 * name that is not defined is UNKNOWN_LOOKUP (literal names are caught when the scheme compiles).
 *
 * This replaces JSONata's built-in `$lookup(object, key)`; write `object.key` for that.
 */
export function createLookup(tables: ReadonlyMap<string, LookupTable>): (table: unknown, key: unknown) => string | undefined {
  return (table, key) => {
    const found = typeof table === 'string' ? tables.get(table) : undefined;
    if (!found) {
      throw new FerryError('UNKNOWN_LOOKUP', `$lookup: no lookup table named ${quote(table)}`, {
        hint: `defined tables: ${[...tables.keys()].join(', ') || '(none)'}`,
      });
    }
    const text = isAbsent(key) ? undefined : toIdString(key, '$lookup');
    const value = text === undefined ? undefined : found.entries.get(text);
    if (value !== undefined) return value;
    if (found.onMiss === 'default') return found.default;
    if (text === undefined) {
      throw new FerryError('LOOKUP_MISS', `lookup "${found.name}" got no key (the key expression yielded nothing)`);
    }
    throw new FerryError('LOOKUP_MISS', `lookup "${found.name}" has no entry for "${text}"`, {
      hint: `add "${text}" to the "${found.name}" table, then replay the record`,
    });
  };
}
