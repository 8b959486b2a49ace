import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { FerryError, type SchemeLocation } from '../errors.js';
import type { LookupTable } from '../mapping/types.js';
import type { LookupSpec } from './types.js';

/** Lookup files larger than this are refused (they are loaded whole into memory). */
export const MAX_LOOKUP_BYTES = 32 * 1024 * 1024;

/**
 * Loads every lookup table of a scheme: the file (CSV with a header row, or a JSON object of
 * key → value) next to the scheme, with inline `entries` merged over it. Missing or malformed
 * files are problems located at the `file` key.
 */
export async function loadLookups(
  schemeFile: string,
  specs: Record<string, LookupSpec>,
  locate: (pointer: string) => SchemeLocation,
): Promise<{ tables: Map<string, LookupTable>; problems: FerryError[] }> {
  const tables = new Map<string, LookupTable>();
  const problems: FerryError[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const entries = new Map<string, string>();
    if (spec.file) {
      const at = locate(`/lookups/${name}/file`);
      try {
        for (const [k, v] of await readTableFile(resolve(dirname(schemeFile), spec.file), spec.file, spec)) entries.set(k, v);
      } catch (e) {
        const base = e instanceof FerryError ? e : undefined;
        problems.push(new FerryError(base?.code ?? 'LOOKUP_FILE_INVALID', `lookup "${name}": ${base?.message ?? String(e)}`, { at, cause: e }));
        // The table still exists (empty), so expressions naming it are not also reported as unknown.
      }
    }
    for (const [k, v] of Object.entries(spec.entries ?? {})) entries.set(k, v);
    if (spec.onMiss === 'default' && spec.default === undefined) {
      problems.push(new FerryError('SCHEMA_MISSING_KEY', `lookup "${name}" has onMiss: default but no "default" value`, { at: locate(`/lookups/${name}/onMiss`) }));
    }
    tables.set(name, { name, entries, onMiss: spec.onMiss, ...(spec.default !== undefined && { default: spec.default }) });
  }
  return { tables, problems };
}

/** Parsed tables by file, columns and modification time: validating many schemes that share a table reads it once. */
const tableCache = new Map<string, Array<[string, string]>>();

async function readTableFile(path: string, shown: string, spec: LookupSpec): Promise<Array<[string, string]>> {
  const mtime = await stat(path).then((s) => s.mtimeMs, () => -1);
  const cacheKey = `${path}|${mtime}|${spec.keyColumn ?? ''}|${spec.valueColumn ?? ''}`;
  const cached = tableCache.get(cacheKey);
  if (cached) return cached;
  const rows = await readTableFileUncached(path, shown, spec);
  tableCache.set(cacheKey, rows);
  return rows;
}

async function readTableFileUncached(path: string, shown: string, spec: LookupSpec): Promise<Array<[string, string]>> {
  let text: string;
  try {
    const buf = await readFile(path);
    if (buf.length > MAX_LOOKUP_BYTES) throw new FerryError('LOOKUP_FILE_INVALID', `${shown} is larger than ${MAX_LOOKUP_BYTES} bytes`);
    text = buf.toString('utf8');
  } catch (e) {
    if (e instanceof FerryError) throw e;
    throw new FerryError('LOOKUP_FILE_MISSING', `file ${shown} (next to the scheme) does not exist or cannot be read`, { cause: e });
  }
  if (path.endsWith('.json')) return readJson(shown, text);
  if (path.endsWith('.csv')) return readCsv(shown, text, spec.keyColumn ?? 'key', spec.valueColumn ?? 'value');
  throw new FerryError('LOOKUP_FILE_INVALID', `${shown}: expected a .csv or .json file`);
}

function readJson(path: string, text: string): Array<[string, string]> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new FerryError('LOOKUP_FILE_INVALID', `${path} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new FerryError('LOOKUP_FILE_INVALID', `${path}: expected a JSON object of key → value`);
  return Object.entries(data).map(([k, v]) => [k, String(v)]);
}

function readCsv(path: string, text: string, keyColumn: string, valueColumn: string): Array<[string, string]> {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, comment: '#' }) as Record<string, string>[];
  } catch (e) {
    throw new FerryError('LOOKUP_FILE_INVALID', `${path} is not valid CSV: ${(e as Error).message}`, { cause: e });
  }
  const first = rows[0];
  if (first && (!(keyColumn in first) || !(valueColumn in first))) {
    throw new FerryError('LOOKUP_FILE_INVALID', `${path} has columns ${Object.keys(first).join(', ')}; expected columns "${keyColumn}" and "${valueColumn}"`);
  }
  return rows.map((r) => [r[keyColumn] ?? '', r[valueColumn] ?? '']);
}
