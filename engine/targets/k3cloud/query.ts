/**
 * ExecuteBillQuery (spec §5): the request body, FilterString quoting, the `[[{"Result":…}]]`
 * error detection, and the idempotency lookup of bills by number (spec §5.3). Session loss inside
 * the wrapping is handled by the client (re-login once); any other error is TARGET_QUERY.
 */
import { FerryError } from '../../errors.js';
import type { ExistingBill } from '../types.js';
import type { K3Client } from './client.js';
import { badShapeError, statusError } from './errors.js';
import { readStatus } from './response.js';
import { K3_SERVICES } from './services.js';

/** Numbers per `in (...)` list: keeps FilterStrings short and under the 2000-row default cap. */
export const QUERY_CHUNK = 200;

/** One ExecuteBillQuery. `fieldKeys` become the columns of every row, in order. */
export interface BillQuery {
  formId: string;
  fieldKeys: readonly string[];
  filter: string;
  /** Rows per call; Kingdee defaults to 2000 and caps at 10000. */
  limit: number;
  startRow?: number;
  orderBy?: string;
}

/** A FilterString string literal: single quotes doubled, as SQL. */
export function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `field in ('a','b')`. */
export function inList(field: string, values: readonly string[]): string {
  return `${field} in (${values.map(quote).join(',')})`;
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs one query; resolves with the rows or throws a FerryError (TARGET_QUERY for query errors). */
export async function executeBillQuery(client: K3Client, query: BillQuery): Promise<unknown[][]> {
  const endpoint = 'ExecuteBillQuery';
  const body = await client.read(K3_SERVICES.executeBillQuery, {
    data: {
      FormId: query.formId,
      FieldKeys: query.fieldKeys.join(','),
      FilterString: query.filter,
      OrderString: query.orderBy ?? '',
      TopRowCount: 0,
      StartRow: query.startRow ?? 0,
      Limit: query.limit,
    },
  });
  const status = readStatus(body);
  if (status && !status.isSuccess) {
    const error = statusError(status, { endpoint });
    if (error.retryable || error.code === 'TARGET_AUTH') throw error;
    throw new FerryError('TARGET_QUERY', `${error.message} (form ${query.formId})`, {
      cause: error,
      ...(error.remote && { remote: error.remote }),
      ...(error.field !== undefined && { field: error.field }),
      ...(error.hint !== undefined && { hint: error.hint }),
    });
  }
  if (!Array.isArray(body) || !body.every(Array.isArray)) throw badShapeError(endpoint, body);
  return body as unknown[][];
}

function cell(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

/**
 * Bills of `formId` whose FBillNo is in `billNos`, by number. Only header fields are selected, so a
 * bill with many entry rows still yields one row (spec §5.3).
 */
export async function findBillsByNumber(
  client: K3Client,
  formId: string,
  billNos: readonly string[],
): Promise<Map<string, ExistingBill>> {
  const found = new Map<string, ExistingBill>();
  const unique = [...new Set(billNos.filter((n) => n !== ''))];
  for (const part of chunk(unique, QUERY_CHUNK)) {
    const rows = await executeBillQuery(client, {
      formId,
      fieldKeys: ['FID', 'FBillNo', 'FDocumentStatus'],
      filter: inList('FBillNo', part),
      limit: part.length,
    });
    for (const [id, number, status] of rows) {
      found.set(cell(number), { id: cell(id), number: cell(number), status: cell(status) });
    }
  }
  return found;
}
