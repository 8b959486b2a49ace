/**
 * What an expression refers to — function calls, variables, names it binds itself — read from
 * JSONata's syntax tree once at compile time. Callers get this engine-neutral summary, so the
 * static checks (unknown lookup table, unknown function) survive a change of evaluator.
 */

/** One use of a `$name` in an expression; `offset` is where `$name` starts in the source. */
export interface NameUse {
  name: string;
  offset: number;
}

/** A call `$name(...)`; `firstLiteral` is the first argument when it is a string literal. */
export interface FunctionCall extends NameUse {
  firstLiteral?: { value: string; offset: number };
}

/** The names an expression uses and binds. */
export interface ExpressionReferences {
  calls: FunctionCall[];
  /** Variables read as values (`$vars`, `$record`, `$str` passed to `$map`), not called. */
  variables: NameUse[];
  /** Names the expression binds anywhere (`$x := …`, lambda parameters, `#$i`, `@$x`). */
  bound: ReadonlySet<string>;
}

/** The subset of JSONata's AST node this scan reads. */
interface AstNode {
  type?: unknown;
  value?: unknown;
  position?: unknown;
  procedure?: AstNode;
  arguments?: AstNode[];
  lhs?: unknown;
  index?: unknown;
  focus?: unknown;
}

function isNode(v: unknown): v is AstNode {
  return v !== null && typeof v === 'object';
}

/** Start of `$name` given JSONata's position, which is the offset just after the name. */
function nameOffset(node: AstNode, name: string): number {
  const end = typeof node.position === 'number' ? node.position : name.length + 1;
  return Math.max(0, end - name.length - 1);
}

/** Start of a string literal (its opening quote) given the position just after the closing one. */
function literalOffset(source: string, node: AstNode, value: string): number {
  const end = typeof node.position === 'number' ? node.position : 0;
  const guess = end - value.length - 2;
  if (guess >= 0 && (source[guess] === '"' || source[guess] === "'")) return guess;
  return Math.max(0, source.lastIndexOf(value, end) - 1);
}

/**
 * Walks a JSONata AST (any node shape: the walk follows every nested object) and collects calls,
 * variable reads and bound names. `$` and `$$` (context and root) are not variables.
 */
export function scanReferences(ast: unknown, source: string): ExpressionReferences {
  const calls: FunctionCall[] = [];
  const variables: NameUse[] = [];
  const bound = new Set<string>();
  const seen = new Set<object>();

  const visit = (node: unknown, role: 'value' | 'binding'): void => {
    if (!isNode(node) || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const child of node) visit(child, 'value');
      return;
    }
    const name = typeof node.value === 'string' ? node.value : undefined;
    if (typeof node.index === 'string') bound.add(node.index);
    if (typeof node.focus === 'string') bound.add(node.focus);
    if (node.type === 'variable' && name && name !== '$') {
      if (role === 'binding') bound.add(name);
      else variables.push({ name, offset: nameOffset(node, name) });
      return;
    }
    if ((node.type === 'function' || node.type === 'partial') && node.procedure?.type === 'variable') {
      const proc = node.procedure;
      const callee = String(proc.value);
      const first = node.arguments?.[0];
      const literal =
        first?.type === 'string' && typeof first.value === 'string'
          ? { value: first.value, offset: literalOffset(source, first, first.value) }
          : undefined;
      calls.push({ name: callee, offset: nameOffset(proc, callee), ...(literal && { firstLiteral: literal }) });
      seen.add(proc);
    }
    for (const [key, child] of Object.entries(node)) {
      if (node.type === 'lambda' && key === 'arguments' && Array.isArray(child)) {
        for (const param of child) visit(param, 'binding');
      } else if (node.type === 'bind' && key === 'lhs') {
        visit(child, 'binding');
      } else {
        visit(child, 'value');
      }
    }
  };
  visit(ast, 'value');
  return { calls, variables, bound };
}
