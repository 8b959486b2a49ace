import Big from 'big.js';
import { LosslessNumber } from 'lossless-json';
import { SHOPS, type SandboxSku, SKUS, WAREHOUSES } from '../catalog.js';
import type { SalesOutGenerator } from '../generator.js';
import { mix, Rng } from './random.js';
import { formatShanghai } from './shanghai-time.js';

/**
 * One generated sales-out with every field of spec §5.6–5.8 plus the item fields the seed
 * integration reads (`price`, `amount`, `base_price`, …). Amounts are consistent: each line's
 * sale_amount = qty × sale_price; pay_amount = non-gift lines + freight − free_amount.
 * Item money is sent as strings (the Qimen doc types), header money as JSON number literals
 * (the native doc types), so clients meet both.
 */

/** A record as JSON-ready values: bigint ids and LosslessNumber money serialise exactly. */
export type SalesOutRecord = Record<string, unknown> & { items: Array<Record<string, unknown>> };

const CO_ID = 11053062;
const REGIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['浙江省', '杭州市', '余杭区'],
  ['广东省', '深圳市', '南山区'],
  ['江苏省', '苏州市', '工业园区'],
  ['北京', '北京市', '朝阳区'],
  ['上海', '上海市', '浦东新区'],
  ['四川省', '成都市', '武侯区'],
  ['湖北省', '武汉市', '洪山区'],
];
const STAFF: ReadonlyArray<readonly [number, string]> = [
  [1001, '张伟'],
  [1002, '王芳'],
  [1003, '李娜'],
  [1004, '刘洋'],
];
const CARRIERS: ReadonlyArray<readonly [string, string]> = [
  ['SF', '顺丰速运'],
  ['ZTO', '中通快递'],
  ['YTO', '圆通速递'],
  ['JD', '京东物流'],
];
const MESSAGES = ['', '', '', '请尽快发货', '不要放快递柜', '送人的，不要放价格单'];
const LABELS = ['', '', '', '延时发货', '加急', '赠品已备注'];
const SKU_REGULAR = SKUS.filter((s) => s.inKingdee);
const SKU_UNKNOWN = SKUS.find((s) => !s.inKingdee) as SandboxSku;
const SHOP_NEW = SHOPS.find((s) => s.customerNumber === undefined) ?? (SHOPS[0] as (typeof SHOPS)[number]);
const SHOP_REGULAR = SHOPS.filter((s) => s.customerNumber !== undefined);

/** Money text with at least two decimals: "19.99", "223.00", "3.345". */
function money(x: Big): string {
  const decimals = (x.toString().split('.')[1] ?? '').length;
  return x.toFixed(Math.max(2, decimals));
}

function buildItems(rng: Rng, ioIndex: number, soId: string): { items: Array<Record<string, unknown>>; goods: Big } {
  const count = rng.weighted<number>([
    [1, 40],
    [2, 25],
    [3, 18],
    [4, 10],
    [5, 7],
  ]);
  let goods = new Big(0);
  const items: Array<Record<string, unknown>> = [];
  for (let k = 0; k < count; k++) {
    const sku = rng.chance(0.01) ? SKU_UNKNOWN : rng.pick(SKU_REGULAR);
    const qty = rng.weighted<number>([
      [1, 70],
      [2, 20],
      [3, 10],
    ]);
    const gift = k > 0 && rng.chance(0.12);
    const price = gift && rng.chance(0.7) ? new Big(0) : new Big(sku.price);
    const amount = price.times(qty);
    if (!gift) goods = goods.plus(amount);
    const ioiId = 198 + ioIndex * 8 + k;
    items.push({
      ioi_id: ioiId,
      oi_id: String(5012 + ioIndex * 8 + k),
      outer_oi_id: `${soId}${k}`,
      raw_so_id: soId,
      sku_id: sku.skuId,
      i_id: sku.iId,
      name: sku.name,
      properties_value: sku.properties,
      pic: '',
      qty,
      unit: '件',
      sale_price: money(price),
      sale_amount: money(amount),
      sale_base_price: money(new Big(sku.price)),
      price: money(price),
      amount: money(amount),
      base_price: money(new Big(sku.price)),
      is_gift: gift,
      is_presale: false,
      item_status: 'Sent',
      sku_type: 'normal',
      shop_i_id: `${sku.iId}-TB`,
      shop_sku_id: `${sku.skuId}-TB`,
      combine_sku_id: '',
      batch_id: '',
      product_date: '',
      supplier_id: 0,
      expiration_date: '',
      buyer_paid_amount: money(gift ? new Big(0) : amount),
      seller_income_amount: money(gift ? new Big(0) : amount),
      bu_id: 0,
    });
  }
  return { items, goods };
}

/** Builds record i of `gen` from scratch (deterministic in seed and i). */
export function buildSalesOutRecord(gen: SalesOutGenerator, i: number): SalesOutRecord {
  const rng = new Rng(mix(gen.seed, 0x5a1e, i));
  const modifiedMs = gen.modifiedMs(i);
  const createdMs = modifiedMs - rng.int(600, 3 * 86_400) * 1000;
  const payMs = createdMs + rng.int(5, 600) * 1000;
  const status = gen.status(i);
  const shipped = status === 'Confirmed' || status === 'Archive';
  const shop = rng.chance(0.02) ? SHOP_NEW : rng.pick(SHOP_REGULAR);
  const wh = rng.pick(WAREHOUSES);
  const [state, city, district] = rng.pick(REGIONS);
  const [staffId, staffName] = rng.pick(STAFF);
  const [lcId, carrier] = rng.pick(CARRIERS);
  const soId = (3_425_786_782_368_239n + BigInt(i) * 7919n).toString();
  const { items, goods } = buildItems(rng, i, soId);
  const freight = new Big(rng.pick(['0', '0', '0', '4', '8', '12']));
  const free = goods.gt(100) && rng.chance(0.3) ? new Big(rng.pick(['5', '10', '20'])) : new Big(0);
  const pay = goods.plus(freight).minus(free);
  const weight = new Big(rng.int(1, 40)).div(10);
  const num = (x: Big): LosslessNumber => new LosslessNumber(money(x));
  return {
    co_id: CO_ID,
    shop_id: shop.shopId,
    shop_name: shop.shopName,
    io_id: gen.ioId(i),
    o_id: gen.oId(i),
    so_id: soId,
    created: formatShanghai(createdMs),
    modified: formatShanghai(modifiedMs),
    io_date: formatShanghai(modifiedMs),
    status,
    order_type: rng.weighted<string>([
      ['普通订单', 90],
      ['补发订单', 5],
      ['换货订单', 5],
    ]),
    invoice_title: '',
    buyer_tax_no: '',
    shop_buyer_id: `tb${(mix(gen.seed, 7, i) % 9_000_000) + 1_000_000}`,
    open_id: '',
    receiver_country: '中国',
    receiver_state: state,
    receiver_city: city,
    receiver_district: district,
    receiver_town: '',
    receiver_address: '',
    receiver_name: '',
    receiver_phone: '',
    receiver_mobile: '',
    buyer_message: rng.pick(MESSAGES),
    remark: '',
    node: '',
    is_cod: false,
    pay_amount: num(pay),
    paid_amount: num(pay),
    free_amount: num(free),
    freight: num(freight),
    f_freight: num(shipped ? freight : new Big(0)),
    buyer_paid_amount: num(pay),
    seller_income_amount: num(pay),
    government_free_amount: num(new Big(0)),
    first_freight: num(new Big(0)),
    outerwms_freight: num(new Big(0)),
    first_freight_tariff: num(new Big(0)),
    field_2: num(new Big(0)),
    weight: Number(weight.toString()),
    f_weight: shipped ? Number(weight.minus(0.02).toString()) : 0,
    f_volume: '',
    l_id: shipped ? `${lcId}${String(mix(gen.seed, 8, i)).padStart(13, '0')}` : '',
    lc_id: shipped ? lcId : '',
    logistics_company: shipped ? carrier : '',
    warehouse: wh.name,
    wms_co_id: wh.wmsCoId,
    stock_enabled: 'on',
    drp_co_id_from: '',
    drp_info: '',
    labels: rng.pick(LABELS),
    merge_so_id: '',
    business_staff: '',
    currency: 'CNY',
    pay_date: formatShanghai(payMs),
    wave_id: shipped ? 50_000 + Math.floor(i / 20) : 0,
    seller_flag: rng.int(0, 5),
    order_staff_id: staffId,
    order_staff_name: staffName,
    gov_supplier_name: '',
    is_print_express: shipped,
    is_print: shipped,
    package_no: '',
    warehouse_oid: '',
    owner_co_id: CO_ID,
    ts: gen.ts(i),
    items,
    batchs: [],
    sns: [],
  };
}
