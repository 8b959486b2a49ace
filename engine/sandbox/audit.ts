import Big from 'big.js';
import type { StateStore } from '../state/store.js';
import type { SandboxPair } from './environment.js';

/** What the sandbox Kingdee holds against what the sandbox Jushuitan shipped. */
export interface ExactlyOnceAudit {
  /** Sales-outs that are real shipments (status Confirmed or Archive). */
  shipped: number;
  /** Bills stored in the sandbox Kingdee for this form. */
  bills: number;
  /** Sales-outs with more than one bill. */
  duplicates: number;
  /** Bills for sales-outs that are not shipments (written although they should be skipped). */
  unexpected: number;
  /** Shipped sales-outs with no bill and no parked ledger row: lost. */
  lost: number;
  /** Shipped sales-outs parked in the ledger (with a reason) and not written. */
  parked: number;
  /** Bills whose entries do not match the sales-out's items (count or tax-inclusive total). */
  mismatched: string[];
}

const SHIPPED = new Set(['Confirmed', 'Archive']);

/**
 * Independent of the runner: walks every generated sales-out and every stored bill and counts
 * duplicates, losses and wrong amounts. `ioIdOf` recovers the sales-out id from a bill number.
 */
export async function auditExactlyOnce(pair: SandboxPair, store: StateStore, scheme: string, ioIdOf: (billNo: string) => string): Promise<ExactlyOnceAudit> {
  const billsByIo = new Map<string, Array<{ entries: Record<string, unknown>[] }>>();
  const bills = pair.k3.bills().filter((b) => b.formId === 'SAL_OUTSTOCK');
  for (const b of bills) {
    const io = ioIdOf(b.number);
    billsByIo.set(io, [...(billsByIo.get(io) ?? []), b]);
  }
  const audit: ExactlyOnceAudit = { shipped: 0, bills: bills.length, duplicates: 0, unexpected: 0, lost: 0, parked: 0, mismatched: [] };
  const data = pair.qimen.data;
  const missing: string[] = [];
  for (let i = 0; i < data.count; i++) {
    const rec = data.at(i);
    const io = String(rec.io_id);
    const found = billsByIo.get(io) ?? [];
    if (found.length > 1) audit.duplicates += found.length - 1;
    if (!SHIPPED.has(String(rec.status))) {
      if (found.length) audit.unexpected += found.length;
      continue;
    }
    audit.shipped++;
    if (!found.length) missing.push(io);
    else if (!entriesMatch(found[0]!.entries, rec.items)) audit.mismatched.push(io);
  }
  for (let i = 0; i < missing.length; i += 500) {
    const rows = await store.getRows(scheme, missing.slice(i, i + 500));
    for (const io of missing.slice(i, i + 500)) {
      if (rows.get(io)?.state === 'parked') audit.parked++;
      else audit.lost++;
    }
  }
  return audit;
}

/** Same number of lines and the same tax-inclusive total, in fen (integers: no float drift). */
function entriesMatch(entries: Record<string, unknown>[], items: Array<Record<string, unknown>>): boolean {
  if (entries.length !== items.length) return false;
  const fen = (v: unknown) => Number(new Big(String(v ?? 0)).times(100).round(0, Big.roundHalfUp).toString());
  const billTotal = entries.reduce((s, e) => s + fen(e.FAllAmount ?? e.FALLAMOUNT), 0);
  const srcTotal = items.reduce((s, it) => s + fen(it.sale_amount), 0);
  return billTotal === srcTotal;
}
