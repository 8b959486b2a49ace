/**
 * The shape of JSONata 2.2.2's syntax tree (after its post-parse stage, as `expr.ast()` returns
 * it) as far as the compiler reads it, and the compile-time guards: a node carrying any key the
 * compiler does not understand (a focus `@$x`, an index `#$i`, a group-by, a parent `%`…) is
 * refused rather than silently mis-evaluated.
 */
import { NotCompilable } from './errors.js';

/** A filter or index stage on a step: `items[qty > 0]` (index stages are refused). */
export interface AstStage {
  type: string;
  expr: AstNode;
  position?: number;
}

/** One node. Keys are optional because each node type uses a different subset. */
export interface AstNode {
  type: string;
  value?: unknown;
  position?: number;
  steps?: AstNode[];
  stages?: AstStage[];
  predicate?: AstStage[];
  lhs?: AstNode | Array<[AstNode, AstNode]>;
  rhs?: AstNode;
  expression?: AstNode;
  expressions?: AstNode[];
  condition?: AstNode;
  then?: AstNode;
  else?: AstNode;
  procedure?: AstNode;
  arguments?: AstNode[];
  body?: AstNode;
  signature?: unknown;
  thunk?: boolean;
  keepArray?: boolean;
  keepSingletonArray?: boolean;
  consarray?: boolean;
}

/** Keys JSONata's evaluator applies to any node (`evaluate()`'s epilogue) or that carry no meaning. */
const COMMON_KEYS = ['type', 'value', 'position', 'predicate', 'keepArray'];

/** What a user sees for a node type in explain's reasons. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  regex: 'a regular expression',
  descendant: 'the descendant operator **',
  wildcard: 'the wildcard *',
  parent: 'the parent operator %',
  sort: 'sorting (^(…))',
  transform: 'a transform (| … |)',
  partial: 'partial application (?)',
  apply: 'the chain operator ~>',
  bind: 'a variable assignment (:=)',
  lambda: 'a function definition outside $map/$filter',
  error: 'a syntax error',
};

/** A user-facing name for a node, for refusal reasons. */
export function describe(node: AstNode): string {
  return DESCRIPTIONS[node.type] ?? `a ${node.type} node`;
}

const KEY_REASONS: Readonly<Record<string, string>> = {
  group: 'a group-by (expr{…})',
  focus: 'a focus binding (@$x)',
  index: 'an index binding (#$i)',
  tuple: 'a focus, index or parent binding',
  ancestor: 'the parent operator %',
  seekingParent: 'the parent operator %',
};

/**
 * Refuses `node` when it carries a key beyond `allowed` (plus the common ones). The parser leaves
 * some keys present but `undefined` (`name` on calls), which count as absent.
 */
export function expectKeys(node: AstNode, allowed: readonly string[]): void {
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined || COMMON_KEYS.includes(key) || allowed.includes(key)) continue;
    throw new NotCompilable(`${KEY_REASONS[key] ?? `"${key}" on ${describe(node)}`} is not compiled`);
  }
}

/** True for a non-null object (an AST node or a list of them). */
function isObject(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

/** Nesting depth of the tree, counting every object level (a safe over-estimate of JSONata's). */
export function astDepth(node: unknown): number {
  if (!isObject(node)) return 0;
  let deepest = 0;
  for (const child of Object.values(node)) deepest = Math.max(deepest, astDepth(child));
  return deepest + 1;
}
