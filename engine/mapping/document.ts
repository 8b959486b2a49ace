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
import { NEEDS_INTERPRETER } from './compiler/errors.js';
import { type Indexes, checkLeaf, finishEntries, itemsOf, located } from './document-checks.js';
import { type FieldPlan, type ForEachPlan, type ObjectPlan, entryLevel } from './document-plan.js';
import type { CompiledExpression } from './evaluator.js';

export { findNoisyNumber, isEmptyValue } from './document-checks.js';
export { compileDocumentPlan, type ExpressionCompiler, type ObjectPlan } from './document-plan.js';

/** Per-record evaluation bindings (`$record`). */
type Bindings = Readonly<Record<string, unknown>>;

// The asynchronous build: every expression awaited, so interpreted ones can take part.

async function evaluateAt(expr: CompiledExpression, input: unknown, bindings: Bindings, plan: FieldPlan, indexes: Indexes) {
  try {
    return await expr.evaluate(input, bindings);
  } catch (e) {
    throw located(e, plan, indexes);
  }
}

async function buildEntries(plan: ForEachPlan, input: unknown, bindings: Bindings, indexes: Indexes) {
  const list = itemsOf(await evaluateAt(plan.items, input, bindings, plan, indexes));
  const level = entryLevel(plan);
  const entries: Record<string, unknown>[] = [];
  for (const item of list) {
    // An entry whose every field is optional and empty is dropped, not sent as `{}`.
    indexes[level] = entries.length;
    const entry = await buildObject(plan.entry, item, bindings, indexes);
    if (entry) entries.push(entry);
  }
  return finishEntries(plan, entries, indexes);
}

async function buildField(plan: FieldPlan, input: unknown, bindings: Bindings, indexes: Indexes): Promise<unknown> {
  switch (plan.kind) {
    case 'literal':
      return plan.value;
    case 'expr':
      return checkLeaf(await evaluateAt(plan.expr, input, bindings, plan, indexes), plan, indexes);
    case 'forEach':
      return buildEntries(plan, input, bindings, indexes);
    case 'object':
      return buildObject(plan, input, bindings, indexes);
  }
}

/** Builds the object for `plan` with `input` as context; `undefined` when every field came out empty-optional. */
async function buildObject(plan: ObjectPlan, input: unknown, bindings: Bindings, indexes: Indexes) {
  let out: Record<string, unknown> | undefined;
  for (const field of plan.fields) {
    const value = await buildField(field, input, bindings, indexes);
    if (value !== undefined) {
      out ??= {};
      out[field.key] = value;
    }
  }
  return out;
}

/**
 * Builds the target document of one record. Rejects with a FerryError (MAPPING_EMPTY,
 * MAPPING_TYPE, MAPPING_TIMEOUT, LOOKUP_MISS, …) naming the field and location; an all-optional
 * document that came out empty is `{}`. `bindings` defaults to `{ record }`.
 */
export async function buildDocument(
  plan: ObjectPlan,
  record: Record<string, unknown>,
  bindings: Bindings = { record },
): Promise<Record<string, unknown>> {
  return (await buildObject(plan, record, bindings, [])) ?? {};
}

// The synchronous build: the same walk, every expression through `evaluateSync`.

function evaluateNow(expr: CompiledExpression, input: unknown, bindings: Bindings, plan: FieldPlan, indexes: Indexes): unknown {
  let result: { value: unknown } | undefined;
  try {
    result = expr.evaluateSync?.(input, bindings);
  } catch (e) {
    throw located(e, plan, indexes);
  }
  if (result === undefined) throw NEEDS_INTERPRETER;
  return result.value;
}

function buildEntriesNow(plan: ForEachPlan, input: unknown, bindings: Bindings, indexes: Indexes) {
  const list = itemsOf(evaluateNow(plan.items, input, bindings, plan, indexes));
  const level = entryLevel(plan);
  const entries: Record<string, unknown>[] = [];
  for (let i = 0; i < list.length; i++) {
    indexes[level] = entries.length;
    const entry = buildObjectNow(plan.entry, list[i], bindings, indexes);
    if (entry) entries.push(entry);
  }
  return finishEntries(plan, entries, indexes);
}

function buildObjectNow(plan: ObjectPlan, input: unknown, bindings: Bindings, indexes: Indexes) {
  let out: Record<string, unknown> | undefined;
  const { fields } = plan;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as FieldPlan;
    let value: unknown;
    switch (field.kind) {
      case 'literal':
        value = field.value;
        break;
      case 'expr':
        value = checkLeaf(evaluateNow(field.expr, input, bindings, field, indexes), field, indexes);
        break;
      case 'forEach':
        value = buildEntriesNow(field, input, bindings, indexes);
        break;
      case 'object':
        value = buildObjectNow(field, input, bindings, indexes);
        break;
    }
    if (value !== undefined) {
      out ??= {};
      out[field.key] = value;
    }
  }
  return out;
}

/**
 * `buildDocument` without a promise, for plans whose expressions are all compiled: the same
 * document, or the same FerryError thrown. Throws NEEDS_INTERPRETER (compiler/errors.ts) when an
 * expression has no `evaluateSync` or declines this input — then build the record again with
 * `buildDocument`, which gives the identical outcome (compiled code is pure, so nothing done
 * before the bail-out has any effect).
 */
export function buildDocumentNow(plan: ObjectPlan, record: Record<string, unknown>, bindings: Bindings = { record }): Record<string, unknown> {
  return buildObjectNow(plan, record, bindings, []) ?? {};
}
