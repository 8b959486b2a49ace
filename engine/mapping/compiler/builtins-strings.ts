/**
 * JSONata 2.2.2's string built-ins, ported from its `functions` module for compiled code. Each
 * takes the arguments after signature validation; nothing in, nothing out. `$contains` and
 * `$replace` with a regular expression or a function are left to the interpreter.
 */
import { NEEDS_INTERPRETER, JsonataRuntimeError } from './errors.js';
import { stringify } from './values.js';

/** Splits by code point, as JSONata does, so an emoji or a CJK extension character counts once. */
function codePoints(str: string): string[] {
  return Array.from(str);
}

function substring(str: string | undefined, start: number, length?: number): string | undefined {
  if (str === undefined) return undefined;
  const chars = codePoints(str);
  const from = chars.length + start < 0 ? 0 : start;
  if (length !== undefined) {
    if (length <= 0) return '';
    const end = from >= 0 ? from + length : chars.length + from + length;
    return chars.slice(from, end).join('');
  }
  return chars.slice(from).join('');
}

function substringBefore(str: string | undefined, chars: string): string | undefined {
  if (str === undefined) return undefined;
  const pos = str.indexOf(chars);
  return pos > -1 ? str.slice(0, pos) : str;
}

function substringAfter(str: string | undefined, chars: string): string | undefined {
  if (str === undefined) return undefined;
  const pos = str.indexOf(chars);
  return pos > -1 ? str.slice(pos + chars.length) : str;
}

function trim(str: string | undefined): string | undefined {
  if (str === undefined) return undefined;
  let result = str.replace(/[ \t\n\r]+/gm, ' ');
  if (result.charAt(0) === ' ') result = result.substring(1);
  if (result.charAt(result.length - 1) === ' ') result = result.substring(0, result.length - 1);
  return result;
}

function pad(str: string | undefined, width: number, char?: string): string | undefined {
  if (str === undefined) return undefined;
  const fill = char === undefined || char.length === 0 ? ' ' : char;
  const size = Math.trunc(width);
  const padLength = Math.abs(size) - codePoints(str).length;
  // Negated so that a NaN width (no width given) leaves the string alone, as in JSONata.
  if (!(padLength > 0)) return str;
  let padding = new Array(padLength + 1).join(fill);
  if (fill.length > 1) padding = substring(padding, 0, padLength) ?? '';
  return size > 0 ? str + padding : padding + str;
}

function contains(str: string | undefined, token: unknown): boolean | undefined {
  if (str === undefined || token === undefined) return undefined;
  if (typeof token !== 'string') throw NEEDS_INTERPRETER;
  return str.includes(token);
}

function replace(str: string | undefined, pattern: unknown, replacement: unknown, limit?: number): string | undefined {
  if (str === undefined) return undefined;
  if (pattern === '') throw new JsonataRuntimeError('D3010', { value: pattern, index: 2 });
  if (limit !== undefined && limit < 0) throw new JsonataRuntimeError('D3011', { value: limit, index: 4 });
  // A regex (or function) pattern, or a function replacement, needs the matcher protocol.
  if (typeof pattern !== 'string' || (replacement !== undefined && typeof replacement !== 'string')) {
    throw NEEDS_INTERPRETER;
  }
  if (limit !== undefined && !(limit > 0)) return str;
  let result = '';
  let position = 0;
  let count = 0;
  let index = str.indexOf(pattern, position);
  while (index !== -1 && (limit === undefined || count < limit)) {
    // JSONata appends the replacement as is, so a missing one reads "undefined".
    result += str.substring(position, index) + String(replacement);
    position = index + pattern.length;
    count++;
    index = str.indexOf(pattern, position);
  }
  return result + str.substring(position);
}

function join(strs: string[] | undefined, separator?: string): string | undefined {
  if (strs === undefined) return undefined;
  return strs.join(separator ?? '');
}

type Impl = (...args: never[]) => unknown;

/** Name → [signature, implementation] of the compiled string built-ins. */
export const STRING_BUILTINS: Readonly<Record<string, readonly [string, Impl]>> = {
  string: ['<x-b?:s>', (arg: unknown, prettify?: boolean) => stringify(arg, prettify)],
  substring: ['<s-nn?:s>', substring],
  substringBefore: ['<s-s:s>', substringBefore],
  substringAfter: ['<s-s:s>', substringAfter],
  lowercase: ['<s-:s>', (str?: string) => str?.toLowerCase()],
  uppercase: ['<s-:s>', (str?: string) => str?.toUpperCase()],
  length: ['<s-:n>', (str?: string) => (str === undefined ? undefined : codePoints(str).length)],
  trim: ['<s-:s>', trim],
  pad: ['<s-ns?:s>', pad],
  contains: ['<s-(sf):b>', contains],
  replace: ['<s-(sf)(sf)n?:s>', replace],
  join: ['<a<s>s?:s>', join],
};
