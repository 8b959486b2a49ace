/**
 * Array `[…]` and object `{…}` constructors, ported from JSONata's `evaluateUnary` and
 * `evaluateGroupExpression`.
 *
 * JSONata evaluates the members of an array constructor, and the values of an object
 * constructor, concurrently (`Promise.all`): when one fails, which error wins — and where it is
 * placed, since calls stamp shared function objects — depends on how the others interleave.
 * Compiled code evaluates members one after the other; when one of several fails, the evaluation
 * goes to the interpreter so its answer is the one given (failures are rare: the record parks).
 */
import type { AstNode } from './ast.js';
import { expectKeys } from './ast.js';
import type { CompileContext, Env, Run, Scope } from './context.js';
import { JsonataRuntimeError, NEEDS_INTERPRETER, NotCompilable } from './errors.js';
import { append, createSequence, markCons } from './sequence.js';

/** Evaluates members `0…count-1`; a failure of one of several members asks for the interpreter. */
function evaluateAll(count: number, evaluate: (i: number) => unknown): unknown[] {
  const values = new Array<unknown>(count);
  for (let i = 0; i < count; i++) {
    try {
      values[i] = evaluate(i);
    } catch (e) {
      throw count > 1 ? NEEDS_INTERPRETER : e;
    }
  }
  return values;
}

/** `[a, b, …]`: members' lists are spliced in, except members that are array constructors. */
export function compileArray(node: AstNode, scope: Scope, ctx: CompileContext): Run {
  expectKeys(node, ['expressions', 'consarray']);
  const members = (node.expressions ?? []).map((e) => ({ run: ctx.node(e, scope), nested: e.value === '[' }));
  const cons = node.consarray === true;
  return (input, env) => {
    const values = evaluateAll(members.length, (i) => members[i]?.run(input, env));
    const result: unknown[] = [];
    values.forEach((value, i) => {
      if (value === undefined) return;
      if (members[i]?.nested || !Array.isArray(value)) result.push(value);
      else for (const item of value) result.push(item);
    });
    return cons ? markCons(result) : result;
  };
}

interface Pair {
  key: Run;
  value: Run;
}

interface Group {
  data: unknown;
  pair: number;
}

/** Groups the context members by the key each pair yields (T1003, D1013, D1009 as JSONata). */
function groupBy(pairs: Pair[], items: unknown[], env: Env, position: number | undefined): Record<string, Group> {
  const groups: Record<string, Group> = Object.create(null);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    pairs.forEach((pair, p) => {
      const key = pair.key(item, env);
      if (key === undefined) return;
      if (typeof key !== 'string') throw new JsonataRuntimeError('T1003', { position, value: key });
      if (key === '_jsonata_lambda' || key === '_jsonata_function') {
        throw new JsonataRuntimeError('D1013', { position, value: key });
      }
      const group = groups[key];
      if (group === undefined) groups[key] = { data: item, pair: p };
      else if (group.pair !== p) throw new JsonataRuntimeError('D1009', { position, value: key });
      else group.data = append(group.data, item);
    });
  }
  return groups;
}

/** `{key: value, …}` over the context (each member of a context list grouped by key). */
export function compileObject(node: AstNode, scope: Scope, ctx: CompileContext): Run {
  expectKeys(node, ['lhs']);
  if (!Array.isArray(node.lhs)) throw new NotCompilable('an object constructor without pairs is not compiled');
  const pairs: Pair[] = node.lhs.map(([key, value]) => ({ key: ctx.node(key, scope), value: ctx.node(value, scope) }));
  const position = node.position;
  return (input, env) => {
    // Over an empty list JSONata pushes `undefined` into that very list (the caller's data,
    // seen by whatever runs next, even concurrently); only JSONata can reproduce that.
    if (Array.isArray(input) && input.length === 0) throw NEEDS_INTERPRETER;
    const items = Array.isArray(input) ? input : createSequence(input);
    const groups = groupBy(pairs, items, env, position);
    const keys = Object.keys(groups);
    const values = evaluateAll(keys.length, (i) => {
      const group = groups[keys[i] as string] as Group;
      return pairs[group.pair]?.value(group.data, env);
    });
    const result: Record<string, unknown> = Object.create(null);
    keys.forEach((key, i) => {
      if (values[i] !== undefined) result[key] = values[i];
    });
    return result;
  };
}
