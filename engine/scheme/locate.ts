import { isMap, isPair, isScalar, isSeq, type Node, Scalar } from 'yaml';
import type { SchemeLocation } from '../errors.js';
import type { ParsedYaml } from './parse.js';

/** Splits a JSON pointer (`/a/b~1c/0`) into segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Builds a JSON pointer from segments. */
export function toPointer(segments: Array<string | number>): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

interface Found {
  /** The value node at the pointer (or the deepest existing ancestor). */
  node: Node | null;
  /** The key node when the pointer ends at a mapping key. */
  key: Node | null;
  exact: boolean;
}

function find(parsed: ParsedYaml, pointer: string): Found {
  let node = parsed.doc.contents as Node | null;
  let key: Node | null = null;
  for (const seg of pointerSegments(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) return { node, key, exact: false };
      key = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as Node | undefined;
      if (!item) return { node, key, exact: false };
      key = null;
      node = item;
    } else {
      return { node, key, exact: false };
    }
  }
  return { node, key, exact: true };
}

function pos(parsed: ParsedYaml, offset: number, pointer: string): SchemeLocation {
  const { line, col } = parsed.lineCounter.linePos(offset);
  return { file: parsed.file, line, col, pointer };
}

/** Location of the value at `pointer` (or of its deepest existing ancestor). */
export function locateValue(parsed: ParsedYaml, pointer: string): SchemeLocation {
  const { node } = find(parsed, pointer);
  return pos(parsed, node?.range?.[0] ?? 0, pointer);
}

/** Location of the key of the pair at `pointer` (falls back to the value). */
export function locateKey(parsed: ParsedYaml, pointer: string): SchemeLocation {
  const { node, key, exact } = find(parsed, pointer);
  const offset = exact && key?.range ? key.range[0] : (node?.range?.[0] ?? 0);
  return pos(parsed, offset, pointer);
}

/**
 * Location of character `offset` inside the string value at `pointer`. Block scalars (`|`, `>`)
 * map through their indentation, so a JSONata error on the third line of a block points at that
 * line in the file; quoted scalars skip the opening quote.
 */
export function locateInValue(parsed: ParsedYaml, pointer: string, offset: number): SchemeLocation {
  const { node, exact } = find(parsed, pointer);
  if (!exact || !isScalar(node) || !node.range) return locateValue(parsed, pointer);
  const start = node.range[0];
  const raw = parsed.text.slice(start, node.range[1]);
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    return blockOffset(parsed, pointer, start, raw, offset);
  }
  const quote = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
  // Single-line scalars map one to one; a multi-line flow scalar maps to the line the offset falls on.
  const value = String(node.value);
  const before = value.slice(0, Math.max(0, offset));
  const lineIdx = (before.match(/\n/g) ?? []).length;
  if (lineIdx === 0) return pos(parsed, start + quote + offset, pointer);
  const rawLines = raw.split('\n');
  const line = rawLines[lineIdx];
  const lineOffset = rawLines.slice(0, lineIdx).reduce((n, l) => n + l.length + 1, 0);
  const indent = line ? line.length - line.trimStart().length : 0;
  const col = before.length - before.lastIndexOf('\n') - 1;
  return pos(parsed, start + lineOffset + indent + col, pointer);
}

function blockOffset(parsed: ParsedYaml, pointer: string, start: number, raw: string, offset: number): SchemeLocation {
  const headerEnd = raw.indexOf('\n');
  if (headerEnd < 0) return pos(parsed, start, pointer);
  const body = raw.slice(headerEnd + 1).split('\n');
  const firstContent = body.find((l) => l.trim() !== '') ?? '';
  const indent = firstContent.length - firstContent.trimStart().length;
  let remaining = offset;
  let absolute = start + headerEnd + 1;
  for (const line of body) {
    const content = line.length >= indent ? line.slice(indent) : '';
    if (remaining <= content.length) return pos(parsed, absolute + Math.min(indent, line.length) + remaining, pointer);
    remaining -= content.length + 1;
    absolute += line.length + 1;
  }
  return pos(parsed, start, pointer);
}
