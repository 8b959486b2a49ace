/**
 * The document builder's checks and error naming, shared by its asynchronous and synchronous
 * walks (document.ts), so that both give the same documents and the same errors.
 */
import { FerryError } from '../errors.js';
import { type FieldPlan, type ForEachPlan, fieldName } from './document-plan.js';
import { withErrorContext } from './error-context.js';

/**
 * The index of the entry being built at each `$entry` level, for naming the field of an error
 * (see `fieldName`). One per build: it is written as entries are built, and read only when a
 * field fails, so no field name is put together unless it is needed.
 */
export type Indexes = number[];

/** True for values that mean "nothing to write" (see the rules in document.ts). */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.every(isEmptyValue);
  return Object.values(value).every(isEmptyValue);
}

/** The first number inside `value` that does not survive a 15-significant-digit round trip. */
export function findNoisyNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    // Integers below 10^15 have at most 15 digits; skip the string round trip for them.
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return undefined;
    return Number(value.toPrecision(15)) === value ? undefined : value;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    const noisy = findNoisyNumber(item);
    if (noisy !== undefined) return noisy;
  }
  return undefined;
}

/** `e` as a FerryError placed at `plan`'s field and scheme location. */
export function located(e: unknown, plan: FieldPlan, indexes: Indexes): FerryError {
  const err = e instanceof FerryError ? e : new FerryError('INTERNAL', String(e), { cause: e });
  return withErrorContext(err, { at: plan.at, field: fieldName(plan, indexes) });
}

/** MAPPING_EMPTY for the required field `plan`, saying `what` came out empty. */
export function emptyError(plan: FieldPlan, indexes: Indexes, what: string): FerryError {
  const field = fieldName(plan, indexes);
  return new FerryError('MAPPING_EMPTY', `${field} is required but ${what}`, {
    at: plan.at,
    field,
    hint: `fix the expression or the source data, or list "${plan.path}" under mapping.optional`,
  });
}

/**
 * A leaf value, or `undefined` when an optional leaf is empty; throws MAPPING_EMPTY for a
 * required-but-empty leaf and MAPPING_TYPE for a number with floating-point noise.
 */
export function checkLeaf(value: unknown, plan: FieldPlan, indexes: Indexes): unknown {
  if (isEmptyValue(value)) {
    if (plan.optional) return undefined;
    throw emptyError(plan, indexes, 'the expression yielded nothing');
  }
  const noisy = findNoisyNumber(value);
  if (noisy !== undefined) {
    const field = fieldName(plan, indexes);
    throw new FerryError('MAPPING_TYPE', `${field} is ${noisy}, a number with binary floating-point noise`, {
      at: plan.at,
      field,
      hint: 'compute amounts with $mul/$add/$money/$round2, which return exact decimal strings',
    });
  }
  return value;
}

/** What `$forEach` iterates: a list as it is, nothing as no items, anything else as one item. */
export function itemsOf(items: unknown): readonly unknown[] {
  if (items === undefined || items === null) return [];
  return Array.isArray(items) ? items : [items];
}

/** The entries, or `undefined` when an optional `$forEach` built none; MAPPING_EMPTY when a required one did. */
export function finishEntries(plan: ForEachPlan, entries: Record<string, unknown>[], indexes: Indexes) {
  if (entries.length > 0) return entries;
  if (plan.optional) return undefined;
  throw emptyError(plan, indexes, '$forEach yielded no entries');
}
