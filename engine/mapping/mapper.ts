/**
 * A scheme's filter, mapping and assertions compiled into one RecordMapper.
 *
 * Order per record: filters (the first `keep` that is false skips the record with its reason) →
 * assertions `on: source` → the document → assertions `on: document` (a false check parks the
 * record with ASSERTION_FAILED and the assertion's message). Any error parks the record; `map`
 * never throws.
 */
import { FerryError, type SchemeLocation, toFerryError } from '../errors.js';
import type { Assertion, Scheme } from '../scheme/types.js';
import { buildDocument, compileDocumentPlan, type ObjectPlan } from './document.js';
import { withErrorContext } from './error-context.js';
import { type CompiledExpression, type EvaluationLimits, type EvaluatorChoice, compileExpression } from './evaluator.js';
import { PER_RECORD_VARIABLES, createStaticBindings } from './functions/index.js';
import { JSONATA_BUILTINS, checkNames } from './name-checks.js';
import { isTruthy } from './truthiness.js';
import type { Locator, LookupTable, MapResult, RecordMapper } from './types.js';

/** What `compileMapper` needs. */
export interface CompileMapperInput {
  scheme: Scheme;
  tables: Map<string, LookupTable>;
  locate: Locator;
  /** Per-evaluation limits; defaults 100 ms and depth 200 (see evaluator.ts). */
  limits?: EvaluationLimits;
  /** `auto` (default): compiled JavaScript where possible; `interpreter`: JSONata only (see evaluator.ts). */
  evaluator?: EvaluatorChoice;
}

/** The mapper, when there was no error-level problem, and every problem found. */
export interface CompiledMapper {
  mapper?: RecordMapper;
  problems: FerryError[];
}

interface CompiledCheck {
  expr: CompiledExpression;
  at: SchemeLocation | undefined;
}

interface CompiledAssertion extends CompiledCheck {
  on: Assertion['on'];
  message: string;
}

/**
 * Compiles every expression of the scheme once — filter `keep`s, document leaves and `$forEach`es,
 * assertion `check`s — and collects all problems instead of stopping at the first: MAPPING_SYNTAX
 * (located at the offending token), UNKNOWN_LOOKUP (a literal table name in `$lookup` that is not
 * loaded), MAPPING_UNKNOWN_NAME, mapping shape problems and (warnings) optional paths that name no
 * field. Returns a mapper only when no problem is an error.
 */
export function compileMapper(input: CompileMapperInput): CompiledMapper {
  const { scheme, tables, locate, limits, evaluator } = input;
  const problems: FerryError[] = [];
  const bindings = createStaticBindings({ tables, vars: scheme.vars });
  const scope = {
    known: new Set([...JSONATA_BUILTINS, ...Object.keys(bindings), ...PER_RECORD_VARIABLES]),
    tables: [...tables.keys()],
  };

  const compile = (source: string, pointer: string): CompiledExpression | undefined => {
    const at = (offset: number) => locate(pointer, offset);
    try {
      const expr = compileExpression(source, { limits, bindings, locate: at, evaluator });
      problems.push(...checkNames(expr.references, scope, at));
      return expr;
    } catch (e) {
      problems.push(withErrorContext(toFerryError(e, 'MAPPING_SYNTAX'), { at: locate(pointer) }));
      return undefined;
    }
  };
  const check = (source: string, pointer: string): CompiledCheck | undefined => {
    const expr = compile(source, pointer);
    return expr && { expr, at: locate(pointer) };
  };

  const filters = (scheme.filter ?? []).flatMap((rule, i) => {
    const compiled = check(rule.keep, `/filter/${i}/keep`);
    return compiled ? [{ ...compiled, reason: rule.reason }] : [];
  });
  const assertions: CompiledAssertion[] = (scheme.assertions ?? []).flatMap((a, i) => {
    const compiled = check(a.check, `/assertions/${i}/check`);
    return compiled ? [{ ...compiled, on: a.on, message: a.message }] : [];
  });
  const plan = compileDocumentPlan(scheme.mapping, compile, locate, problems);

  if (problems.some((p) => p.severity === 'error')) return { problems };
  return {
    mapper: createRecordMapper(
      filters,
      assertions.filter((a) => a.on === 'source'),
      plan,
      assertions.filter((a) => a.on === 'document'),
    ),
    problems,
  };
}

async function holds(check: CompiledCheck, input: unknown, record: Record<string, unknown>): Promise<boolean> {
  try {
    return isTruthy(await check.expr.evaluate(input, { record }));
  } catch (e) {
    throw withErrorContext(toFerryError(e, 'MAPPING_ERROR'), { at: check.at });
  }
}

async function assertAll(list: CompiledAssertion[], input: unknown, record: Record<string, unknown>): Promise<void> {
  for (const a of list) {
    if (!(await holds(a, input, record))) throw new FerryError('ASSERTION_FAILED', a.message, { at: a.at });
  }
}

function createRecordMapper(
  filters: Array<CompiledCheck & { reason: string }>,
  onSource: CompiledAssertion[],
  plan: ObjectPlan,
  onDocument: CompiledAssertion[],
): RecordMapper {
  return {
    async map(record, key): Promise<MapResult> {
      try {
        for (const rule of filters) {
          if (!(await holds(rule, record, record))) return { kind: 'skip', reason: rule.reason };
        }
        await assertAll(onSource, record, record);
        const document = await buildDocument(plan, record);
        await assertAll(onDocument, document, record);
        return { kind: 'write', document };
      } catch (e) {
        // Anything not already a FerryError is a bug of ours; it parks the record rather than
        // crashing the run, and its INTERNAL code says whose fault it is.
        return { kind: 'park', error: withErrorContext(toFerryError(e), { recordKey: key }) };
      }
    },
  };
}
