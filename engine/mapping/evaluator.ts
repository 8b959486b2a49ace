/**
 * The expression evaluator behind a small interface: JSONata 2.2.2, and for the expressions it
 * accepts, the compiler to plain JavaScript (compiler/compile.ts, issue #6) with the same
 * semantics, chosen per expression. Callers see only `compileExpression`, `CompiledExpression`
 * and FerryErrors.
 *
 * Limits: each `evaluate()` may run `timeoutMs` (default 100) and nest `maxDepth` (default 200)
 * evaluation levels. JSONata 2.2.2 checks both on entry to every node of the tree (its
 * `timeout`/`stack` options — the same guard its test suite's `timeboxExpression` installs through
 * the `__evaluate_entry` hook, but synchronous, so no extra await per node). A runaway expression
 * therefore fails that one evaluation with MAPPING_TIMEOUT and the process carries on. Compiled
 * expressions need no such guard: they loop only over input lists and recurse only along their
 * (depth-checked) syntax tree, so they cannot run away.
 */
import jsonata from 'jsonata';
import { NEEDS_INTERPRETER, compileAst } from './compiler/compile.js';
import { type OffsetLocator, evaluationError, syntaxError } from './jsonata-error.js';
import { toPlain } from './plain-value.js';
import { type ExpressionReferences, scanReferences } from './references.js';

export type { OffsetLocator } from './jsonata-error.js';

/** Per-evaluation limits; `0` disables one. */
export interface EvaluationLimits {
  timeoutMs?: number;
  maxDepth?: number;
}

/** The defaults of EvaluationLimits. */
export const DEFAULT_LIMITS: Required<EvaluationLimits> = { timeoutMs: 100, maxDepth: 200 };

/** How to compile one expression. */
export interface CompileOptions {
  limits?: EvaluationLimits;
  /** Bound once for every evaluation (scheme functions, `$vars`); per-evaluation bindings shadow them. */
  bindings?: Readonly<Record<string, unknown>>;
  /** Maps an offset in `source` to a scheme location, for syntax and evaluation errors. */
  locate?: OffsetLocator;
  /**
   * `auto` (default): compiled JavaScript when the compiler accepts the expression, else JSONata.
   * `interpreter`: always stock JSONata (for differential tests and the benchmark baseline).
   */
  evaluator?: EvaluatorChoice;
}

/** Which evaluator `compileExpression` may use. */
export type EvaluatorChoice = 'auto' | 'interpreter';

/** An expression compiled once, evaluated per record. */
export interface CompiledExpression {
  readonly source: string;
  /** Functions and variables the expression uses, for static checks. */
  readonly references: ExpressionReferences;
  /** Which evaluator runs it: compiled JavaScript, or JSONata (with the reason, when there is one). */
  readonly engine?: { kind: 'compiled' } | { kind: 'interpreted'; reason: string };
  /**
   * Evaluates against `input` (the context, `$`) with per-evaluation `bindings` (`record` becomes
   * `$record`). Resolves to a plain value: JSONata sequences become plain arrays, nothing matched
   * stays `undefined`. Rejects only with a FerryError — MAPPING_TIMEOUT for a runaway
   * expression, MAPPING_TYPE/MAPPING_ERROR for JSONata failures, or the code a scheme function
   * raised (LOOKUP_MISS, MONEY_INVALID…) — located at the failing call when `locate` was given.
   */
  evaluate(input: unknown, bindings?: Readonly<Record<string, unknown>>): Promise<unknown>;
  /**
   * Present only when the expression is compiled: `evaluate` without the promise, for callers
   * that can stay synchronous. Returns `{ value }`, throws what `evaluate` would reject with, or
   * returns `undefined` when this input needs the interpreter — then call `evaluate`.
   */
  readonly evaluateSync?: (input: unknown, bindings?: Readonly<Record<string, unknown>>) => { value: unknown } | undefined;
}

/**
 * Compiles `source` once. Throws MAPPING_SYNTAX located (through `options.locate`) at the
 * offending token's offset, with JSONata's error as `cause`.
 */
export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { locate } = options;
  let expr: jsonata.Expression;
  try {
    expr = jsonata(source, { timeout: limits.timeoutMs, stack: limits.maxDepth });
  } catch (e) {
    throw syntaxError(e, source, locate);
  }
  const statics = options.bindings ?? {};
  for (const [name, value] of Object.entries(statics)) expr.assign(name, value);
  const ast = expr.ast();
  const outcome =
    options.evaluator === 'interpreter'
      ? ({ ok: false, reason: 'the interpreter was asked for' } as const)
      : compileAst(ast, { statics, maxDepth: limits.maxDepth });
  const compiled = outcome.ok ? outcome.run : undefined;

  const evaluateSync = compiled && ((input: unknown, bindings?: Readonly<Record<string, unknown>>) => {
    try {
      return { value: compiled(input, bindings) };
    } catch (e) {
      // An input the compiled code does not model: JSONata answers this one evaluation.
      if (e === NEEDS_INTERPRETER) return undefined;
      throw evaluationError(e, source, locate);
    }
  });

  return {
    source,
    references: scanReferences(ast, source),
    engine: outcome.ok ? { kind: 'compiled' } : { kind: 'interpreted', reason: outcome.reason },
    ...(evaluateSync && { evaluateSync }),
    async evaluate(input, bindings) {
      const quick = evaluateSync?.(input, bindings);
      if (quick) return quick.value;
      try {
        return toPlain(await expr.evaluate(input, bindings));
      } catch (e) {
        throw evaluationError(e, source, locate);
      }
    },
  };
}
