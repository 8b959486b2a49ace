import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScheme } from '../../engine/scheme/load.js';
import { type Harness, startHarness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A copy of schemes/ where the new shop 11690199 was added to the lookup table (the "mapping fix"). */
function fixedSchemeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-fixed-'));
  cpSync('schemes', dir, { recursive: true });
  appendFileSync(join(dir, 'jushuitan-saleout-to-kingdee/lookups/shops.csv'), '11690199,CUST0005,新开快手店\n');
  return join(dir, 'jushuitan-saleout-to-kingdee.yaml');
}

describe('replay', () => {
  it('after a mapping fix, replay writes the previously parked bills exactly once; a second replay writes nothing', async () => {
    h = await startHarness();
    await h.run();
    const missBefore = await h.store.listParked(h.loaded.scheme.name, { errorCode: 'LOOKUP_MISS' });
    expect(missBefore.length).toBeGreaterThan(0);
    const fixed = await loadScheme(fixedSchemeCopy(), { env: h.pair.env });
    Object.assign(fixed.scheme.connections, h.loaded.scheme.connections);
    const billsBefore = h.pair.k3.bills().length;
    const replay = await h.replay({ errorCode: 'LOOKUP_MISS' }, fixed);
    // Shop fixed: those orders are written now, unless they also ship a material Kingdee lacks.
    const rows = await h.store.getRows(h.loaded.scheme.name, missBefore.map((r) => r.key));
    const written = [...rows.values()].filter((r) => r.state === 'written');
    expect(written.length).toBeGreaterThan(0);
    expect([...rows.values()].every((r) => r.state === 'written' || r.lastError?.code === 'TARGET_MASTER_DATA')).toBe(true);
    expect(h.pair.k3.bills().length - billsBefore).toBe(written.length);
    expect(replay.counts.written).toBe(written.length);
    const again = await h.replay({ errorCode: 'LOOKUP_MISS' }, fixed);
    expect(again.counts.written).toBe(0);
    expect(h.pair.k3.bills().length - billsBefore).toBe(written.length);
    const audit = await h.audit();
    expect(audit).toMatchObject({ duplicates: 0, unexpected: 0, lost: 0 });
  });

  it('replay by key re-parks with the current reason when nothing was fixed', async () => {
    h = await startHarness();
    await h.run();
    const [row] = await h.store.listParked(h.loaded.scheme.name, { errorCode: 'LOOKUP_MISS' });
    const summary = await h.replay({ keys: [row!.key] });
    expect(summary.exitCode).toBe(3);
    expect(summary.counts.parked).toBe(1);
    expect((await h.store.getRows(h.loaded.scheme.name, [row!.key])).get(row!.key)?.state).toBe('parked');
  });
});

describe('a source record that changed after it was written follows target.onChange', () => {
  async function writtenThenChanged(policy: 'skip' | 'update' | 'park') {
    h = await startHarness();
    h.loaded.scheme.target.onChange = policy;
    await h.run();
    const [written] = await h.store.listByState(h.loaded.scheme.name, ['written'], { limit: 1 });
    const rec = h.pair.qimen.data.get(written!.key)!;
    const items = rec.items.map((it, i) => (i === 0 ? { ...it, qty: Number(it.qty) + 1, sale_amount: undefined } : it));
    // The record is modified inside the run's range, so a backfill of the range reads it again.
    h.pair.qimen.data.modify(written!.key, { items, modified: String(rec.modified).replace(/:\d\d$/, ':59').slice(0, 19) });
    const summary = await h.run();
    const row = (await h.store.getRows(h.loaded.scheme.name, [written!.key])).get(written!.key)!;
    const bill = h.pair.k3.bills().find((b) => b.number === written!.billNo)!;
    return { summary, row, bill, qty: Number(items[0]!.qty), written: written! };
  }

  it('skip: the bill stays as written', async () => {
    const { row, bill, qty } = await writtenThenChanged('skip');
    expect(row.state).toBe('written');
    expect(Number(bill.entries[0]!.FRealQty)).not.toBe(qty);
  });

  it('update: the bill is saved again with its FID and the new quantity, no second bill', async () => {
    const { row, bill, qty, summary } = await writtenThenChanged('update');
    expect(summary.counts.updated).toBe(1);
    expect(row.state).toBe('written');
    expect(Number(bill.entries[0]!.FRealQty)).toBe(qty);
    expect(h!.pair.k3.bills().filter((b) => b.number === bill.number)).toHaveLength(1);
  });

  it('park: the record parks with RECORD_CHANGED for a human, the bill is untouched', async () => {
    const { row, summary } = await writtenThenChanged('park');
    expect(summary.parkedByCode.RECORD_CHANGED).toBe(1);
    expect(row.state).toBe('parked');
    expect(row.lastError?.code).toBe('RECORD_CHANGED');
    expect(row.targetId).toBeDefined();
  });

  it('park, then replay: a person applies the change — the bill is updated in place, no second bill', async () => {
    const { row, qty } = await writtenThenChanged('park');
    const summary = await h!.replay({ keys: [row.key] });
    expect(summary.counts.updated).toBe(1);
    const bills = h!.pair.k3.bills().filter((b) => b.number === row.billNo);
    expect(bills).toHaveLength(1);
    expect(Number(bills[0]!.entries[0]!.FRealQty)).toBe(qty);
    expect((await h!.store.getRows(h!.loaded.scheme.name, [row.key])).get(row.key)?.state).toBe('written');
  });
});
