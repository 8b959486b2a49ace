import { describe, expect, it } from 'vitest';
import { createBillStore } from '../../engine/sandbox/k3cloud/bills.js';

const FORM = 'SAL_OUTSTOCK';
const model = (extra: Record<string, unknown> = {}) => ({ FDate: '2024-05-01', FEntity: [{ FQty: 1 }], ...extra });

// The store answers lookups from indexes; these cases pin that the indexes follow every change.
describe('sandbox bill store indexes', () => {
  it('finds a created bill by number and by id, per form', () => {
    const store = createBillStore();
    const bill = store.create(FORM, model(), 'FEntity', 'XS-1', 'A');
    expect(store.byNumber(FORM, 'XS-1')).toBe(bill);
    expect(store.byId(FORM, bill.id)).toBe(bill);
    expect(store.byNumber('SAL_SaleOrder', 'XS-1')).toBeUndefined();
    expect(store.byId('SAL_SaleOrder', bill.id)).toBeUndefined();
  });

  it('moves the number index when an update renames the bill', () => {
    const store = createBillStore();
    const bill = store.create(FORM, model(), 'FEntity', 'XS-1', 'A');
    store.update(bill, model(), 'FEntity', 'XS-2', true);
    expect(store.byNumber(FORM, 'XS-1')).toBeUndefined();
    expect(store.byNumber(FORM, 'XS-2')).toBe(bill);
  });

  it('forgets a removed bill, and its number can be auto-assigned again', () => {
    const store = createBillStore();
    const first = store.nextNumber('XSCKD');
    const bill = store.create(FORM, model(), 'FEntity', first, 'A');
    store.remove(bill);
    expect(store.byNumber(FORM, first)).toBeUndefined();
    expect(store.byId(FORM, bill.id)).toBeUndefined();
    expect(store.list(FORM)).toEqual([]);
  });

  it('never auto-assigns a number a bill already carries', () => {
    const store = createBillStore();
    store.create(FORM, model(), 'FEntity', 'XSCKD00000001', 'A');
    store.create(FORM, model(), 'FEntity', 'XSCKD00000002', 'A');
    expect(store.nextNumber('XSCKD')).toBe('XSCKD00000003');
  });
});
