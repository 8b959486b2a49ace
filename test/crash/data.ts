import { SHOPS, SKUS, WAREHOUSES } from '../../engine/sandbox/catalog.js';
import type { SalesOutRecord } from '../../engine/sandbox/generator.js';
import type { CrashWorld } from './world.js';

/**
 * A shipped sales-out whose shop, warehouse and materials all exist in the sandbox catalog and
 * whose lines pass the bundled scheme's assertions: only an injected fault can park it.
 */
export function writable(r: SalesOutRecord): boolean {
  const shop = SHOPS.find((s) => String(s.shopId) === String(r.shop_id));
  return (
    (r.status === 'Confirmed' || r.status === 'Archive') &&
    shop?.customerNumber !== undefined &&
    WAREHOUSES.some((wh) => String(wh.wmsCoId) === String(r.wms_co_id)) &&
    r.items.length > 0 &&
    r.items.every((it) => Number(it.qty) > 0 && SKUS.some((k) => k.skuId === it.sku_id && k.inKingdee))
  );
}

/** `n` writable sales-outs of the world's data, spread by `seed`, as the scheme's bill numbers. */
export function writableBillNos(w: CrashWorld, n: number, seed: number): string[] {
  const data = w.pair.qimen.data;
  const stride = Math.max(1, Math.floor(data.count / (n * 3)));
  const out: string[] = [];
  for (let i = seed % stride; out.length < n && i < data.count; i += stride) {
    const r = data.at(i);
    if (writable(r)) out.push(`JST-${String(r.io_id)}`);
  }
  return out;
}
