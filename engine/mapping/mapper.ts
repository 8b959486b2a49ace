/**
 * A scheme's filter, mapping and assertions compiled into one RecordMapper.
 *
 * Order per record: filters (the first `keep` that is false skips the record with its reason) →
 * assertions `on: source` → the document → assertions `on: document` (a false check parks the
 * record with ASSERTION_FAILED and the assertion's message). Any error parks the record; `map`
 * never throws.
 *
 * When every expression of the scheme is compiled, a record goes through all of that
 * synchronously (`evaluateSync`, `buildDocumentNow`): an await per expression costs more than
 * most compiled expressions do. A record for which some expression declines the synchronous path
 * is mapped again through `evaluate`, from the start, to the identical result.
 */
import { FerryError, type SchemeLocation, toFerryError } from '../errors.js';
import type { Assertion, Scheme } from '../scheme/types.js';
import { NEEDS_INTERPRETER } from './compiler/errors.js';
import { buildDocument, buildDocumentNow, compileDocumentPlan, type ObjectPlan } from './document.js';
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

  // Records are built synchronously when every expression can be (see createRecordMapper).
  let allSync = true;
  const compile = (source: string, pointer: string): CompiledExpression | undefined => {
    const at = (offset: number) => locate(pointer, offset);
    try {
      const expr = compileExpression(source, { limits, bindings, locate: at, evaluator });
      problems.push(...checkNames(expr.references, scope, at));
      if (!expr.evaluateSync) allSync = false;
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
    mapper: createRecordMapper({
      filters,
      onSource: assertions.filter((a) => a.on === 'source'),
      plan,
      onDocument: assertions.filter((a) => a.on === 'document'),
      sync: allSync,
    }),
    problems,
  };
}

type Bindings = Readonly<Record<string, unknown>>;

/** Everything one record goes through, compiled. */
interface MapperParts {
  filters: Array<CompiledCheck & { reason: string }>;
  onSource: CompiledAssertion[];
  plan: ObjectPlan;
  onDocument: CompiledAssertion[];
  /** Every expression has `evaluateSync`, so records are tried synchronously first. */
  sync: boolean;
}

function checkFailed(e: unknown, check: CompiledCheck): FerryError {
  return withErrorContext(toFerryError(e, 'MAPPING_ERROR'), { at: check.at });
}

async function holds(check: CompiledCheck, input: unknown, bindings: Bindings): Promise<boolean> {
  try {
    return isTruthy(await check.expr.evaluate(input, bindings));
  } catch (e) {
    throw checkFailed(e, check);
  }
}

/** `holds` without a promise; throws NEEDS_INTERPRETER when the check needs the asynchronous path. */
function holdsNow(check: CompiledCheck, input: unknown, bindings: Bindings): boolean {
  let result: { value: unknown } | undefined;
  try {
    result = check.expr.evaluateSync?.(input, bindings);
  } catch (e) {
    throw checkFailed(e, check);
  }
  if (result === undefined) throw NEEDS_INTERPRETER;
  return isTruthy(result.value);
}

function unmet(a: CompiledAssertion): FerryError {
  return new FerryError('ASSERTION_FAILED', a.message, { at: a.at });
}

/** Anything not already a FerryError is a bug of ours; it parks the record rather than crashing the run. */
function park(e: unknown, key: string): MapResult {
  return { kind: 'park', error: withErrorContext(toFerryError(e), { recordKey: key }) };
}

/** The whole record through `evaluate` (any expression may be interpreted). */
async function mapAsync(parts: MapperParts, record: Record<string, unknown>, key: string): Promise<MapResult> {
  const bindings = { record };
  try {
    for (const rule of parts.filters) {
      if (!(await holds(rule, record, bindings))) return { kind: 'skip', reason: rule.reason };
    }
    for (const a of parts.onSource) if (!(await holds(a, record, bindings))) throw unmet(a);
    const document = await buildDocument(parts.plan, record, bindings);
    for (const a of parts.onDocument) if (!(await holds(a, document, bindings))) throw unmet(a);
    return { kind: 'write', document };
  } catch (e) {
    return park(e, key);
  }
}

/**
 * The same steps without a promise; `undefined` when some expression needs the asynchronous path
 * for this record — then `mapAsync` maps it from the start, to the identical result (compiled
 * code is pure, so the abandoned attempt left no trace).
 */
function mapNow(parts: MapperParts, record: Record<string, unknown>, key: string): MapResult | undefined {
  const bindings = { record };
  try {
    for (const rule of parts.filters) {
      if (!holdsNow(rule, record, bindings)) return { kind: 'skip', reason: rule.reason };
    }
    for (const a of parts.onSource) if (!holdsNow(a, record, bindings)) throw unmet(a);
    const document = buildDocumentNow(parts.plan, record, bindings);
    for (const a of parts.onDocument) if (!holdsNow(a, document, bindings)) throw unmet(a);
    return { kind: 'write', document };
  } catch (e) {
    if (e === NEEDS_INTERPRETER) return undefined;
    return park(e, key);
  }
}

function createRecordMapper(parts: MapperParts): RecordMapper {
  return {
    map(record, key): Promise<MapResult> {
      const now = parts.sync ? mapNow(parts, record, key) : undefined;
      return now ? Promise.resolve(now) : mapAsync(parts, record, key);
    },
  };
}
