import type { MapResult } from '../mapping/types.js';
import type { LoadedScheme } from '../scheme/load.js';

/** One record's preview: its business key, mapping result and bill number. */
export interface PreviewOutcome {
  key: string;
  result: MapResult;
  billNo?: string;
}

/** Maps records one by one through a loaded scheme (filter, mapping, assertions). */
export async function mapAll(loaded: LoadedScheme, records: Record<string, unknown>[]): Promise<PreviewOutcome[]> {
  const { key: keyField } = loaded.scheme.source;
  const out: PreviewOutcome[] = [];
  for (const record of records) {
    const key = String(record[keyField] ?? '');
    const result = await loaded.mapper.map(record, key);
    const billNo = result.kind === 'write' ? result.document[loaded.scheme.target.billNoField] : undefined;
    out.push({ key, result, ...(billNo !== undefined && { billNo: String(billNo) }) });
  }
  return out;
}
