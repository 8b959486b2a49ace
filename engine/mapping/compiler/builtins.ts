/**
 * The registry of JSONata built-ins that compiled code calls directly: name → parsed signature
 * and implementation. A built-in missing here (`$sort`, `$match`, `$formatNumber`, `$now`…) keeps
 * its expression with the interpreter, and explain says so.
 */
import { STRING_BUILTINS } from './builtins-strings.js';
import type { Located } from './errors.js';
import { NUMBER_BUILTINS } from './builtins-numbers.js';
import { createSequence } from './sequence.js';
import { type Signature, parseSignature } from './signature.js';
import { toBoolean } from './values.js';

/** A compiled lambda as built-ins see it: a plain function that knows its parameter count. */
export type CompiledLambda = ((...args: unknown[]) => unknown) & { arity: number };

/** One built-in: its signature (validated on every call) and implementation. */
export interface Builtin {
  readonly signature: Signature;
  readonly apply: (args: unknown[]) => unknown;
  /** Takes a function argument, which must be a lambda written in place. */
  readonly higherOrder: boolean;
  /**
   * The call that started last, as JSONata stamps it on its shared function object before each
   * call; its catch block reads the stamp back, so a failure inside nested calls of the same
   * built-in is placed at the innermost call started, as in JSONata.
   */
  readonly stamp: Located;
}

/** `hofFuncArgs`: the value, then the index and the whole list only if the function takes them. */
function lambdaArgs(func: CompiledLambda, value: unknown, index: number, list: unknown[]): unknown[] {
  const args = [value];
  if (func.arity >= 2) args.push(index);
  if (func.arity >= 3) args.push(list);
  return args;
}

function map(list: unknown[] | undefined, func: CompiledLambda): unknown {
  if (list === undefined) return undefined;
  const result = createSequence();
  list.forEach((value, i) => {
    const mapped = func(...lambdaArgs(func, value, i, list));
    if (mapped !== undefined) result.push(mapped);
  });
  return result;
}

function filter(list: unknown[] | undefined, func: CompiledLambda): unknown {
  if (list === undefined) return undefined;
  const result = createSequence();
  list.forEach((value, i) => {
    if (toBoolean(func(...lambdaArgs(func, value, i, list)))) result.push(value);
  });
  return result;
}

type Impl = (...args: never[]) => unknown;

function register(table: Readonly<Record<string, readonly [string, Impl]>>, higherOrder = false): Array<[string, Builtin]> {
  return Object.entries(table).map(([name, [signature, impl]]) => [
    name,
    {
      signature: parseSignature(signature),
      apply: (args) => (impl as (...a: unknown[]) => unknown)(...args),
      higherOrder,
      stamp: {},
    },
  ]);
}

/** Every built-in compiled code can call, by name without `$`. */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map([
  ...register(STRING_BUILTINS),
  ...register(NUMBER_BUILTINS),
  ...register({ map: ['<af>', map], filter: ['<af>', filter] }, true),
]);
