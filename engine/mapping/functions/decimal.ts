/**
 * Decimal arithmetic for money: a private big.js constructor configured to round half up (Kingdee
 * rounds amounts half up; JSONata's `$round` rounds half to even) and to print without exponents.
 */
import Big from 'big.js';
import { FerryError } from '../../errors.js';
import { quote } from './values.js';

/** big.js constructor with ferry's settings; a private copy so nobody else's config leaks in. */
export const Decimal = Big();
Decimal.RM = Big.roundHalfUp;
// Divisions that do not terminate (1/3) are cut here, rounded half up.
Decimal.DP = 20;
Decimal.NE = -1e6;
Decimal.PE = 1e6;

/** The largest number of decimal places a function may be asked to round to. */
export const MAX_PLACES = 20;

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a number or a numeric string (surrounding blanks allowed, `706`, `"706.00"`, `"-1.5e2"`)
 * into a decimal. Numbers are taken at their shortest round-trip string, so `0.1` is exactly 0.1
 * but a float that already carries noise (`3 * 1.115` = 3.3449999999999998) keeps it: compute
 * with `$mul` instead. Anything else — booleans, blanks, `"1,000"`, NaN, objects — is MONEY_INVALID.
 */
export function toDecimal(value: unknown, fn: string): Big {
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value);
  if (typeof value === 'string') {
    const text = value.trim();
    if (NUMERIC.test(text)) return new Decimal(text.startsWith('+') ? text.slice(1) : text);
  }
  throw new FerryError('MONEY_INVALID', `${fn}: ${quote(value)} is not a number`, {
    hint: 'money functions take numbers or numeric strings such as "19.99"',
  });
}

/**
 * Checks a "decimal places" argument: an integer 0..20 given as a number or numeric string.
 * `undefined` yields `fallback`.
 */
export function toPlaces(value: unknown, fallback: number, fn: string): number {
  if (value === undefined) return fallback;
  const places = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof places === 'number' && Number.isInteger(places) && places >= 0 && places <= MAX_PLACES) {
    return places;
  }
  throw new FerryError('MONEY_INVALID', `${fn}: decimal places ${quote(value)} must be an integer 0..${MAX_PLACES}`);
}

const dividers = new Map<number, Big.BigConstructor>();

/**
 * `a / b` rounded half up to exactly `places` decimals in one step. big.js rounds a quotient at its
 * constructor's `DP`; dividing at 20 places and rounding again to `places` could round twice
 * (…0.4999…9|7 → …0.5 → up), so each precision gets its own constructor.
 */
export function divide(a: Big, b: Big, places: number): Big {
  let D = dividers.get(places);
  if (!D) {
    D = Big();
    D.RM = Big.roundHalfUp;
    D.DP = places;
    dividers.set(places, D);
  }
  return new D(a).div(b);
}

/**
 * Prints a decimal with exactly `places` decimals (rounded half up) or, without `places`, every
 * digit it has. Never uses exponent notation and never prints a negative zero (`-0.00` → `0.00`).
 */
export function formatDecimal(value: Big, places?: number): string {
  const text = places === undefined ? value.toFixed() : value.toFixed(places, Big.roundHalfUp);
  return text.startsWith('-') && /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
