/**
 * The sandbox world: shops, warehouses and SKUs that the fake Jushuitan generator sells from, and
 * the Kingdee master data (customers, stocks, materials, orgs) the fake K/3 Cloud server is seeded
 * with. Both servers and the bundled scheme's lookup CSVs line up through this one file.
 */

export interface SandboxShop {
  shopId: number;
  shopName: string;
  /** Kingdee customer number; `undefined` = the shop is missing from the scheme's lookup CSV (parks). */
  customerNumber?: string;
}

export interface SandboxWarehouse {
  wmsCoId: number;
  name: string;
  stockNumber: string;
}

export interface SandboxSku {
  skuId: string;
  iId: string;
  name: string;
  properties: string;
  /** Tax-inclusive unit price in yuan, as a decimal string. */
  price: string;
  /** False = the material does not exist in Kingdee (preflight and MsgCode cases). */
  inKingdee: boolean;
}

export const SANDBOX_ORG = '100';
export const SANDBOX_CURRENCY = 'PRE001';
export const SANDBOX_BILL_TYPE = 'XSCKD01_SYS';
export const SANDBOX_TARGET_APP_KEY = '23060081';

export const SHOPS: readonly SandboxShop[] = [
  { shopId: 11690153, shopName: '测试旗舰店', customerNumber: 'CUST0001' },
  { shopId: 11690154, shopName: '天猫官方旗舰店', customerNumber: 'CUST0002' },
  { shopId: 11690155, shopName: '京东自营店', customerNumber: 'CUST0003' },
  { shopId: 11690156, shopName: '抖音小店', customerNumber: 'CUST0004' },
  { shopId: 11690157, shopName: '拼多多专营店', customerNumber: 'CUST0005' },
  // A shop opened last week that nobody added to the lookup table yet: its orders park.
  { shopId: 11690199, shopName: '新开快手店' },
];

export const WAREHOUSES: readonly SandboxWarehouse[] = [
  { wmsCoId: 11053062, name: '主仓', stockNumber: 'CK001' },
  { wmsCoId: 11053063, name: '华东分仓', stockNumber: 'CK002' },
  { wmsCoId: 11053064, name: '华南分仓', stockNumber: 'CK003' },
];

const SKU_SEED: Array<[string, string, string, string]> = [
  ['S111', '纯棉T恤', '红色;M', '19.99'],
  ['S111', '纯棉T恤', '白色;L', '19.99'],
  ['S112', '牛仔裤', '蓝色;30', '223.00'],
  ['S113', '羊毛围巾', '灰色;均码', '89.90'],
  ['S114', '运动袜三双装', '黑色;均码', '1.115'],
  ['S115', '保温杯', '500ml', '59.50'],
  ['S116', '蓝牙耳机', '白色', '299.00'],
  ['S117', '手机壳', 'iPhone 15', '9.90'],
  ['S118', '帆布包', '米色', '45.00'],
  ['S119', '洗面奶', '120g', '68.80'],
  ['S120', '面膜十片装', '补水', '99.00'],
  ['S121', '零食大礼包', '1.2kg', '128.88'],
];

export const SKUS: readonly SandboxSku[] = SKU_SEED.map(([iId, name, props, price], i) => ({
  skuId: `s${String(111001 + i)}`,
  iId,
  name,
  properties: props,
  price,
  inKingdee: true,
})).concat([
  // Exists in Jushuitan, never created in Kingdee: preflight rejects bills that ship it.
  { skuId: 's999001', iId: 'S999', name: '未建档新品', properties: '默认', price: '10.00', inKingdee: false },
]);

export const TAX_RATE_PERCENT = '13';
