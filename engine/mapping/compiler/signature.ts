/**
 * JSONata 2.2.2's function signatures (`<s-nn?:s>`), ported from its `signature` module so that
 * compiled calls of built-ins accept, coerce and reject arguments exactly as the interpreter
 * does: a missing argument marked `-` takes the context value (T0411 when its type does not
 * fit), an `a` parameter wraps a single value into a list and checks member types (T0412), and
 * anything else that does not match is T0410 naming the argument.
 */
import { JsonataRuntimeError } from './errors.js';
import { isFunctionValue } from './values.js';

/** A parsed signature: validates (and fixes up) the evaluated arguments of one call. */
export interface Signature {
  validate(args: unknown[], context: unknown): unknown[];
}

interface Param {
  regex: string;
  type: string;
  array?: boolean;
  context?: boolean;
  contextRegex?: RegExp;
  subtype?: string;
}

const ARRAY_MEMBER_NAMES: Readonly<Record<string, string>> = {
  a: 'arrays', b: 'booleans', f: 'functions', n: 'numbers', o: 'objects', s: 'strings',
};

/** The one-letter type of a value; `m` (missing) for `undefined`. */
function symbolOf(value: unknown): string {
  if (isFunctionValue(value)) return 'f';
  switch (typeof value) {
    case 'string':
      return 's';
    case 'number':
      return 'n';
    case 'boolean':
      return 'b';
    case 'object':
      return value === null ? 'l' : Array.isArray(value) ? 'a' : 'o';
    default:
      return 'm';
  }
}

function closingBracket(text: string, start: number, open: string, close: string): number {
  let depth = 1;
  let position = start;
  while (position < text.length) {
    position++;
    const symbol = text.charAt(position);
    if (symbol === close && --depth === 0) break;
    if (symbol === open) depth++;
  }
  return position;
}

function parseParams(signature: string): Param[] {
  const params: Param[] = [];
  let param: Param = { regex: '', type: '' };
  let prev = param;
  const next = () => {
    params.push(param);
    prev = param;
    param = { regex: '', type: '' };
  };
  for (let position = 1; position < signature.length; position++) {
    const symbol = signature.charAt(position);
    if (symbol === ':') break;
    if ('snblo'.includes(symbol)) {
      Object.assign(param, { regex: `[${symbol}m]`, type: symbol });
      next();
    } else if (symbol === 'a' || symbol === 'x' || symbol === 'f' || symbol === 'j') {
      const regex = symbol === 'f' ? 'f' : symbol === 'j' ? '[asnblom]' : '[asnblfom]';
      Object.assign(param, { regex, type: symbol }, symbol === 'a' && { array: true });
      next();
    } else if (symbol === '-') {
      prev.context = true;
      prev.contextRegex = new RegExp(prev.regex);
      prev.regex += '?';
    } else if (symbol === '?' || symbol === '+') {
      prev.regex += symbol;
    } else if (symbol === '(') {
      const end = closingBracket(signature, position, '(', ')');
      const choice = signature.substring(position + 1, end);
      Object.assign(param, { regex: `[${choice}m]`, type: `(${choice})` });
      position = end;
      next();
    } else if (symbol === '<') {
      const end = closingBracket(signature, position, '<', '>');
      prev.subtype = signature.substring(position + 1, end);
      position = end;
    }
  }
  return params;
}

function mismatch(params: Param[], args: unknown[], supplied: string): JsonataRuntimeError {
  let pattern = '^';
  let goodTo = 0;
  for (const param of params) {
    pattern += param.regex;
    const match = supplied.match(pattern);
    if (match === null) break;
    goodTo = match[0].length;
  }
  return new JsonataRuntimeError('T0410', { value: args[goodTo], index: goodTo + 1 });
}

/** Checks an `a<…>` argument's members and wraps a single value into a list. */
function arrayArgument(param: Param, arg: unknown, single: string, match: string, index: number): unknown {
  if (single === 'm') return undefined;
  let ok = true;
  if (param.subtype !== undefined) {
    if (single !== 'a' && match !== param.subtype) ok = false;
    else if (single === 'a' && (arg as unknown[]).length > 0) {
      const list = arg as unknown[];
      const itemType = symbolOf(list[0]);
      ok = itemType === param.subtype.charAt(0) && list.every((v) => symbolOf(v) === itemType);
    }
  }
  if (!ok) {
    throw new JsonataRuntimeError('T0412', { value: arg, index, type: ARRAY_MEMBER_NAMES[param.subtype ?? ''] });
  }
  return single === 'a' ? arg : [arg];
}

/**
 * The common case without the regex: one argument per parameter, each of a type its parameter
 * takes as it is (no list to wrap, no member types to check). Without a `+` parameter the regex
 * could only have matched them one to one, and validation would hand them back unchanged.
 */
function passesAsIs(params: Param[], accepted: ReadonlyArray<ReadonlySet<string>>, args: unknown[]): boolean {
  if (args.length !== params.length) return false;
  for (let i = 0; i < args.length; i++) {
    const param = params[i] as Param;
    const symbol = symbolOf(args[i]);
    if (param.type === 'a' ? symbol !== 'm' && (symbol !== 'a' || param.subtype !== undefined) : !accepted[i]?.has(symbol)) {
      return false;
    }
  }
  return true;
}

/** Parses a JSONata signature string (only the forms its built-ins use). */
export function parseSignature(signature: string): Signature {
  const params = parseParams(signature);
  const regex = new RegExp(`^${params.map((p) => `(${p.regex})`).join('')}$`);
  const oneToOne = params.every((p) => !p.regex.endsWith('+'));
  const accepted = params.map((p) => new Set(p.regex.replace(/[[\]?+]/g, '')));
  return {
    validate(args, context) {
      if (oneToOne && passesAsIs(params, accepted, args)) return args;
      const supplied = args.map(symbolOf).join('');
      const valid = regex.exec(supplied);
      if (!valid) throw mismatch(params, args, supplied);
      const out: unknown[] = [];
      let argIndex = 0;
      params.forEach((param, index) => {
        const match = valid[index + 1] ?? '';
        if (match === '') {
          if (param.context && param.contextRegex) {
            if (!param.contextRegex.test(symbolOf(context))) {
              throw new JsonataRuntimeError('T0411', { value: context, index: argIndex + 1 });
            }
            out.push(context);
          } else {
            out.push(args[argIndex]);
            argIndex++;
          }
          return;
        }
        for (const single of match) {
          const arg = args[argIndex];
          out.push(param.type === 'a' ? arrayArgument(param, arg, single, match, argIndex + 1) : arg);
          argIndex++;
        }
      });
      return out;
    },
  };
}
