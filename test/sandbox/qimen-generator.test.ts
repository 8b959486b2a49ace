import Big from 'big.js';
import fc from 'fast-check';
import { stringify } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { SHOPS, SKUS } from '../../engine/sandbox/catalog.js';
import { SalesOutGenerator } from '../../engine/sandbox/generator.js';
import { formatShanghai, parseShanghai } from '../../engine/sandbox/qimen/shanghai-time.js';
import { SalesOutStore } from '../../engine/sandbox/qimen/store.js';

const gen = new SalesOutGenerator({ seed: 7, orders: 3000 });
const records = Array.from({ length: gen.count }, (_, i) => gen.record(i));
const items = records.flatMap((r) => r.items);
const money = (v: unknown): Big => new Big(String(v));

describe('SalesOutGenerator: determinism and order', () => {
  it('builds the same record for the same seed, another for another seed', () => {
    const again = new SalesOutGenerator({ seed: 7, orders: 3000 });
    const other = new SalesOutGenerator({ seed: 8, orders: 3000 });
    for (const i of [0, 1, 1234, 2999]) {
      expect(stringify(again.record(i))).toBe(stringify(records[i]));
      expect(stringify(other.record(i))).not.toBe(stringify(records[i]));
    }
  });

  it('keeps modified non-decreasing and ts strictly increasing, with shared seconds', () => {
    let ties = 0;
    for (let i = 1; i < records.length; i++) {
      const [prev, cur] = [records[i - 1], records[i]] as [Record<string, unknown>, Record<string, unknown>];
      expect(String(cur.modified) >= String(prev.modified)).toBe(true);
      expect(cur.ts as number).toBeGreaterThan(prev.ts as number);
      if (cur.modified === prev.modified) ties++;
    }
    expect(ties).toBeGreaterThan(100);
  });

  it('stays inside [from, to) in GMT+8', () => {
    expect(records[0]?.modified).toBe('2024-05-01 00:00:00');
    expect(records.every((r) => String(r.modified) < '2024-05-31 00:00:00')).toBe(true);
  });

  it('maps io_ids back to indices, including ids above 2^53', () => {
    for (const i of [0, 5, 2999, ...records.map((r, k) => (typeof r.io_id === 'bigint' ? k : -1)).filter((k) => k >= 0).slice(0, 3)]) {
      expect(gen.indexOfIoId(String(records[i]?.io_id))).toBe(i);
    }
    expect(gen.indexOfIoId('42')).toBeUndefined();
    expect(gen.indexOfIoId('abc')).toBeUndefined();
  });
});

describe('SalesOutGenerator: realistic records', () => {
  it('has every header and item field of spec §5.6–5.8', () => {
    const header = ['co_id', 'shop_id', 'shop_name', 'io_id', 'o_id', 'so_id', 'created', 'modified', 'io_date', 'status', 'order_type', 'shop_buyer_id', 'receiver_state', 'receiver_city', 'receiver_district', 'pay_amount', 'paid_amount', 'free_amount', 'freight', 'f_freight', 'weight', 'f_weight', 'l_id', 'lc_id', 'logistics_company', 'warehouse', 'wms_co_id', 'labels', 'pay_date', 'seller_flag', 'is_print', 'is_print_express', 'ts', 'items', 'batchs', 'sns'];
    const item = ['ioi_id', 'oi_id', 'outer_oi_id', 'raw_so_id', 'sku_id', 'i_id', 'name', 'properties_value', 'pic', 'qty', 'sale_price', 'sale_amount', 'sale_base_price', 'is_gift', 'combine_sku_id', 'price', 'amount', 'base_price'];
    for (const f of header) expect(records[0]).toHaveProperty(f);
    for (const f of item) expect(records[0]?.items[0]).toHaveProperty(f);
  });

  it('has 1–5 items per order, often exactly one', () => {
    const counts = records.map((r) => r.items.length);
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(5);
    expect(counts.filter((c) => c === 1).length).toBeGreaterThan(records.length / 4);
  });

  it('keeps every line amount = qty × sale_price, exactly, as strings', () => {
    for (const it of items) {
      expect(typeof it.sale_price).toBe('string');
      expect(money(it.sale_amount).eq(money(it.sale_price).times(it.qty as number))).toBe(true);
    }
  });

  it('keeps pay_amount = non-gift lines + freight − free_amount', () => {
    for (const r of records) {
      const goods = r.items.filter((it) => !it.is_gift).reduce((s, it) => s.plus(money(it.sale_amount)), new Big(0));
      expect(money(r.pay_amount).eq(goods.plus(money(r.freight)).minus(money(r.free_amount)))).toBe(true);
    }
  });

  it.each([
    ['gifts at price 0', () => items.some((it) => it.is_gift && money(it.sale_price).eq(0))],
    ['gifts with a price', () => items.some((it) => it.is_gift && money(it.sale_price).gt(0))],
    ['the shop without a customer number', () => records.some((r) => SHOPS.find((s) => s.shopId === r.shop_id)?.customerNumber === undefined)],
    ['the SKU missing in Kingdee', () => items.some((it) => SKUS.find((s) => s.skuId === it.sku_id)?.inKingdee === false)],
    ['io_ids above 2^53', () => records.some((r) => typeof r.io_id === 'bigint' && r.io_id > 2n ** 53n)],
    ['o_ids above 2^53', () => records.some((r) => typeof r.o_id === 'bigint' && r.o_id > 2n ** 53n)],
    ['Chinese shop and product names', () => /[\u4e00-\u9fff]/.test(String(records[0]?.shop_name)) && /[\u4e00-\u9fff]/.test(String(items[0]?.name))],
    ['a three-decimal price (1.115)', () => items.some((it) => it.sale_price === '1.115')],
  ])('includes %s', (_name, check) => {
    expect(check()).toBe(true);
  });

  it('uses all four statuses, mostly shipped', () => {
    const statuses = new Map<string, number>();
    for (const r of records) statuses.set(String(r.status), (statuses.get(String(r.status)) ?? 0) + 1);
    expect([...statuses.keys()].sort()).toEqual(['Archive', 'Cancelled', 'Confirmed', 'WaitConfirm']);
    expect((statuses.get('Confirmed') ?? 0) + (statuses.get('Archive') ?? 0)).toBeGreaterThan(records.length / 2);
  });
});

describe('SalesOutGenerator at a million orders', () => {
  it('builds any record and any deep page without generating the others', () => {
    const big = new SalesOutGenerator({ orders: 1_000_000 });
    const store = new SalesOutStore(big, () => Date.UTC(2024, 5, 1));
    const started = performance.now();
    const view = store.window({ field: 'modified', startMs: Date.UTC(2024, 4, 10, 16), endMs: Date.UTC(2024, 4, 17, 16) });
    const page = view.slice(view.total - 50, 50);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(view.total).toBeGreaterThan(200_000);
    expect(page).toHaveLength(50);
    expect(String(page[49]?.modified) <= '2024-05-18 00:00:00').toBe(true);
    expect(big.record(999_999).modified).toBe(formatShanghai(big.modifiedMs(999_999)));
  });
});

describe('SalesOutStore', () => {
  it('modify bumps modified to now and ts above every other, keeping the rest', () => {
    const store = new SalesOutStore(new SalesOutGenerator({ orders: 50 }), () => Date.UTC(2024, 5, 1, 2));
    const id = String(store.at(3).io_id);
    const changed = store.modify(id, { status: 'Cancelled' });
    expect(changed).toMatchObject({ io_id: store.at(3).io_id, status: 'Cancelled', modified: '2024-06-01 10:00:00', so_id: store.generator.record(3).so_id });
    expect(changed.ts).toBeGreaterThan(store.generator.ts(49));
    expect(store.get(id)).toBe(changed);
    expect(() => store.modify('1')).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  it('pages a window like a sort by (modified, index), by arithmetic and by scanning, whatever was modified', () => {
    const from = parseShanghai('2024-05-01 00:00:00') as number;
    fc.assert(
      fc.property(
        fc.array(fc.record({ index: fc.nat(199), minute: fc.integer({ min: 0, max: 3 * 1440 }) }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 2 * 1440 }),
        fc.integer({ min: 1, max: 1440 }),
        (mods, startMinute, spanMinutes) => {
          const store = new SalesOutStore(new SalesOutGenerator({ orders: 200, to: '2024-05-04 00:00:00' }), () => from);
          for (const m of mods) store.modifyAt(m.index, { modified: formatShanghai(from + m.minute * 60_000) });
          const q = { field: 'modified' as const, startMs: from + startMinute * 60_000, endMs: from + (startMinute + spanMinutes) * 60_000 };
          const fast = store.window(q);
          const scanned = store.window({ ...q, statuses: ['WaitConfirm', 'Confirmed', 'Cancelled', 'Archive'] });
          const ids = (v: typeof fast, o: number, n: number) => v.slice(o, n).map((r) => String(r.io_id));
          const brute = Array.from({ length: store.count }, (_, i) => ({ i, ms: parseShanghai(String(store.at(i).modified)) as number }))
            .filter((r) => r.ms >= q.startMs && r.ms <= q.endMs)
            .sort((a, b) => a.ms - b.ms || a.i - b.i)
            .map((r) => String(store.at(r.i).io_id));
          expect(ids(fast, 0, fast.total)).toEqual(brute);
          expect(fast.total).toBe(scanned.total);
          expect(ids(fast, 0, fast.total)).toEqual(ids(scanned, 0, scanned.total));
          expect(ids(fast, 7, 5)).toEqual(ids(scanned, 7, 5));
        },
      ),
      { numRuns: 150 },
    );
  });
});
