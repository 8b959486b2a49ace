/**
 * The compiler's entry: a JSONata 2.2.2 syntax tree (`jsonata(src).ast()`) → a plain synchronous
 * JavaScript function with the interpreter's semantics, or the reason it stays interpreted.
 *
 * Equivalence is the contract: for every input the compiled function returns the value JSONata
 * would (after `toPlain`), throws an error that `evaluationError` turns into the same FerryError
 * (code, location, message), or throws NEEDS_INTERPRETER for an input it does not model, so the
 * caller asks JSONata. test/mapping/differential.test.ts holds it to that.
 *
 * No limits are needed: compiled code has no loops except over input lists and no recursion
 * except along the (depth-checked) tree, so it cannot run away; trees deeper than the evaluation
 * depth limit stay with the interpreter so that limit keeps its meaning.
 */
import { astDepth, type AstNode } from './ast.js';
import { compileNode } from './compile-node.js';
import { type Bindings, type CompileContext, TOP_SCOPE } from './context.js';
import { NotCompilable, finishError } from './errors.js';
import { finishValue } from './finish.js';
import { createSequence, isSequence } from './sequence.js';

export { NEEDS_INTERPRETER } from './errors.js';
export type { Bindings } from './context.js';

/**
 * A compiled expression: the input (the context `$`) and per-evaluation bindings → its value as
 * `toPlain` would give it (sequences as plain arrays; a function value is MAPPING_TYPE).
 */
export type CompiledFunction = (input: unknown, bindings?: Bindings) => unknown;

/** What the compiler needs besides the tree. */
export interface CompileAstOptions {
  /** Compile-time bindings (scheme functions, `$vars`), as assigned to the JSONata expression. */
  statics: Readonly<Record<string, unknown>>;
  /** The interpreter's depth limit (0 = none): deeper trees are not compiled. */
  maxDepth: number;
}

/** The compiled function, or why the expression stays with the interpreter. */
export type CompileOutcome = { ok: true; run: CompiledFunction } | { ok: false; reason: string };

/** Compiles `ast`; never throws for an unsupported construct (that is `{ ok: false }`). */
export function compileAst(ast: unknown, options: CompileAstOptions): CompileOutcome {
  if (ast === null || typeof ast !== 'object') return { ok: false, reason: 'not a JSONata syntax tree' };
  if (options.maxDepth > 0 && astDepth(ast) > options.maxDepth) {
    return { ok: false, reason: `nested deeper than the depth limit (${options.maxDepth}) allows` };
  }
  const ctx: CompileContext = {
    statics: options.statics,
    node: (node, scope) => compileNode(node, scope, ctx),
  };
  try {
    const top = ctx.node(ast as AstNode, TOP_SCOPE);
    const run: CompiledFunction = (input, bindings) => {
      const env = { bindings, root: input, locals: undefined };
      // As in JSONata, a list given as the input is one context value, not a sequence of them.
      let context = input;
      if (Array.isArray(input) && !isSequence(input)) {
        context = Object.assign(createSequence(input), { outerWrapper: true });
      }
      try {
        return finishValue(top(context, env));
      } catch (e) {
        finishError(e);
        throw e;
      }
    };
    return { ok: true, run };
  } catch (e) {
    if (e instanceof NotCompilable) return { ok: false, reason: e.reason };
    throw e;
  }
}
