/**
 * Function calls `$name(…)`, ported from JSONata's `evaluateFunction`/`apply`: arguments are
 * evaluated left to right, built-ins validate them against their signature, scheme functions
 * (compile-time bindings) get them as they are with the context as `this`, and failures are
 * placed at the call as JSONata places them.
 *
 * A call in the last position of a lambda body is what JSONata's trampoline runs (a "tail call"):
 * its result is not collapsed, it stamps the callee with its own position, and its context (for
 * signature defaults and `this`) is `null` — or the lambda's own context when the lambda was
 * handed over unwrapped, by a tail-called `$map`. All reproduced, so both evaluators agree on
 * results and on errors even there.
 */
import { JSONATA_BUILTINS } from '../name-checks.js';
import { type AstNode, expectKeys } from './ast.js';
import { BUILTINS, type Builtin, type CompiledLambda } from './builtins.js';
import type { CompileContext, Env, Run, Scope } from './context.js';
import { NEEDS_INTERPRETER, NotCompilable, placeAtApply, placeAtCall } from './errors.js';
import { isFunctionValue, toBoolean } from './values.js';

type SchemeFunction = ((...args: unknown[]) => unknown) & { token?: string; position?: number };

/** An ordinary call; a tail call whose context is `null`; a tail call keeping its context. */
type CallMode = 'direct' | 'tail' | 'tail-keeping-context';

interface CallSite {
  name: string;
  /** Position of the call (its `(`), where JSONata places errors of ordinary calls. */
  position: number | undefined;
  /** Position of the `$name` token, where a tail call's errors go. */
  procPosition: number | undefined;
  tail: boolean;
  /** The context is `null` (for signature defaults and `this`). */
  nullContext: boolean;
  args: Run[];
}

function isPromise(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/** Refuses the call when the callee is shadowed for this one evaluation (only JSONata can tell). */
function guardShadowing(env: Env, name: string): void {
  if (env.bindings !== undefined && Object.hasOwn(env.bindings, name)) throw NEEDS_INTERPRETER;
}

function evaluateArgs(args: Run[], input: unknown, env: Env): unknown[] {
  const values = new Array<unknown>(args.length);
  for (let i = 0; i < args.length; i++) values[i] = (args[i] as Run)(input, env);
  return values;
}

function schemeCall(fn: SchemeFunction, site: CallSite): Run {
  const { name, position, procPosition, tail, nullContext, args } = site;
  return (input, env) => {
    guardShadowing(env, name);
    // JSONata's trampoline stamps the (shared) function before evaluating the arguments; later
    // failures of ordinary calls read the stamp back.
    if (tail) Object.assign(fn, { token: name, position: procPosition });
    const values = evaluateArgs(args, input, env);
    // JSONata hands function values over wrapped in closures; only it can reproduce that.
    if (values.some(isFunctionValue)) throw NEEDS_INTERPRETER;
    let result: unknown;
    try {
      result = fn.apply(nullContext ? null : input, values);
    } catch (e) {
      if (tail) placeAtApply(e, fn);
      else placeAtCall(e, fn, position, name);
      throw e;
    }
    if (isPromise(result)) throw NEEDS_INTERPRETER;
    return result;
  };
}

function builtinCall(builtin: Builtin, site: CallSite): Run {
  const { name, position, procPosition, tail, nullContext, args } = site;
  const { stamp } = builtin;
  return (input, env) => {
    guardShadowing(env, name);
    // An ordinary call stamps the shared function after its arguments, the trampoline before.
    if (tail) Object.assign(stamp, { token: name, position: procPosition });
    const values = evaluateArgs(args, input, env);
    if (!tail) Object.assign(stamp, { token: name, position });
    try {
      return builtin.apply(builtin.signature.validate(values, nullContext ? null : input));
    } catch (e) {
      if (tail) placeAtApply(e, stamp);
      else placeAtCall(e, stamp, position, name);
      throw e;
    }
  };
}

/**
 * A lambda body, where JSONata's parser turned the calls in last position (also inside the
 * branches of a condition and at the end of a block) into thunks for its trampoline: those run as
 * tail calls, and their results are not collapsed.
 */
function compileTail(node: AstNode, scope: Scope, ctx: CompileContext, mode: CallMode): Run {
  const plain = node.predicate === undefined && node.keepArray === undefined;
  if (node.type === 'lambda' && node.thunk === true) {
    expectKeys(node, ['thunk', 'arguments', 'body']);
    if (node.body?.type !== 'function') throw new NotCompilable('an unusual tail call is not compiled');
    return compileCall(node.body, scope, ctx, mode);
  }
  if (node.type === 'condition' && plain && node.condition && node.then) {
    expectKeys(node, ['condition', 'then', 'else']);
    const condition = ctx.node(node.condition, scope);
    const then = compileTail(node.then, scope, ctx, mode);
    const otherwise = node.else ? compileTail(node.else, scope, ctx, mode) : undefined;
    return (input, env) => (toBoolean(condition(input, env)) ? then(input, env) : otherwise?.(input, env));
  }
  if (node.type === 'block' && plain && node.expressions?.length) {
    expectKeys(node, ['expressions', 'consarray']);
    const parts = node.expressions.map((e, i, all) => (i === all.length - 1 ? compileTail(e, scope, ctx, mode) : ctx.node(e, scope)));
    return (input, env) => {
      let result: unknown;
      for (const part of parts) result = part(input, env);
      return result;
    };
  }
  return ctx.node(node, scope);
}

/**
 * A lambda written as an argument of `$map`/`$filter`; its value is a CompiledLambda. `handedOver`
 * says how its caller passes it: wrapped in a closure (ordinary call: its tail calls get a `null`
 * context) or unwrapped (tail call: they keep the lambda's context).
 */
function compileLambda(node: AstNode, scope: Scope, ctx: CompileContext, handedOver: CallMode): Run {
  expectKeys(node, ['arguments', 'body', 'signature']);
  if (node.signature !== undefined) throw new NotCompilable('a function signature (<…>) is not compiled');
  const names = (node.arguments ?? []).map((param) => {
    if (param.type !== 'variable' || typeof param.value !== 'string') throw new NotCompilable('an unusual lambda parameter is not compiled');
    return param.value;
  });
  const inner: Scope = { params: new Set([...scope.params, ...names]) };
  if (!node.body) throw new NotCompilable('a lambda without a body is not compiled');
  const run = compileTail(node.body, inner, ctx, handedOver === 'direct' ? 'tail' : 'tail-keeping-context');
  return (input, env) => {
    const lambda = (...args: unknown[]) => {
      const locals: Record<string, unknown> = Object.create(env.locals ?? null);
      names.forEach((name, i) => {
        locals[name] = args[i];
      });
      return run(input, { bindings: env.bindings, root: env.root, locals });
    };
    return Object.assign(lambda, { arity: names.length }) satisfies CompiledLambda;
  };
}

function compileArgs(site: { name: string; mode: CallMode }, builtin: Builtin | undefined, args: AstNode[], scope: Scope, ctx: CompileContext): Run[] {
  const { name, mode } = site;
  return args.map((arg, i) => {
    if (arg.type !== 'lambda') return ctx.node(arg, scope);
    if (builtin?.higherOrder && i === 1) return compileLambda(arg, scope, ctx, mode);
    throw new NotCompilable(`a function definition passed to $${name} is not compiled`);
  });
}

/** Compiles a `function` node; `mode` tells a tail call (the last call of a lambda body). */
export function compileCall(node: AstNode, scope: Scope, ctx: CompileContext, mode: CallMode = 'direct'): Run {
  expectKeys(node, ['procedure', 'arguments', 'name']);
  const proc = node.procedure;
  if (proc?.type !== 'variable' || typeof proc.value !== 'string' || proc.predicate || proc.keepArray) {
    throw new NotCompilable('calling anything but a $function by name is not compiled');
  }
  const name = proc.value;
  if (scope.params.has(name)) throw new NotCompilable(`calling the parameter $${name} is not compiled`);
  const isStatic = Object.hasOwn(ctx.statics, name);
  const builtin = isStatic ? undefined : BUILTINS.get(name);
  const args = node.arguments ?? [];
  if (builtin?.higherOrder && args[1]?.type !== 'lambda') {
    throw new NotCompilable(`$${name} is compiled only with a function($v){…} written in place`);
  }
  const site: CallSite = {
    name,
    position: node.position,
    procPosition: proc.position,
    tail: mode !== 'direct',
    nullContext: mode === 'tail',
    args: compileArgs({ name, mode }, builtin, args, scope, ctx),
  };
  if (isStatic) {
    const fn = ctx.statics[name];
    if (typeof fn !== 'function') throw new NotCompilable(`$${name} is not a function`);
    return schemeCall(fn as SchemeFunction, site);
  }
  if (builtin) return builtinCall(builtin, site);
  throw new NotCompilable(JSONATA_BUILTINS.includes(name) ? `the built-in $${name} is not compiled` : `$${name} is not defined`);
}
