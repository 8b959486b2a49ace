/**
 * `$str(x)`: the exact string form of an id. Ids listed in `source.idFields` already arrive as
 * strings and pass through untouched; numbers print without exponent or float noise.
 */
import { FerryError } from '../../errors.js';
import { Decimal } from './decimal.js';
import { isAbsent, quote } from './values.js';

/**
 * Converts an id-like value to its exact string, for `$str` and for `$lookup` keys. Strings are
 * kept as they are; integers print as digits (`11690153` → `"11690153"`, `1e21` never shows up as
 * `"1e+21"`); other numbers print in plain decimal notation; booleans as `true`/`false`. An
 * integer beyond 2^53 is MAPPING_TYPE: it lost digits when the source JSON was parsed, so the only
 * fix is to list the field in `source.idFields`. Objects and lists are MAPPING_TYPE.
 */
export function toIdString(value: unknown, fn: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new FerryError('MAPPING_TYPE', `${fn}: ${quote(value)} is beyond 2^53 and may have lost digits`, {
        hint: 'list the field in source.idFields so it arrives as an exact string',
      });
    }
    // Safe integers print as digits either way; -0 is left to big.js, which prints "-0".
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
    return new Decimal(value).toFixed();
  }
  throw new FerryError('MAPPING_TYPE', `${fn}: ${quote(value)} is not an id (expected a string or number)`);
}

/** `$str(x)`: `x` as an exact string (see toIdString); absent stays absent. */
export function str(value: unknown): string | undefined {
  return isAbsent(value) ? undefined : toIdString(value, '$str');
}
