/**
 * Compiles a scheme's `mapping.document` tree into a plan: every expression compiled once, every
 * node's target path, JSON pointer, scheme location and optionality worked out before the first
 * record arrives.
 */
import { FerryError, type SchemeLocation } from '../errors.js';
import type { MappingNode, MappingSpec, MappingValue } from '../scheme/types.js';
import type { CompiledExpression } from './evaluator.js';
import type { Locator } from './types.js';

/** Compiles one expression at `pointer`; `undefined` when it had a problem (reported by the callee). */
export type ExpressionCompiler = (source: string, pointer: string) => CompiledExpression | undefined;

/** Where a node sits: dotted path without entry indexes (`FEntity.FMaterialID.FNumber`), pointer and location. */
interface Placed {
  /** Target key inside the parent object. */
  key: string;
  path: string;
  /**
   * The path cut where entry indexes go, so an error can name `FEntity[1].FMaterialID.FNumber`
   * without the builder concatenating strings for every field: `["FEntity", ".FMaterialID.FNumber"]`.
   * One more part than there are enclosing `$entry` levels (see `fieldName`).
   */
  parts: readonly string[];
  pointer: string;
  at: SchemeLocation | undefined;
  /** The path or one of its ancestors is listed in `mapping.optional`. */
  optional: boolean;
}

/** An expression leaf. */
export type LeafPlan = Placed & { kind: 'expr'; expr: CompiledExpression };
/** A number or boolean written as is. */
export type LiteralPlan = Placed & { kind: 'literal'; value: number | boolean };
/** A `$forEach`: `items` yields the list, `entry` is built per item. */
export type ForEachPlan = Placed & { kind: 'forEach'; items: CompiledExpression; entry: ObjectPlan };
/** A nested mapping (the root document too, with empty key and path). */
export type ObjectPlan = Placed & { kind: 'object'; fields: FieldPlan[] };
/** Any node of the plan. */
export type FieldPlan = LeafPlan | LiteralPlan | ForEachPlan | ObjectPlan;

/**
 * The target field `plan` stands for in one document, with entry indexes: `indexes[i]` is the
 * index of the entry being built at the i-th `$entry` level (`FEntity[1].FMaterialID.FNumber`).
 */
export function fieldName(plan: FieldPlan, indexes: readonly number[]): string {
  const { parts } = plan;
  let name = parts[0] ?? '';
  for (let i = 1; i < parts.length; i++) name += `[${indexes[i - 1]}]${parts[i]}`;
  return name;
}

/** Where a `$forEach` keeps the index of the entry being built, in `fieldName`'s `indexes`. */
export function entryLevel(plan: ForEachPlan): number {
  return plan.parts.length - 1;
}

/** JSON-pointer escaping of one key (RFC 6901). */
function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Compiles the document tree. Problems — expression problems through `compile`, shape problems
 * here, and optional paths that name no node (a typo there would silently park every record) —
 * go to `problems`; the plan is returned regardless and is only usable when there were none.
 */
export function compileDocumentPlan(
  spec: MappingSpec,
  compile: ExpressionCompiler,
  locate: Locator,
  problems: FerryError[],
): ObjectPlan {
  const optional = new Set(spec?.optional ?? []);
  const seenPaths = new Set<string>();
  const isOptional = (path: string): boolean => {
    for (let p = path; p !== ''; p = p.slice(0, Math.max(0, p.lastIndexOf('.')))) {
      if (optional.has(p)) return true;
    }
    return false;
  };
  const place = (key: string, parent: Placed, pointer: string): Placed => {
    const path = parent.path ? `${parent.path}.${key}` : key;
    seenPaths.add(path);
    const last = parent.parts.length - 1;
    const parts = parent.parts.map((part, i) => (i < last ? part : part === '' && last === 0 ? key : `${part}.${key}`));
    return { key, path, parts, pointer, at: locate(pointer), optional: isOptional(path) };
  };

  const compileObject = (node: MappingNode, where: Placed): ObjectPlan => {
    const fields: FieldPlan[] = [];
    for (const [key, value] of Object.entries(node)) {
      const field = compileValue(value, place(key, where, `${where.pointer}/${escapePointer(key)}`));
      if (field) fields.push(field);
    }
    return { ...where, kind: 'object', fields };
  };

  const compileValue = (value: MappingValue, where: Placed): FieldPlan | undefined => {
    if (typeof value === 'string') {
      const expr = compile(value, where.pointer);
      return expr && { ...where, kind: 'expr', expr };
    }
    if (typeof value === 'number' || typeof value === 'boolean') return { ...where, kind: 'literal', value };
    if (isObject(value) && '$forEach' in value) {
      const { $forEach, $entry, ...rest } = value as Record<string, unknown>;
      if (typeof $forEach !== 'string' || !isObject($entry) || Object.keys(rest).length > 0) {
        problems.push(
          new FerryError('SCHEMA_INVALID', 'a $forEach node takes exactly "$forEach: <expression>" and "$entry: <mapping>"', {
            at: where.at,
          }),
        );
        return undefined;
      }
      const items = compile($forEach, `${where.pointer}/$forEach`);
      // An entry starts a new part: its fields' names follow the entry index.
      const entry = compileObject($entry as MappingNode, { ...where, key: '', parts: [...where.parts, ''], pointer: `${where.pointer}/$entry` });
      return items && { ...where, kind: 'forEach', items, entry };
    }
    if (isObject(value)) return compileObject(value as MappingNode, where);
    problems.push(
      new FerryError('SCHEMA_TYPE', `mapping field "${where.path}" must be an expression, a number, a boolean or a mapping`, {
        at: where.at,
      }),
    );
    return undefined;
  };

  const rootPlace: Placed = { key: '', path: '', parts: [''], pointer: '/mapping/document', at: undefined, optional: false };
  if (!isObject(spec?.document)) {
    problems.push(new FerryError('SCHEMA_TYPE', 'mapping.document must be a mapping of target fields', { at: locate(rootPlace.pointer) }));
    return { ...rootPlace, kind: 'object', fields: [] };
  }
  const root = compileObject(spec.document, rootPlace);
  (spec.optional ?? []).forEach((path, i) => {
    if (!seenPaths.has(path)) {
      problems.push(
        new FerryError('SCHEMA_INVALID', `optional path "${path}" names no field of mapping.document`, {
          at: locate(`/mapping/optional/${i}`),
          hint: 'write dotted paths without entry indexes, e.g. FEntity.FEntrynote',
          severity: 'warning',
        }),
      );
    }
  });
  return root;
}
