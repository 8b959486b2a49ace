import { readFile } from 'node:fs/promises';
import { FerryError } from '../errors.js';
import type { SourceSpec } from '../scheme/types.js';
import { normalizeRecord, parseExactJson } from '../sources/normalize.js';
import type { CliIO } from './io.js';

/** Reads a file, or standard input for `-`. */
export async function readInput(path: string, _io: CliIO): Promise<string> {
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new FerryError('FILE_NOT_FOUND', `cannot read input ${path}`, { cause: e });
  }
}

/**
 * Source records from a payload a user hands us: a raw Qimen response page
 * (`{"response":{"datas":[…]}}`), the unwrapped page (`{"datas":[…]}`), one record, an array of
 * records, or JSON lines (as `ferry fetch` writes). Big ids stay exact; records are normalised the
 * same way the live source does it.
 */
export function recordsFromPayload(text: string, spec: SourceSpec, name: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  let values: unknown[];
  try {
    values = trimmed.startsWith('{') && trimmed.includes('\n{') && !trimmed.startsWith('{\n') ? trimmed.split(/\r?\n/).filter(Boolean).map(parseExactJson) : [parseExactJson(trimmed)];
  } catch (e) {
    throw new FerryError('USAGE', `${name} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const records: unknown[] = [];
  for (const v of values) records.push(...unwrap(v, spec.records));
  return records.map((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new FerryError('USAGE', `${name}: record ${i + 1} is not an object`);
    return normalizeRecord(r as Record<string, unknown>, spec);
  });
}

function unwrap(v: unknown, recordsKey: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.response && typeof o.response === 'object') return unwrap(o.response, recordsKey);
    if (Array.isArray(o[recordsKey])) return o[recordsKey] as unknown[];
    return [o];
  }
  return [];
}
