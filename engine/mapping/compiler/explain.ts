/**
 * `ferry validate --explain`'s data: every expression of a scheme — filter `keep`s, assertion
 * `check`s, mapping leaves and `$forEach`es — with the evaluator that runs it, compiled JavaScript
 * or the JSONata interpreter, and for the interpreter the reason. It asks `compileExpression`
 * itself, so it reports the decision the mapper makes, not a second opinion.
 */
import { FerryError } from '../../errors.js';
import type { MappingNode, Scheme } from '../../scheme/types.js';
import { type EvaluationLimits, compileExpression } from '../evaluator.js';
import { createStaticBindings } from '../functions/index.js';
import type { LookupTable } from '../types.js';

/** One expression of a scheme and who evaluates it. */
export interface ExpressionExplanation {
  /** JSON pointer into the scheme, e.g. `/mapping/document/FEntity/$entry/FPrice`. */
  pointer: string;
  source: string;
  evaluator: 'compiled' | 'interpreted';
  /** Why the interpreter runs it (`the built-in $sort is not compiled`); only when interpreted. */
  reason?: string;
}

/** What explain reads of a loaded scheme (a `LoadedScheme` fits). */
export interface ExplainInput {
  scheme: Pick<Scheme, 'filter' | 'assertions' | 'mapping' | 'vars'>;
  tables: ReadonlyMap<string, LookupTable>;
  /** The limits the mapper compiles with (the depth limit decides too); defaults as the mapper's. */
  limits?: EvaluationLimits;
}

/** RFC 6901 escaping of one pointer segment. */
function segment(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every expression of a mapping tree with its pointer, in document order. */
function mappingExpressions(node: MappingNode, pointer: string, out: Array<[string, string]>): void {
  for (const [key, value] of Object.entries(node)) {
    const at = `${pointer}/${segment(key)}`;
    if (typeof value === 'string') out.push([at, value]);
    else if (isMapping(value) && typeof value.$forEach === 'string') {
      out.push([`${at}/$forEach`, value.$forEach]);
      if (isMapping(value.$entry)) mappingExpressions(value.$entry as MappingNode, `${at}/$entry`, out);
    } else if (isMapping(value)) mappingExpressions(value as MappingNode, at, out);
  }
}

/**
 * Lists the scheme's expressions in scheme order (filters, assertions, then the document) with
 * their evaluator. An expression that does not even parse is reported as interpreted with the
 * syntax error as reason (`ferry validate` reports it as an error anyway).
 */
export function explainScheme(input: ExplainInput): ExpressionExplanation[] {
  const { scheme, tables, limits } = input;
  const bindings = createStaticBindings({ tables, vars: scheme.vars });
  const expressions: Array<[string, string]> = [];
  (scheme.filter ?? []).forEach((rule, i) => {
    expressions.push([`/filter/${i}/keep`, rule.keep]);
  });
  (scheme.assertions ?? []).forEach((a, i) => {
    expressions.push([`/assertions/${i}/check`, a.check]);
  });
  if (isMapping(scheme.mapping?.document)) mappingExpressions(scheme.mapping.document, '/mapping/document', expressions);

  return expressions.map(([pointer, source]) => {
    try {
      const engine = compileExpression(source, { bindings, limits }).engine;
      if (engine?.kind === 'compiled') return { pointer, source, evaluator: 'compiled' };
      return { pointer, source, evaluator: 'interpreted', reason: engine?.reason ?? 'not compiled' };
    } catch (e) {
      const reason = e instanceof FerryError ? `${e.code}: ${e.message}` : String(e);
      return { pointer, source, evaluator: 'interpreted', reason };
    }
  });
}
