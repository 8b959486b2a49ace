/**
 * The types shared by the compiler's parts: what a compiled node is (`Run`), what it sees while
 * running (`Env`), and what a part needs while compiling (`Scope`, `CompileContext`).
 */
import type { AstNode } from './ast.js';

/** Per-evaluation bindings (`$record`), which shadow the compile-time ones as in JSONata. */
export type Bindings = Readonly<Record<string, unknown>> | undefined;

/** What compiled code sees besides its input: the bindings, the root `$$`, lambda parameters. */
export interface Env {
  readonly bindings: Bindings;
  /** The input as given to `evaluate()` (JSONata binds it as `$$` before wrapping a list). */
  readonly root: unknown;
  /** Parameters of the enclosing compiled lambdas (a prototype chain, innermost first). */
  readonly locals: Readonly<Record<string, unknown>> | undefined;
}

/**
 * One compiled node: evaluates against the context value `input`. Synchronous and loop-free
 * except over input lists, so it needs no time or depth guard. Throws JsonataRuntimeError,
 * whatever a scheme function throws, or NEEDS_INTERPRETER.
 */
export type Run = (input: unknown, env: Env) => unknown;

/** Compile-time scope: the lambda parameter names visible at this point. */
export interface Scope {
  readonly params: ReadonlySet<string>;
}

/** What the per-kind compilers need from the whole. */
export interface CompileContext {
  /** Compile-time bindings (scheme functions, `$vars`), by name without `$`. */
  readonly statics: Readonly<Record<string, unknown>>;
  /** Compiles any node with JSONata's `evaluate()` epilogue (predicates, sequence collapsing). */
  node(node: AstNode, scope: Scope): Run;
}

/** The scope at the top of an expression. */
export const TOP_SCOPE: Scope = { params: new Set() };

/**
 * Runs whose results are already what `evaluate()`'s epilogue would make of them (never an
 * uncollapsed sequence), so compileNode need not wrap them.
 */
export const SETTLED: WeakSet<Run> = new WeakSet();
