/**
 * The sandbox's Kingdee base data, seeded from engine/sandbox/catalog.ts so the fake Jushuitan
 * orders, the bundled scheme's lookups and the fake K/3 Cloud agree: org 100, customers of the
 * mapped shops, stocks of the warehouses, a material per SKU that exists in Kingdee, currency
 * PRE001, bill type XSCKD01_SYS. Rows are flat objects keyed as ExecuteBillQuery field keys
 * (`FUseOrgId.FNumber` included), matched case-insensitively.
 */
import { SANDBOX_BILL_TYPE, SANDBOX_CURRENCY, SANDBOX_ORG, SHOPS, SKUS, WAREHOUSES } from '../catalog.js';
import { getCI } from './envelope.js';

/** One base-data form: its rows and the key of its internal id. */
export interface BaseDataForm {
  formId: string;
  idField: string;
  rows: Record<string, unknown>[];
}

const ORG_ID = 1;
const usable = { FForbidStatus: 'A', FDocumentStatus: 'C' };
const inOrg = { FUseOrgId: ORG_ID, 'FUseOrgId.FNumber': SANDBOX_ORG, 'FCreateOrgId.FNumber': SANDBOX_ORG };

/** Builds a fresh copy of the seeded base data, by upper-case form id. */
export function seedBaseData(): Map<string, BaseDataForm> {
  const forms: BaseDataForm[] = [
    {
      formId: 'ORG_Organizations',
      idField: 'FOrgID',
      rows: [{ FOrgID: ORG_ID, FNumber: SANDBOX_ORG, FName: '蓝海集团', ...usable }],
    },
    {
      formId: 'BD_Customer',
      idField: 'FCUSTID',
      rows: SHOPS.flatMap((s, i) =>
        s.customerNumber ? [{ FCUSTID: 200001 + i, FNumber: s.customerNumber, FName: s.shopName, ...inOrg, ...usable }] : [],
      ),
    },
    {
      formId: 'BD_STOCK',
      idField: 'FStockId',
      rows: WAREHOUSES.map((w, i) => ({ FStockId: 300001 + i, FNumber: w.stockNumber, FName: w.name, ...inOrg, ...usable })),
    },
    {
      formId: 'BD_MATERIAL',
      idField: 'FMATERIALID',
      rows: SKUS.filter((s) => s.inKingdee).map((s, i) => ({
        FMATERIALID: 400001 + i,
        FNumber: s.skuId,
        FName: s.name,
        FSpecification: s.properties,
        ...inOrg,
        ...usable,
      })),
    },
    {
      formId: 'BD_Currency',
      idField: 'FCURRENCYID',
      rows: [
        { FCURRENCYID: 1, FNumber: SANDBOX_CURRENCY, FName: '人民币', FCODE: 'CNY', ...usable },
        { FCURRENCYID: 7, FNumber: 'PRE007', FName: '美元', FCODE: 'USD', ...usable },
      ],
    },
    { formId: 'BD_UNIT', idField: 'FUNITID', rows: [{ FUNITID: 10101, FNumber: 'Pcs', FName: 'Pcs', ...usable }] },
    {
      formId: 'BOS_BillType',
      idField: 'FBILLTYPEID',
      rows: [{ FBILLTYPEID: 'ad0779a4685a43a08f08d2e42d7bf3e9', FNumber: SANDBOX_BILL_TYPE, FName: '标准销售出库单', ...usable }],
    },
    {
      formId: 'BD_StockStatus',
      idField: 'FStockStatusId',
      rows: [{ FStockStatusId: 10000, FNumber: 'KCZT01_SYS', FName: '可用', ...usable }],
    },
  ];
  return new Map(forms.map((f) => [f.formId.toUpperCase(), f]));
}

/**
 * The usable row of `formId` whose FNumber is `number`, or undefined. Disabled or unaudited
 * records count as missing, as Kingdee treats them on save.
 */
export function findBaseRow(data: Map<string, BaseDataForm>, formId: string, number: string): Record<string, unknown> | undefined {
  const form = data.get(formId.toUpperCase());
  return form?.rows.find(
    (r) => getCI(r, 'FNumber') === number && getCI(r, 'FForbidStatus') === 'A' && getCI(r, 'FDocumentStatus') === 'C',
  );
}
