/**
 * Location paths (`items[qty > 0].sku`, `$record.shop.name`), ported from JSONata's
 * `evaluatePath`/`evaluateStep`: each step is evaluated once per member of the previous result,
 * results are flattened one level (except lists built by an array constructor), a step that
 * yields nothing ends the path, and a lone list at the last step comes back as it is.
 *
 * The commonest paths — names only, optionally after a variable, through objects — take a
 * direct walk that gives the same answer; on meeting a list on the way, or a sequence at the end,
 * the walk hands over to the general algorithm (compiled code is pure, so starting over is safe).
 */
import { type AstNode, expectKeys } from './ast.js';
import { type CompileContext, type Env, type Run, SETTLED, type Scope } from './context.js';
import { NEEDS_INTERPRETER, NotCompilable } from './errors.js';
import { type Filter, compileFilter } from './filter.js';
import { createSequence, isCons, isSequence, type Sequence, settle } from './sequence.js';
import { isFunctionValue } from './values.js';
import { compileVariable } from './variables.js';

interface Step {
  run: Run;
  filters: Filter[];
  /** An array constructor as the first step is evaluated once, against the whole input. */
  wholeInput: boolean;
}

function evaluateStep(step: Step, input: unknown[], env: Env, last: boolean): unknown {
  const results: unknown[] = [];
  // An index loop, as JSONata's: a block step may hand on a string, whose characters it walks.
  for (let i = 0; i < input.length; i++) {
    let res = step.run(input[i], env);
    for (const filter of step.filters) res = filter(res, env);
    if (res !== undefined) results.push(res);
  }
  const only = results[0];
  if (last && results.length === 1 && Array.isArray(only) && !isSequence(only)) return only;
  const flat = createSequence();
  for (const res of results) {
    if (!Array.isArray(res) || isCons(res)) flat.push(res);
    else for (const value of res) flat.push(value);
  }
  return flat;
}

function compileStep(node: AstNode, index: number, scope: Scope, ctx: CompileContext): Step {
  const { stages, ...core } = node;
  return {
    run: ctx.node(core, scope),
    filters: (stages ?? []).map((stage) => compileFilter(stage, scope, ctx)),
    wholeInput: index === 0 && node.consarray === true,
  };
}

function generalPath(node: AstNode, steps: Step[]): Run {
  const fromVariable = node.steps?.[0]?.type === 'variable';
  const keepSingleton = node.keepSingletonArray === true;
  return (input, env) => {
    let current: unknown = Array.isArray(input) && !fromVariable ? input : createSequence(input);
    let result: unknown;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step;
      result = step.wholeInput ? step.run(current, env) : evaluateStep(step, current as unknown[], env, i === steps.length - 1);
      if (result === undefined || (result as unknown[]).length === 0) break;
      current = result;
    }
    if (!keepSingleton) return result;
    // JSONata fails with a TypeError when this is not an object; let it fail its own way.
    if (result === null || typeof result !== 'object') throw NEEDS_INTERPRETER;
    if (isCons(result) && !isSequence(result)) result = createSequence(result);
    (result as Sequence).keepSingleton = true;
    return result;
  };
}

/** A step with nothing but its name (no predicate, stages, flags). */
function isBare(step: AstNode): boolean {
  return Object.entries(step).every(([k, v]) => v === undefined || k === 'type' || k === 'value' || k === 'position');
}

/**
 * Plain names (after an optional bare variable): the direct walk, or `undefined`. Its result is
 * already collapsed: a piece of the input, or whatever the general algorithm collapses to.
 */
function directWalk(node: AstNode, scope: Scope, ctx: CompileContext, general: Run): Run | undefined {
  const steps = node.steps ?? [];
  const first = steps[0];
  const fromVariable = first?.type === 'variable';
  const names = steps.slice(fromVariable ? 1 : 0);
  if (!first || !steps.every(isBare) || names.some((s) => s.type !== 'name') || node.keepSingletonArray || node.keepArray) {
    return undefined;
  }
  // Uncollapsed is fine: a list on the way (sequence or not) hands over to the general algorithm below.
  const start = fromVariable ? compileVariable(first, scope, ctx.statics) : undefined;
  const keys = names.map((s) => String(s.value));
  const fallback: Run = (input, env) => settle(general(input, env), false);
  const walk: Run = (input, env) => {
    let current = start ? start(input, env) : input;
    for (let i = 0; i < keys.length; i++) {
      if (current === null || typeof current !== 'object' || isFunctionValue(current)) return undefined;
      if (Array.isArray(current)) return fallback(input, env);
      const key = keys[i] as string;
      current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
    }
    // A plain list reached through objects is what the general algorithm returns as it is (its
    // last step's lone result); only a sequence needs its flattening.
    return isSequence(current) ? fallback(input, env) : current;
  };
  SETTLED.add(walk);
  return walk;
}

/** Compiles a `path` node; group-by, focus/index bindings, parents and sorting are refused. */
export function compilePath(node: AstNode, scope: Scope, ctx: CompileContext): Run {
  expectKeys(node, ['steps', 'keepSingletonArray']);
  const nodes = node.steps ?? [];
  if (nodes.length === 0) throw new NotCompilable('an empty path is not compiled');
  const general = generalPath(
    node,
    nodes.map((step, i) => compileStep(step, i, scope, ctx)),
  );
  return directWalk(node, scope, ctx, general) ?? general;
}
