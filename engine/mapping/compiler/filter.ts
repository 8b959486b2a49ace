/**
 * Predicates, `expr[…]`, ported from JSONata's `evaluateFilter`: a number literal picks by
 * position (negative from the end, a picked list comes back as it is); any other predicate keeps
 * the members for which it is true, or whose position is among the numbers it yields.
 */
import type { AstStage } from './ast.js';
import type { CompileContext, Env, Scope } from './context.js';
import { NotCompilable } from './errors.js';
import { createSequence } from './sequence.js';
import { isArrayOfNumbers, isNumeric, toBoolean } from './values.js';

/** A compiled predicate: the members of `input` it keeps (a sequence, or a picked list). */
export type Filter = (input: unknown, env: Env) => unknown;

function asList(input: unknown): unknown[] {
  return Array.isArray(input) ? input : createSequence(input);
}

function byPosition(value: number): Filter {
  return (input) => {
    const list = asList(input);
    let index = Math.floor(value);
    if (index < 0) index = list.length + index;
    const item = list[index];
    if (Array.isArray(item)) return item;
    return item === undefined ? createSequence() : createSequence(item);
  };
}

/** Compiles one `[…]` stage or predicate; index bindings (`#$i`) are refused. */
export function compileFilter(stage: AstStage, scope: Scope, ctx: CompileContext): Filter {
  if (stage.type !== 'filter') throw new NotCompilable('an index binding (#$i) is not compiled');
  const predicate = stage.expr;
  if (predicate.type === 'number') return byPosition(Number(predicate.value));
  const test = ctx.node(predicate, scope);
  return (input, env) => {
    const results = createSequence();
    const list = asList(input);
    for (let index = 0; index < list.length; index++) {
      const item = list[index];
      let res = test(item, env);
      if (isNumeric(res)) res = [res];
      if (isArrayOfNumbers(res)) {
        for (const wanted of res) {
          let at = Math.floor(wanted);
          if (at < 0) at = list.length + at;
          if (at === index) results.push(item);
        }
      } else if (toBoolean(res)) {
        results.push(item);
      }
    }
    return results;
  };
}
