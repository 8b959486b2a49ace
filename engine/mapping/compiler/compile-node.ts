/**
 * The dispatcher: one AST node → one Run, for every node kind the compiler supports, wrapped in
 * JSONata's `evaluate()` epilogue (predicates, then collapsing of sequences). Kinds that are
 * refused raise NotCompilable with a reason; explain reports it and the expression stays with the
 * interpreter.
 */
import { type AstNode, describe, expectKeys } from './ast.js';
import { compileCall } from './calls.js';
import { compileArray, compileObject } from './constructors.js';
import { type CompileContext, type Run, SETTLED, type Scope } from './context.js';
import { JsonataRuntimeError, NotCompilable, placeAtOperator } from './errors.js';
import { compileFilter } from './filter.js';
import { type ValueOperator, VALUE_OPERATORS, applyOperator } from './operators.js';
import { compilePath } from './path.js';
import { compileVariable } from './variables.js';
import { settle } from './sequence.js';
import { boolize, isNumeric, lookupName, toBoolean } from './values.js';

function child(node: AstNode | undefined, scope: Scope, ctx: CompileContext): Run {
  if (!node) throw new NotCompilable('an incomplete expression is not compiled');
  return ctx.node(node, scope);
}

function compileBinary(node: AstNode, scope: Scope, ctx: CompileContext): Run {
  expectKeys(node, ['lhs', 'rhs']);
  const op = String(node.value);
  if (Array.isArray(node.lhs)) throw new NotCompilable('a malformed operator is not compiled');
  const lhs = child(node.lhs, scope, ctx);
  const rhs = child(node.rhs, scope, ctx);
  const position = node.position;
  if (op === 'and' || op === 'or') {
    const isAnd = op === 'and';
    return (input, env) => {
      const left = lhs(input, env);
      try {
        // The right side is evaluated only when needed, and its errors are placed at the operator.
        const l = boolize(left);
        return isAnd ? l && boolize(rhs(input, env)) : l || boolize(rhs(input, env));
      } catch (e) {
        placeAtOperator(e, position, op);
        throw e;
      }
    };
  }
  if (!VALUE_OPERATORS.has(op)) throw new NotCompilable(`the operator ${op} is not compiled`);
  const operator = op as ValueOperator;
  return (input, env) => {
    const left = lhs(input, env);
    const right = rhs(input, env);
    try {
      return applyOperator(operator, left, right);
    } catch (e) {
      placeAtOperator(e, position, op);
      throw e;
    }
  };
}

function compileNegation(node: AstNode, scope: Scope, ctx: CompileContext): Run {
  expectKeys(node, ['expression']);
  const operand = child(node.expression, scope, ctx);
  const position = node.position;
  return (input, env) => {
    const value = operand(input, env);
    if (value === undefined) return undefined;
    if (isNumeric(value)) return -value;
    throw new JsonataRuntimeError('D1002', { position, token: '-', value });
  };
}

function compileCondition(node: AstNode, scope: Scope, ctx: CompileContext): Run {
  expectKeys(node, ['condition', 'then', 'else']);
  const condition = child(node.condition, scope, ctx);
  const then = child(node.then, scope, ctx);
  const otherwise = node.else ? child(node.else, scope, ctx) : undefined;
  return (input, env) => {
    if (toBoolean(condition(input, env))) return then(input, env);
    return otherwise?.(input, env);
  };
}

function compileBlock(node: AstNode, scope: Scope, ctx: CompileContext): Run {
  expectKeys(node, ['expressions', 'consarray']);
  const parts = (node.expressions ?? []).map((e) => ctx.node(e, scope));
  return (input, env) => {
    let result: unknown;
    for (const part of parts) result = part(input, env);
    return result;
  };
}

function compileLiteral(node: AstNode): Run {
  expectKeys(node, []);
  const value = node.value;
  return () => value;
}

function compileCore(node: AstNode, scope: Scope, ctx: CompileContext): Run {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value':
      return compileLiteral(node);
    case 'name': {
      expectKeys(node, []);
      const key = String(node.value);
      return (input) => lookupName(input, key);
    }
    case 'variable':
      return compileVariable(node, scope, ctx.statics);
    case 'path':
      return compilePath(node, scope, ctx);
    case 'binary':
      return compileBinary(node, scope, ctx);
    case 'condition':
      return compileCondition(node, scope, ctx);
    case 'block':
      return compileBlock(node, scope, ctx);
    case 'function':
      return compileCall(node, scope, ctx);
    case 'unary':
      if (node.value === '-') return compileNegation(node, scope, ctx);
      if (node.value === '[') return compileArray(node, scope, ctx);
      if (node.value === '{') return compileObject(node, scope, ctx);
      break;
  }
  throw new NotCompilable(`${describe(node)} is not compiled`);
}

/** Node kinds whose own result is never a sequence (a scalar, a plain array, an object). */
function yieldsNoSequence(node: AstNode): boolean {
  return ['string', 'number', 'value', 'binary'].includes(node.type) || (node.type === 'unary' && node.value !== undefined);
}

/**
 * Compiles `node` with `evaluate()`'s epilogue: its predicates (`expr[…]` on anything but a path
 * step) filter the result, and a sequence result collapses (empty → nothing, one member → the
 * member unless `keepArray`).
 */
export function compileNode(node: AstNode, scope: Scope, ctx: CompileContext): Run {
  const core = compileCore(node, scope, ctx);
  const filters = (node.predicate ?? []).map((stage) => compileFilter(stage, scope, ctx));
  const keepArray = node.keepArray === true;
  if (filters.length === 0 && (yieldsNoSequence(node) || (SETTLED.has(core) && !keepArray))) return core;
  if (filters.length === 0) return (input, env) => settle(core(input, env), keepArray);
  return (input, env) => {
    let result = core(input, env);
    for (const filter of filters) result = filter(result, env);
    return settle(result, keepArray);
  };
}
