/**
 * The sandbox's bill table: numeric ids, auto-numbering (`XSCKD00000001`), entry ids, updates that
 * follow IsDeleteEntry (true = the sent rows replace the stored ones; false = sent rows update
 * or add, the rest stay), and deep-copied snapshots for tests. Bill numbers compare exactly.
 */
import { getCI, isObject } from './envelope.js';
import type { BillStatus, StoredBill } from './types.js';

/** Keys the store owns; the sent values of these are not kept in `model`. */
const OWNED = new Set(['fid', 'fbillno', 'fdocumentstatus']);

/** The mutable bill table. */
export interface BillStore {
  byNumber(formId: string, number: string): StoredBill | undefined;
  byId(formId: string, id: number): StoredBill | undefined;
  /** Every bill of a form (live objects), in creation order. */
  list(formId: string): StoredBill[];
  /** The next free auto-number with `prefix`. */
  nextNumber(prefix: string): string;
  create(formId: string, model: Record<string, unknown>, entryKey: string, number: string, status: BillStatus): StoredBill;
  update(bill: StoredBill, model: Record<string, unknown>, entryKey: string, number: string, deleteEntry: boolean): void;
  setStatus(bill: StoredBill, status: BillStatus): void;
  remove(bill: StoredBill): void;
  /** Deep copies with FID, FBillNo and FDocumentStatus put back into each model. */
  snapshot(): StoredBill[];
}

function withoutKeys(model: Record<string, unknown>, entryKey: string): Record<string, unknown> {
  const entry = entryKey.toLowerCase();
  return Object.fromEntries(Object.entries(model).filter(([k]) => !OWNED.has(k.toLowerCase()) && k.toLowerCase() !== entry));
}

/** Creates an empty store; ids start at 100001 as in a young Kingdee database. */
export function createBillStore(): BillStore {
  const bills: StoredBill[] = [];
  let nextId = 100001;
  let nextEntryId = 200001;
  let seq = 0;

  const rowsOf = (model: Record<string, unknown>, entryKey: string): Record<string, unknown>[] => {
    const rows = getCI(model, entryKey);
    return Array.isArray(rows) ? rows.filter(isObject).map((r) => structuredClone(r)) : [];
  };
  const entryIdOf = (row: Record<string, unknown>) => Number(getCI(row, 'FEntryID') ?? 0);
  const assignIds = (rows: Record<string, unknown>[]) =>
    rows.map((r) => {
      const id = entryIdOf(r);
      const rest = Object.fromEntries(Object.entries(r).filter(([k]) => k.toLowerCase() !== 'fentryid'));
      return { FEntryID: id > 0 ? id : nextEntryId++, ...rest };
    });

  return {
    byNumber: (formId, number) => bills.find((b) => b.formId === formId && b.number === number),
    byId: (formId, id) => bills.find((b) => b.formId === formId && b.id === id),
    list: (formId) => bills.filter((b) => b.formId === formId),
    nextNumber(prefix) {
      for (;;) {
        const candidate = `${prefix}${String(++seq).padStart(8, '0')}`;
        if (!bills.some((b) => b.number === candidate)) return candidate;
      }
    },
    create(formId, model, entryKey, number, status) {
      const bill: StoredBill = {
        formId,
        id: nextId++,
        number,
        status,
        model: structuredClone(withoutKeys(model, entryKey)),
        entries: assignIds(rowsOf(model, entryKey).map((r) => ({ ...r, FEntryID: 0 }))),
      };
      bills.push(bill);
      return bill;
    },
    update(bill, model, entryKey, number, deleteEntry) {
      // A row whose FEntryID is not one of this bill's rows is a new row.
      const own = (r: Record<string, unknown>) => bill.entries.some((e) => e.FEntryID === entryIdOf(r));
      const sent = assignIds(rowsOf(model, entryKey).map((r) => (own(r) ? r : { ...r, FEntryID: 0 })));
      const kept = deleteEntry ? [] : bill.entries.filter((e) => !sent.some((s) => s.FEntryID === e.FEntryID));
      bill.entries = [...kept, ...sent];
      bill.model = structuredClone(withoutKeys(model, entryKey));
      bill.number = number;
    },
    setStatus(bill, status) {
      bill.status = status;
    },
    remove(bill) {
      bills.splice(bills.indexOf(bill), 1);
    },
    snapshot: () =>
      bills.map((b) => ({
        ...structuredClone(b),
        model: { FID: b.id, FBillNo: b.number, FDocumentStatus: b.status, ...structuredClone(b.model) },
      })),
  };
}
