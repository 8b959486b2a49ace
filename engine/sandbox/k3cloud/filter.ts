/**
 * The FilterString subset the sandbox understands (spec §5.1): comparisons (`=`, `<>`, `!=`, `<`,
 * `<=`, `>`, `>=`), `in (...)`, `not in`, `like` (`%`, `_`), `is [not] null`, `and`, `or`, `not`,
 * parentheses, single-quoted strings with `''` escapes, numbers, and dotted field keys such as
 * `FUseOrgId.FNumber`. Keywords are case-insensitive; values compare exactly (case-sensitive),
 * numerically when both sides are numbers. Parsing never throws: a syntax error is a result.
 */

/** A parsed filter. */
export type FilterExpr =
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'cmp'; field: string; op: string; value: string | number }
  | { kind: 'in'; field: string; values: Array<string | number>; negated: boolean }
  | { kind: 'like'; field: string; pattern: string; negated: boolean }
  | { kind: 'null'; field: string; negated: boolean }
  | { kind: 'true' };

type Token = { t: 'id'; v: string } | { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'op'; v: string };

const TOKEN = /\s*(?:(?<str>'(?:[^']|'')*')|(?<num>-?\d+(?:\.\d+)?)(?![\w.])|(?<id>[A-Za-z_][\w.]*)|(?<op><>|!=|<=|>=|[=<>(),]))/y;

function tokenize(text: string): Token[] | string {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m?.groups) return `unexpected character at ${at}: ${text.slice(at, at + 10)}`;
    const g = m.groups;
    if (g.str !== undefined) out.push({ t: 'str', v: g.str.slice(1, -1).replaceAll("''", "'") });
    else if (g.num !== undefined) out.push({ t: 'num', v: Number(g.num) });
    else if (g.id !== undefined) out.push({ t: 'id', v: g.id });
    else out.push({ t: 'op', v: g.op ?? '' });
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private keyword(word: string): boolean {
    const t = this.peek();
    if (t?.t === 'id' && t.v.toLowerCase() === word) {
      this.i++;
      return true;
    }
    return false;
  }
  private op(v: string): boolean {
    const t = this.peek();
    if (t?.t === 'op' && t.v === v) {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(v: string): void {
    if (!this.op(v)) throw new SyntaxError(`expected "${v}" at token ${this.i}`);
  }
  private value(): string | number {
    const t = this.tokens[this.i++];
    if (t?.t === 'str' || t?.t === 'num') return t.v;
    throw new SyntaxError(`expected a value at token ${this.i - 1}`);
  }

  parseAll(): FilterExpr {
    const e = this.or();
    if (this.i !== this.tokens.length) throw new SyntaxError(`unexpected token ${this.i}`);
    return e;
  }
  private or(): FilterExpr {
    let left = this.and();
    while (this.keyword('or')) left = { kind: 'or', left, right: this.and() };
    return left;
  }
  private and(): FilterExpr {
    let left = this.unary();
    while (this.keyword('and')) left = { kind: 'and', left, right: this.unary() };
    return left;
  }
  private unary(): FilterExpr {
    if (this.keyword('not')) return { kind: 'not', expr: this.unary() };
    if (this.op('(')) {
      const e = this.or();
      this.expect(')');
      return e;
    }
    return this.predicate();
  }
  private predicate(): FilterExpr {
    const t = this.tokens[this.i++];
    if (t?.t !== 'id') throw new SyntaxError(`expected a field at token ${this.i - 1}`);
    const field = t.v;
    if (this.keyword('is')) {
      const negated = this.keyword('not');
      if (!this.keyword('null')) throw new SyntaxError('expected null');
      return { kind: 'null', field, negated };
    }
    const negated = this.keyword('not');
    if (this.keyword('in')) {
      this.expect('(');
      const values = [this.value()];
      while (this.op(',')) values.push(this.value());
      this.expect(')');
      return { kind: 'in', field, values, negated };
    }
    if (this.keyword('like')) return { kind: 'like', field, pattern: String(this.value()), negated };
    if (negated) throw new SyntaxError('expected in or like after not');
    const op = this.tokens[this.i++];
    if (op?.t !== 'op' || !['=', '<>', '!=', '<', '<=', '>', '>='].includes(op.v)) throw new SyntaxError(`expected an operator after ${field}`);
    return { kind: 'cmp', field, op: op.v, value: this.value() };
  }
}

/** Parses a FilterString; an empty string matches everything. */
export function parseFilter(text: string): { ok: true; expr: FilterExpr } | { ok: false; message: string } {
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return { ok: false, message: tokens };
  if (tokens.length === 0) return { ok: true, expr: { kind: 'true' } };
  try {
    return { ok: true, expr: new Parser(tokens).parseAll() };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Every field key a filter reads. */
export function filterFields(expr: FilterExpr): string[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return [...filterFields(expr.left), ...filterFields(expr.right)];
    case 'not':
      return filterFields(expr.expr);
    case 'true':
      return [];
    default:
      return [expr.field];
  }
}

/** Numbers compare as numbers when either side is numeric (as SQL converts); text compares as text. */
function compare(a: unknown, b: string | number): number | undefined {
  if (a === null || a === undefined) return undefined;
  if (typeof a === 'number' || typeof b === 'number') {
    const an = Number(a);
    const bn = Number(b);
    if (a !== '' && b !== '' && Number.isFinite(an) && Number.isFinite(bn)) return an - bn;
  }
  const as = String(a);
  const bs = String(b);
  return as < bs ? -1 : as > bs ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('%', '.*').replaceAll('_', '.');
  return new RegExp(`^${body}$`, 's');
}

/** Evaluates a filter for one row; `get` returns a field's value. */
export function evaluateFilter(expr: FilterExpr, get: (field: string) => unknown): boolean {
  switch (expr.kind) {
    case 'true':
      return true;
    case 'and':
      return evaluateFilter(expr.left, get) && evaluateFilter(expr.right, get);
    case 'or':
      return evaluateFilter(expr.left, get) || evaluateFilter(expr.right, get);
    case 'not':
      return !evaluateFilter(expr.expr, get);
    case 'null': {
      const v = get(expr.field);
      return (v === null || v === undefined) !== expr.negated;
    }
    case 'in':
      return expr.values.some((v) => compare(get(expr.field), v) === 0) !== expr.negated;
    case 'like': {
      const v = get(expr.field);
      return (v !== null && v !== undefined && likeToRegExp(expr.pattern).test(String(v))) !== expr.negated;
    }
    case 'cmp': {
      const c = compare(get(expr.field), expr.value);
      if (c === undefined) return false;
      const table: Record<string, boolean> = { '=': c === 0, '<>': c !== 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 };
      return table[expr.op] ?? false;
    }
  }
}
