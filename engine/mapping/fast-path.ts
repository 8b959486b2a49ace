/**
 * Skips JSONata for the commonest leaves: literals (`'NORMAL'`, `13`, `true`), plain paths
 * (`io_id`, `$vars.org`, `$record.shop.name`), calls of scheme functions (`$money(sale_price)`,
 * `$lookup('shops', shop_id)`) and string joins (`'JST' & $str(io_id)`) built from these. Each JSONata `evaluate()` costs
 * microseconds even for a constant (design/performance-notes.md), and most leaves of a typical
 * mapping are of these kinds. Anything whose JSONata semantics are subtle — arrays (singleton
 * collapsing, flattening), predicates, function values, shadowed names — falls back to JSONata.
 */
import { isFunctionValue } from './plain-value.js';

/** Per-evaluation bindings. */
type Bindings = Readonly<Record<string, unknown>> | undefined;

/**
 * `{ value }` when the fast path could answer, `undefined` to fall back to JSONata. Errors thrown
 * by a scheme function carry `position`/`token` as JSONata would have added them.
 */
export type FastEvaluator = (input: unknown, bindings: Bindings) => { value: unknown } | undefined;

interface Node {
  type?: unknown;
  value?: unknown;
  position?: unknown;
  steps?: unknown;
  procedure?: Node;
  arguments?: unknown;
}

/** True when the node carries no keys beyond `allowed` (no predicate, stages, group, focus…). */
function isBare(node: object, allowed: readonly string[]): boolean {
  // The parser leaves some keys present but undefined (`name` on function nodes).
  return Object.entries(node).every(([k, v]) => v === undefined || allowed.includes(k));
}

/** Arrays and functions need JSONata's rules. */
function needsJsonata(v: unknown): boolean {
  return Array.isArray(v) || isFunctionValue(v);
}

function variableReader(name: string, statics: Readonly<Record<string, unknown>>) {
  return (bindings: Bindings): { value: unknown } | undefined => {
    if (bindings && Object.hasOwn(bindings, name)) return { value: bindings[name] };
    if (Object.hasOwn(statics, name)) return { value: statics[name] };
    return undefined;
  };
}

function literalOf(node: Node): FastEvaluator | undefined {
  if (!['string', 'number', 'value'].includes(String(node.type)) || !isBare(node, ['type', 'value', 'position'])) {
    return undefined;
  }
  const answer = { value: node.value };
  return () => answer;
}

function pathOf(node: Node, statics: Readonly<Record<string, unknown>>): FastEvaluator | undefined {
  if (node.type !== 'path' || !isBare(node, ['type', 'steps']) || !Array.isArray(node.steps)) return undefined;
  const steps = node.steps as Node[];
  const plain = steps.every(
    (s, i) =>
      isBare(s, ['type', 'value', 'position']) &&
      typeof s.value === 'string' &&
      (s.type === 'name' || (i === 0 && s.type === 'variable' && s.value !== '' && s.value !== '$')),
  );
  if (!plain || steps.length === 0) return undefined;
  const fromVariable = steps[0]?.type === 'variable';
  const start = fromVariable ? variableReader(String(steps[0]?.value), statics) : undefined;
  const names = steps.slice(fromVariable ? 1 : 0).map((s) => String(s.value));

  return (input, bindings) => {
    const first = start ? start(bindings) : { value: input };
    if (!first) return undefined;
    let current = first.value;
    for (const name of names) {
      if (needsJsonata(current)) return undefined;
      if (current === null || typeof current !== 'object') return { value: undefined };
      current = Object.hasOwn(current, name) ? (current as Record<string, unknown>)[name] : undefined;
    }
    // A list at the end of a path through objects is returned as it is by JSONata too.
    return isFunctionValue(current) ? undefined : { value: current };
  };
}

function callOf(node: Node, statics: Readonly<Record<string, unknown>>): FastEvaluator | undefined {
  const proc = node.procedure;
  if (node.type !== 'function' || !proc || !Array.isArray(node.arguments)) return undefined;
  if (!isBare(node, ['type', 'value', 'position', 'arguments', 'procedure'])) return undefined;
  if (proc.type !== 'variable' || !isBare(proc, ['type', 'value', 'position'])) return undefined;
  const name = String(proc.value);
  const fn = statics[name];
  if (typeof fn !== 'function' || !Object.hasOwn(statics, name)) return undefined;
  const readers = operands(node.arguments as Node[], statics);
  if (!readers) return undefined;
  const position = node.position;

  return (input, bindings) => {
    if (bindings && Object.hasOwn(bindings, name)) return undefined;
    const values = readAll(readers, input, bindings);
    if (!values) return undefined;
    let result: unknown;
    try {
      result = fn.apply(input, values);
    } catch (e) {
      if (e !== null && typeof e === 'object' && !('position' in e)) Object.assign(e, { position, token: name });
      throw e;
    }
    // Scheme functions are pure, so handing an unusual result to JSONata costs only time.
    return needsJsonata(result) ? undefined : { value: result };
  };
}

/** `a & b`: JSONata joins the string forms, absent counting as `""`; only strings are handled here. */
function concatOf(node: Node & { lhs?: unknown; rhs?: unknown }, statics: Readonly<Record<string, unknown>>) {
  if (node.type !== 'binary' || node.value !== '&' || !isBare(node, ['type', 'value', 'position', 'lhs', 'rhs'])) {
    return undefined;
  }
  const readers = operands([node.lhs as Node, node.rhs as Node], statics);
  if (!readers) return undefined;
  const fast: FastEvaluator = (input, bindings) => {
    const values = readAll(readers, input, bindings);
    if (!values?.every((v) => v === undefined || typeof v === 'string')) return undefined;
    return { value: values.map((v) => v ?? '').join('') };
  };
  return fast;
}

function operands(nodes: Node[], statics: Readonly<Record<string, unknown>>): FastEvaluator[] | undefined {
  const readers = nodes.map((n) => (n !== null && typeof n === 'object' ? compileFast(n, statics) : undefined));
  return readers.every((r) => r !== undefined) ? (readers as FastEvaluator[]) : undefined;
}

function readAll(readers: FastEvaluator[], input: unknown, bindings: Bindings): unknown[] | undefined {
  const values: unknown[] = [];
  for (const read of readers) {
    const r = read(input, bindings);
    if (!r) return undefined;
    values.push(r.value);
  }
  return values;
}

function compileFast(node: Node, statics: Readonly<Record<string, unknown>>): FastEvaluator | undefined {
  return literalOf(node) ?? pathOf(node, statics) ?? callOf(node, statics) ?? concatOf(node, statics);
}

/**
 * A direct evaluator for `ast` when it is built only from literals, plain paths, calls of
 * compile-time bound JS functions (`statics`) and `&` of strings; else `undefined`. Per-evaluation
 * bindings shadow `statics`, as in JSONata.
 */
export function fastPath(ast: unknown, statics: Readonly<Record<string, unknown>>): FastEvaluator | undefined {
  if (ast === null || typeof ast !== 'object') return undefined;
  return compileFast(ast as Node, statics);
}
