/**
 * The expression evaluator behind a small interface. Today it wraps JSONata 2.2.2; a compiler to
 * plain JavaScript (issue #6) can replace it without touching callers, which see only
 * `compileExpression`, `CompiledExpression` and FerryErrors.
 *
 * Limits: each `evaluate()` may run `timeoutMs` (default 100) and nest `maxDepth` (default 200)
 * evaluation levels. JSONata 2.2.2 checks both on entry to every node of the tree (its
 * `timeout`/`stack` options — the same guard its test suite's `timeboxExpression` installs through
 * the `__evaluate_entry` hook, but synchronous, so no extra await per node). A runaway expression
 * therefore fails that one evaluation with MAPPING_TIMEOUT and the process carries on.
 */
import jsonata from 'jsonata';
import { type OffsetLocator, evaluationError, syntaxError } from './jsonata-error.js';
import { fastPath } from './fast-path.js';
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
}

/** An expression compiled once, evaluated per record. */
export interface CompiledExpression {
  readonly source: string;
  /** Functions and variables the expression uses, for static checks. */
  readonly references: ExpressionReferences;
  /**
   * Evaluates against `input` (the context, `$`) with per-evaluation `bindings` (`record` becomes
   * `$record`). Resolves to a plain value: JSONata sequences become plain arrays, nothing matched
   * stays `undefined`. Rejects only with a FerryError — MAPPING_TIMEOUT for a runaway
   * expression, MAPPING_TYPE/MAPPING_ERROR for JSONata failures, or the code a scheme function
   * raised (LOOKUP_MISS, MONEY_INVALID…) — located at the failing call when `locate` was given.
   */
  evaluate(input: unknown, bindings?: Readonly<Record<string, unknown>>): Promise<unknown>;
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
  const fast = fastPath(ast, statics);

  return {
    source,
    references: scanReferences(ast, source),
    async evaluate(input, bindings) {
      try {
        const quick = fast?.(input, bindings);
        if (quick) return quick.value;
        return toPlain(await expr.evaluate(input, bindings));
      } catch (e) {
        throw evaluationError(e, source, locate);
      }
    },
  };
}
