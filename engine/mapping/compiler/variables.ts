/**
 * Variables in compiled code, resolved as JSONata's environment chain resolves them: lambda
 * parameters, then per-evaluation bindings (`$record`), then compile-time bindings (scheme
 * functions, `$vars`).
 */
import { JSONATA_BUILTINS } from '../name-checks.js';
import { type AstNode, expectKeys } from './ast.js';
import type { Run, Scope } from './context.js';
import { NotCompilable } from './errors.js';

/**
 * Compiles a variable: `$` (the context), `$$` (the root), a lambda parameter, or a binding —
 * per-evaluation bindings first, then the compile-time ones. The result is not collapsed (the
 * caller's `evaluate()` epilogue does that). JSONata's built-ins read as values are refused.
 */
export function compileVariable(node: AstNode, scope: Scope, statics: Readonly<Record<string, unknown>>): Run {
  expectKeys(node, []);
  const name = String(node.value);
  if (name === '') {
    // `$` is the context; a list given to evaluate() is wrapped, and `$` unwraps it.
    return (input) => (input && (input as { outerWrapper?: unknown }).outerWrapper ? (input as unknown[])[0] : input);
  }
  if (name === '$') return (_input, env) => env.root;
  if (scope.params.has(name)) return (_input, env) => env.locals?.[name];
  const isStatic = Object.hasOwn(statics, name);
  if (!isStatic && JSONATA_BUILTINS.includes(name)) {
    throw new NotCompilable(`the built-in $${name} used as a value is not compiled`);
  }
  const fallback = isStatic ? statics[name] : undefined;
  return (_input, env) => {
    const bindings = env.bindings;
    return bindings !== undefined && Object.hasOwn(bindings, name) ? bindings[name] : fallback;
  };
}
