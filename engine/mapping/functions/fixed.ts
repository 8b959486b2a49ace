/**
 * The money functions' fast path: decimals held as a safe integer coefficient and a scale
 * (`c × 10^-s`, so `"19.99"` is 1999 at scale 2), computed with exact integer arithmetic in plain
 * numbers. big.js (decimal.ts) costs about a microsecond a call; this costs a small fraction.
 *
 * Every function here answers `undefined` whenever it cannot be sure of the exact result — an
 * input outside the fast path (more than 15 digits, an exponent, blanks, a leading `+`, an invalid
 * value) or an intermediate beyond 2^53 — and the caller then asks big.js, which stays the
 * reference for results and the only source of errors. test/mapping/money-fast-path.test.ts checks
 * the two against each other on random decimals.
 */

/** `c × 10^-s`; `c` is a safe integer (possibly -0), `s` a scale 0..22. */
export interface Fixed {
  readonly c: number;
  readonly s: number;
}

/** Powers of ten that doubles hold exactly (10^22 is the last). */
// Parsed from text, so each is the exact double (no reliance on Math.pow's accuracy).
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const ZEROS = '0'.repeat(POW10.length);
/** More digits than this could pass 2^53 while parsing. */
const MAX_DIGITS = 15;

function isSafe(n: number): boolean {
  // A result past 2^53 rounds to at least 2^53 (rounding is monotonic), so this test is exact.
  return n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER;
}

/** `10^k` when exact, else NaN (which fails every later `isSafe`). */
function pow10(k: number): number {
  return POW10[k] ?? Number.NaN;
}

/** `-?digits(.digits)?` with at most 15 digits; anything else (blanks, `+`, `.5`, `5.`, `1e2`) is `undefined`. */
function parseText(text: string): Fixed | undefined {
  const n = text.length;
  const negative = n > 0 && text.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  let c = 0;
  let digits = 0;
  let point = -1;
  for (; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      c = c * 10 + (ch - 48);
      digits++;
    } else if (ch === 46 && point < 0 && digits > 0) {
      point = digits;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > MAX_DIGITS || point === digits) return undefined;
  return { c: negative ? -c : c, s: point < 0 ? 0 : digits - point };
}

/**
 * A number (at its shortest round-trip string, as big.js reads numbers) or a numeric string in
 * the fast path's plain form; `undefined` for everything else, valid or not.
 */
export function parseFixed(value: unknown): Fixed | undefined {
  if (typeof value === 'string') return parseText(value);
  if (typeof value !== 'number') return undefined;
  if (Number.isSafeInteger(value)) return { c: value, s: 0 };
  // Non-finite, huge or tiny numbers print with an exponent (or as NaN) and are refused there.
  return Number.isFinite(value) ? parseText(String(value)) : undefined;
}

/** `a × b`, exact. */
export function times(a: Fixed, b: Fixed): Fixed | undefined {
  const c = a.c * b.c;
  return isSafe(c) ? { c, s: a.s + b.s } : undefined;
}

/** `a + b`, exact. */
export function plus(a: Fixed, b: Fixed): Fixed | undefined {
  const s = Math.max(a.s, b.s);
  const ac = a.c * pow10(s - a.s);
  const bc = b.c * pow10(s - b.s);
  const c = ac + bc;
  return isSafe(ac) && isSafe(bc) && isSafe(c) ? { c, s } : undefined;
}

/** `-a`. */
export function negate(a: Fixed): Fixed {
  return { c: -a.c, s: a.s };
}

/**
 * `num / den` rounded half up (ties away from zero), both safe integers, `den` not zero. The float
 * quotient is only a first guess; the remainder, computed exactly, corrects it.
 */
function roundedQuotient(num: number, den: number): number {
  const n = Math.abs(num);
  const d = Math.abs(den);
  let q = Math.floor(n / d);
  let r = n - q * d;
  while (r < 0) {
    q--;
    r += d;
  }
  while (r >= d) {
    q++;
    r -= d;
  }
  if (2 * r >= d) q++;
  return num < 0 !== den < 0 ? -q : q;
}

/** `a` rounded half up to `places` decimals (scale exactly `places`). */
export function roundTo(a: Fixed, places: number): Fixed | undefined {
  if (a.s <= places) {
    const c = a.c * pow10(places - a.s);
    return isSafe(c) ? { c, s: places } : undefined;
  }
  const d = pow10(a.s - places);
  return isSafe(d) ? { c: roundedQuotient(a.c, d), s: places } : undefined;
}

/** `a / b` rounded half up to `places` decimals; `b` must not be zero. */
export function quotient(a: Fixed, b: Fixed, places: number): Fixed | undefined {
  // a/b = (a.c × 10^(b.s + places)) / (b.c × 10^a.s), at scale `places`.
  const num = a.c * pow10(b.s + places);
  const den = b.c * pow10(a.s);
  if (!isSafe(num) || !isSafe(den) || den === 0) return undefined;
  return { c: roundedQuotient(num, den), s: places };
}

/** `a ≤ b`, exact. */
export function atMost(a: Fixed, b: Fixed): boolean | undefined {
  const diff = plus(a, negate(b));
  return diff && diff.c <= 0;
}

/**
 * Prints `a` with exactly its scale's decimals (`1999`/2 → `"19.99"`), or with `exact`, with
 * trailing zeros dropped as big.js's `toFixed()` does (`3450`/3 → `"3.45"`). Zero has no sign.
 */
export function formatFixed(a: Fixed, exact = false): string {
  let { c, s } = a;
  if (exact) {
    while (s > 0 && c % 10 === 0) {
      c /= 10;
      s--;
    }
  }
  if (c === 0) return s === 0 ? '0' : `0.${ZEROS.slice(0, s)}`;
  const negative = c < 0;
  let digits = String(negative ? -c : c);
  if (s > 0) {
    if (digits.length <= s) digits = ZEROS.slice(0, s - digits.length + 1) + digits;
    const cut = digits.length - s;
    digits = `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  }
  return negative ? `-${digits}` : digits;
}
