import { isSafeNumber } from 'lossless-json';

/**
 * Exact JSON parsing that stays close to native speed. `JSON.parse` rounds integers above 2^53
 * (Jushuitan `io_id`, `o_id`, `ts`); lossless-json keeps them but parses a 50-record page about
 * 6× slower. Here a page without any number token of 16+ characters goes straight to
 * `JSON.parse`; otherwise one scan quotes just the number tokens a float64 cannot hold, so they
 * arrive as their exact literal text, and `JSON.parse` does the rest.
 */

/** Cheap pre-check; also matches digits inside strings, which only costs the scan. */
const MAYBE_LONG_NUMBER = /[\d.]{16}/;

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}

/** Index just past the string starting at `open` (a `"`), or -1 when it never closes. */
function skipString(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close > 0 && text.charCodeAt(close - 1) === 92) {
    let k = close - 1;
    while (text.charCodeAt(k) === 92) k--;
    // An even run of backslashes escapes itself, not the quote.
    if ((close - 1 - k) % 2 === 0) break;
    close = text.indexOf('"', close + 1);
  }
  return close < 0 ? -1 : close + 1;
}

/** Wraps number tokens outside strings that are not exactly representable in quotes. */
export function quoteUnsafeNumbers(text: string): string {
  const n = text.length;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = skipString(text, i);
      if (i < 0) return text;
      continue;
    }
    if ((c >= 48 && c <= 57) || c === 45) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      if (j - i >= 16) {
        const token = text.slice(i, j);
        if (!isSafeNumber(token)) {
          out += `${text.slice(copied, i)}"${token}"`;
          copied = j;
        }
      }
      i = j;
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Parses JSON; a number that a JS number cannot hold exactly (big integers, over-long decimals)
 * becomes a string of its literal text, every other number a number. Throws SyntaxError on
 * invalid JSON (callers wrap it).
 */
export function parseExactJson(text: string): unknown {
  return JSON.parse(MAYBE_LONG_NUMBER.test(text) ? quoteUnsafeNumbers(text) : text);
}
