/**
 * Record normalisation for source payloads, after `parseExactJson` (exact-json.ts): the scheme's
 * id fields become strings, money fields decimal strings (from numbers or numeric strings), and
 * everything else keeps its JSON type; numbers too large for a JS number already arrive as their
 * exact literal text.
 */

export { parseExactJson } from './exact-json.js';

/** Where id and money fields sit: `io_id` at the top, `items.ioi_id` inside each element of `items`. */
export interface FieldRules {
  idFields?: readonly string[];
  moneyFields?: readonly string[];
}

interface CompiledRules {
  ids: Set<string>;
  money: Set<string>;
  nested: Map<string, CompiledRules>;
}

const compiledCache = new WeakMap<FieldRules, CompiledRules>();

function emptyRules(): CompiledRules {
  return { ids: new Set(), money: new Set(), nested: new Map() };
}

function compile(rules: FieldRules): CompiledRules {
  const cached = compiledCache.get(rules);
  if (cached) return cached;
  const root = emptyRules();
  const add = (path: string, kind: 'ids' | 'money'): void => {
    const parts = path.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let next = node.nested.get(part);
      if (!next) {
        next = emptyRules();
        node.nested.set(part, next);
      }
      node = next;
    }
    node[kind].add(parts[parts.length - 1] as string);
  };
  for (const f of rules.idFields ?? []) add(f, 'ids');
  for (const f of rules.moneyFields ?? []) add(f, 'money');
  compiledCache.set(rules, root);
  return root;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Plain decimal text of a finite number, never exponent notation (1e-7 → "0.0000001"). */
export function numberToDecimal(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const [mantissa = '', expText = '0'] = s.toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [intPart = '', frac = ''] = mantissa.replace('-', '').split('.');
  const digits = intPart + frac;
  const point = intPart.length + Number(expText);
  let body: string;
  if (point <= 0) body = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) body = digits + '0'.repeat(point - digits.length);
  else body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + body;
}

function toIdString(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? numberToDecimal(value) : value;
}

function toMoneyString(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? numberToDecimal(value) : value;
  if (typeof value === 'string') {
    const t = value.trim();
    // Non-numeric text is left alone so the mapping's money checks can report it precisely.
    return DECIMAL.test(t) ? t.replace(/^\+/, '') : value;
  }
  return value;
}

function normalizeNested(value: unknown, rules: CompiledRules): unknown {
  if (Array.isArray(value)) return value.map((v) => normalizeNested(v, rules));
  if (value !== null && typeof value === 'object') return normalizeObject(value as Record<string, unknown>, rules);
  return value;
}

// Only the paths named by rules are visited: a sales-out header has ~70 fields and few rules.
function normalizeObject(obj: Record<string, unknown>, rules: CompiledRules): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  for (const k of rules.ids) if (k in out) out[k] = toIdString(out[k]);
  for (const k of rules.money) if (k in out) out[k] = toMoneyString(out[k]);
  for (const [k, sub] of rules.nested) if (k in out) out[k] = normalizeNested(out[k], sub);
  return out;
}

/**
 * Returns a copy of a parsed record with id fields as exact strings and money fields as decimal
 * strings; other values are untouched (subtrees without rules are shared, not copied; the input
 * is never mutated). Paths are `field` or `array.field` at any depth. `SourceSpec` fits
 * `FieldRules` as is.
 */
export function normalizeRecord(record: Record<string, unknown>, rules: FieldRules): Record<string, unknown> {
  return normalizeObject(record, compile(rules));
}

/** Lenient flag such as `has_next`: true, "true", 1, "1" → true; false, "false", 0, "0", "", null → false; else undefined. */
export function toFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === null) return false;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const t = String(value).trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0' || t === '') return false;
  return undefined;
}
