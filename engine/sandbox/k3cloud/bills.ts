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

/**
 * Creates an empty store; ids start at 100001 as in a young Kingdee database. Bills are indexed by
 * number and by id: a target-bound benchmark saves tens of thousands of bills, and a scan per
 * lookup made each BatchSave slower the more the sandbox held (a cost real Kingdee does not have).
 */
export function createBillStore(): BillStore {
  const bills: StoredBill[] = [];
  const byNumber = new Map<string, StoredBill>();
  const byId = new Map<string, StoredBill>();
  const numberKey = (formId: string, number: string) => `${formId}\u0000${number}`;
  const idKey = (formId: string, id: number) => `${formId}\u0000${id}`;
  const numbersTaken = new Set<string>();
  let nextId = 100001;
  let nextEntryId = 200001;
  let seq = 0;

  // A number stays taken while any form's bill still carries it (auto-numbering is global here).
  const forgetNumber = (number: string) => {
    if (!bills.some((b) => b.number === number)) numbersTaken.delete(number);
  };

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
    byNumber: (formId, number) => byNumber.get(numberKey(formId, number)),
    byId: (formId, id) => byId.get(idKey(formId, id)),
    list: (formId) => bills.filter((b) => b.formId === formId),
    nextNumber(prefix) {
      for (;;) {
        const candidate = `${prefix}${String(++seq).padStart(8, '0')}`;
        if (!numbersTaken.has(candidate)) return candidate;
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
      byNumber.set(numberKey(formId, number), bill);
      byId.set(idKey(formId, bill.id), bill);
      numbersTaken.add(number);
      return bill;
    },
    update(bill, model, entryKey, number, deleteEntry) {
      // A row whose FEntryID is not one of this bill's rows is a new row.
      const own = (r: Record<string, unknown>) => bill.entries.some((e) => e.FEntryID === entryIdOf(r));
      const sent = assignIds(rowsOf(model, entryKey).map((r) => (own(r) ? r : { ...r, FEntryID: 0 })));
      const kept = deleteEntry ? [] : bill.entries.filter((e) => !sent.some((s) => s.FEntryID === e.FEntryID));
      bill.entries = [...kept, ...sent];
      bill.model = structuredClone(withoutKeys(model, entryKey));
      const old = bill.number;
      bill.number = number;
      if (old !== number) {
        byNumber.delete(numberKey(bill.formId, old));
        forgetNumber(old);
        byNumber.set(numberKey(bill.formId, number), bill);
        numbersTaken.add(number);
      }
    },
    setStatus(bill, status) {
      bill.status = status;
    },
    remove(bill) {
      bills.splice(bills.indexOf(bill), 1);
      byNumber.delete(numberKey(bill.formId, bill.number));
      byId.delete(idKey(bill.formId, bill.id));
      forgetNumber(bill.number);
    },
    snapshot: () =>
      bills.map((b) => ({
        ...structuredClone(b),
        model: { FID: b.id, FBillNo: b.number, FDocumentStatus: b.status, ...structuredClone(b.model) },
      })),
  };
}
