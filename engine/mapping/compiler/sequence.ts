/**
 * JSONata's sequences, reproduced in the same representation (plain arrays flagged `sequence`,
 * with `keepSingleton`, `outerWrapper` and `cons` flags) so compiled code builds, flattens and
 * collapses results at exactly the points the interpreter does. `toPlain` (plain-value.ts) strips
 * the flags on the way out, for both evaluators alike.
 */

/** A JSONata sequence: a result list that collapses to its single member. */
export type Sequence = unknown[] & {
  sequence: true;
  keepSingleton?: boolean;
  outerWrapper?: boolean;
  tupleStream?: boolean;
};

/** An array built by an array constructor in a path (JSONata's `cons`): never flattened. */
type Flagged = unknown[] & { sequence?: unknown; cons?: unknown };

/** `createSequence()`; with an argument (even `undefined`), a sequence of that one member. */
export function createSequence(...members: unknown[]): Sequence {
  const sequence = members as Sequence;
  sequence.sequence = true;
  return sequence;
}

/** JSONata's `isSequence`. */
export function isSequence(value: unknown): value is Sequence {
  return Array.isArray(value) && (value as Flagged).sequence === true;
}

/** True for arrays made by an array constructor inside a path. */
export function isCons(value: unknown): boolean {
  return Array.isArray(value) && (value as Flagged).cons === true;
}

/** Marks an array-constructor result the way JSONata does (a non-enumerable `cons` flag). */
export function markCons(value: unknown[]): unknown[] {
  Object.defineProperty(value, 'cons', { enumerable: false, configurable: false, value: true });
  return value;
}

/**
 * What `evaluate()` does to every node's result: an empty sequence is nothing, a one-member
 * sequence is that member unless it must stay a list (`keepArray`, written `expr[]`).
 */
export function settle(result: unknown, keepArray: boolean): unknown {
  if (!isSequence(result) || result.tupleStream) return result;
  if (keepArray) result.keepSingleton = true;
  if (result.length === 0) return undefined;
  if (result.length === 1) return result.keepSingleton ? result : result[0];
  return result;
}

/**
 * JSONata's `$append` as its operators use it: `undefined` on either side yields the other, a
 * non-list becomes a one-member list, and the result is a new plain (unflagged) array.
 */
export function append(left: unknown, right: unknown): unknown {
  if (left === undefined) return right;
  if (right === undefined) return left;
  const head = Array.isArray(left) ? left : createSequence(left);
  return head.concat(Array.isArray(right) ? right : [right]);
}
