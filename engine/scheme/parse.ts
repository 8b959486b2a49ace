import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type ErrorCode, FerryError } from '../errors.js';

/** Deeper YAML than this is refused: no honest scheme nests so deep, and recursion must stay bounded. */
export const MAX_DEPTH = 64;
/** Aliases resolved before yaml refuses the document (alias bombs). */
export const MAX_ALIAS_COUNT = 100;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A parsed scheme file: the YAML document, its line counter, and the plain value. */
export interface ParsedYaml {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  value: unknown;
}

/**
 * Parses YAML text safely: duplicate keys, unknown tags (`!!js/function` is data, never code),
 * alias bombs, excessive depth and prototype-polluting keys are problems with a position. Collects
 * every problem; `value` is undefined when the document is unusable.
 */
export function parseYaml(file: string, text: string): { parsed?: ParsedYaml; problems: FerryError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, schema: 'core' });
  const problems: FerryError[] = [];
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  for (const e of doc.errors) {
    const code: ErrorCode = e.code === 'DUPLICATE_KEY' ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX';
    const message = e.code === 'DUPLICATE_KEY' ? 'duplicate key; each key may appear once in a mapping' : e.message.split('\n')[0]!;
    problems.push(new FerryError(code, message, { at: at(e.pos[0]) }));
  }
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') {
      problems.push(new FerryError('YAML_CUSTOM_TAG', `${w.message.split('\n')[0]}; custom tags are not allowed in a scheme (values are data, never code)`, { at: at(w.pos[0]) }));
    }
  }
  if (doc.contents) walk(doc.contents, 1, (code, message, offset) => problems.push(new FerryError(code, message, { at: at(offset) })));
  // Unsafe structure (depth, forbidden keys, tags) stops here; plain syntax errors still yield a
  // best-effort value so later stages can report their problems in the same pass.
  if (problems.some((p) => p.code !== 'YAML_SYNTAX' && p.code !== 'YAML_DUPLICATE_KEY')) return { problems };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!/alias/i.test(message) && problems.length) return { problems };
    const code: ErrorCode = /alias/i.test(message) ? 'YAML_ALIAS_LIMIT' : 'YAML_SYNTAX';
    const detail = code === 'YAML_ALIAS_LIMIT' ? `; expected at most ${MAX_ALIAS_COUNT} alias expansions` : '';
    return { problems: [...problems, new FerryError(code, `${message}${detail}`, { at: at(0), cause: e })] };
  }
  return { parsed: { file, text, doc, lineCounter, value }, problems };
}

type Report = (code: ErrorCode, message: string, offset: number) => void;

function walk(node: Node | null, depth: number, report: Report): void {
  if (!node) return;
  if (depth > MAX_DEPTH) {
    report('YAML_TOO_DEEP', `nesting deeper than ${MAX_DEPTH} levels`, node.range?.[0] ?? 0);
    return;
  }
  if (isAlias(node) || isScalar(node)) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      if (isScalar(key) && FORBIDDEN_KEYS.has(String(key.value))) {
        report('SCHEMA_UNKNOWN_KEY', `key "${String(key.value)}" is not allowed in a scheme`, key.range?.[0] ?? 0);
      }
      walk(pair.value as Node | null, depth + 1, report);
    }
    return;
  }
  if (isSeq(node)) {
    for (const item of node.items) walk(item as Node | null, depth + 1, report);
  }
}
