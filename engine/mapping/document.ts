/**
 * The document builder: turns one source record into one target document by walking a compiled
 * mapping plan.
 *
 * Rules (the README's "mapping" section):
 * - String leaves are expressions evaluated with the record as context; numbers and booleans are
 *   literals; nested mappings recurse.
 * - `{ $forEach: expr, $entry: mapping }` always builds an **array**: JSONata collapses a one-item
 *   match into the item itself, so a single item (or any scalar/object) is wrapped into a
 *   one-element array and "nothing" becomes an empty array. Inside `$entry` the item is the
 *   context and `$record` the whole record. No entries at all is MAPPING_EMPTY unless the path is
 *   optional (then the key is left out).
 * - A leaf that yields nothing — `undefined`, `null`, `""`, `[]`, or an object whose every value is
 *   empty (`{FNumber: $lookup(…)}` that found nothing) — is MAPPING_EMPTY unless its dotted path
 *   (`FEntity.FEntrynote`, entries without index) or an ancestor path is in `mapping.optional`;
 *   then the key is left out, and an object left with no keys is left out too.
 * - A number with binary floating-point noise (`3 * 1.115` = 3.3449999999999998, `0.1 + 0.2`) is
 *   MAPPING_TYPE rather than sent to Kingdee: compute amounts with the money functions, which
 *   return exact decimal strings.
 *
 * Errors carry the target field with entry indexes (`FEntity[1].FMaterialID.FNumber`) and the
 * expression's scheme location; the mapper adds the record key.
 */
import { FerryError } from '../errors.js';
import { withErrorContext } from './error-context.js';
import type { CompiledExpression } from './evaluator.js';
import type { FieldPlan, ObjectPlan } from './document-plan.js';

export { compileDocumentPlan, type ExpressionCompiler, type ObjectPlan } from './document-plan.js';

/** Per-record evaluation bindings (`$record`). */
type Bindings = Readonly<Record<string, unknown>>;

/** True for values that mean "nothing to write" (see the module comment). */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.every(isEmptyValue);
  if (typeof value === 'object') return Object.values(value).every(isEmptyValue);
  return false;
}

/** The first number inside `value` that does not survive a 15-significant-digit round trip. */
export function findNoisyNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number(value.toPrecision(15)) === value ? undefined : value;
  if (value === null || typeof value !== 'object') return undefined;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    const noisy = findNoisyNumber(item);
    if (noisy !== undefined) return noisy;
  }
  return undefined;
}

async function evaluateAt(expr: CompiledExpression, input: unknown, bindings: Bindings, plan: FieldPlan, field: string) {
  try {
    return await expr.evaluate(input, bindings);
  } catch (e) {
    const err = e instanceof FerryError ? e : new FerryError('INTERNAL', String(e), { cause: e });
    throw withErrorContext(err, { at: plan.at, field });
  }
}

function emptyError(plan: FieldPlan, field: string, what: string): FerryError {
  return new FerryError('MAPPING_EMPTY', `${field} is required but ${what}`, {
    at: plan.at,
    field,
    hint: `fix the expression or the source data, or list "${plan.path}" under mapping.optional`,
  });
}

/** A leaf value, or `undefined` when an optional leaf is empty; throws for required-but-empty. */
function checkLeaf(value: unknown, plan: FieldPlan, field: string): unknown {
  if (isEmptyValue(value)) {
    if (plan.optional) return undefined;
    throw emptyError(plan, field, 'the expression yielded nothing');
  }
  const noisy = findNoisyNumber(value);
  if (noisy !== undefined) {
    throw new FerryError('MAPPING_TYPE', `${field} is ${noisy}, a number with binary floating-point noise`, {
      at: plan.at,
      field,
      hint: 'compute amounts with $mul/$add/$money/$round2, which return exact decimal strings',
    });
  }
  return value;
}

async function buildEntries(plan: FieldPlan & { kind: 'forEach' }, input: unknown, bindings: Bindings, field: string) {
  const items = await evaluateAt(plan.items, input, bindings, plan, field);
  const list = items === undefined || items === null ? [] : Array.isArray(items) ? items : [items];
  const entries: Record<string, unknown>[] = [];
  for (const item of list) {
    // An entry whose every field is optional and empty is dropped, not sent as `{}`.
    const entry = await buildObject(plan.entry, item, bindings, `${field}[${entries.length}]`);
    if (entry) entries.push(entry);
  }
  if (entries.length === 0 && !plan.optional) throw emptyError(plan, field, '$forEach yielded no entries');
  return entries.length ? entries : undefined;
}

async function buildField(plan: FieldPlan, input: unknown, bindings: Bindings, field: string): Promise<unknown> {
  switch (plan.kind) {
    case 'literal':
      return plan.value;
    case 'expr':
      return checkLeaf(await evaluateAt(plan.expr, input, bindings, plan, field), plan, field);
    case 'forEach':
      return buildEntries(plan, input, bindings, field);
    case 'object':
      return buildObject(plan, input, bindings, field);
  }
}

/**
 * Builds the object for `plan` with `input` as context; `undefined` when every field came out
 * empty-optional. `prefix` is the target path of the object itself (with entry indexes).
 */
async function buildObject(
  plan: ObjectPlan,
  input: unknown,
  bindings: Bindings,
  prefix: string,
): Promise<Record<string, unknown> | undefined> {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const field of plan.fields) {
    const value = await buildField(field, input, bindings, prefix ? `${prefix}.${field.key}` : field.key);
    if (value !== undefined) {
      out[field.key] = value;
      any = true;
    }
  }
  return any ? out : undefined;
}

/**
 * Builds the target document of one record. Rejects with a FerryError (MAPPING_EMPTY,
 * MAPPING_TYPE, MAPPING_TIMEOUT, LOOKUP_MISS, …) naming the field and location; an all-optional
 * document that came out empty is `{}`.
 */
export async function buildDocument(plan: ObjectPlan, record: Record<string, unknown>): Promise<Record<string, unknown>> {
  return (await buildObject(plan, record, { record }, '')) ?? {};
}
