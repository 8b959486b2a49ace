/**
 * SAL_OUTSTOCK (销售出库单) metadata for the sandbox (spec §3.3): the header, the `SubHeadEntity`
 * finance sub-header and the `FEntity` rows, with the Chinese labels the real server uses in its
 * messages, which fields are required, and which base-data form a lookup field resolves in.
 * Only fields listed here exist: a Model key or a query field key outside them is MsgCode 9.
 */

/** One field of a form. */
export interface FieldMeta {
  key: string;
  label: string;
  required?: boolean;
  /** Base-data form a `{FNumber}` value resolves in. */
  lookup?: string;
  /** Quantity: required means present and non-zero, as Kingdee's must-input decimals. */
  numeric?: boolean;
}

/** A bill form: header, one-to-one sub-headers, one entry entity. */
export interface FormMeta {
  formId: string;
  /** The form's display name used in operation messages. */
  name: string;
  /** Prefix of auto-generated bill numbers. */
  numberPrefix: string;
  header: FieldMeta[];
  subHeads: Record<string, FieldMeta[]>;
  entry: { key: string; label: string; fields: FieldMeta[] };
}

const f = (key: string, label: string, extra: Omit<FieldMeta, 'key' | 'label'> = {}): FieldMeta => ({ key, label, ...extra });
const ORG = 'ORG_Organizations';

/** The sandbox's SAL_OUTSTOCK. */
export const SAL_OUTSTOCK: FormMeta = {
  formId: 'SAL_OUTSTOCK',
  name: '销售出库单',
  numberPrefix: 'XSCKD',
  header: [
    f('FID', '实体主键'),
    f('FBillNo', '单据编号'),
    f('FBillTypeID', '单据类型', { required: true, lookup: 'BOS_BillType' }),
    f('FDate', '日期', { required: true }),
    f('FSaleOrgId', '销售组织', { required: true, lookup: ORG }),
    f('FStockOrgId', '发货组织', { required: true, lookup: ORG }),
    f('FCustomerID', '客户', { required: true, lookup: 'BD_Customer' }),
    f('FReceiverID', '收货方', { lookup: 'BD_Customer' }),
    f('FSettleID', '结算方', { lookup: 'BD_Customer' }),
    f('FPayerID', '付款方', { lookup: 'BD_Customer' }),
    f('FSaleDeptID', '销售部门'),
    f('FSalesManID', '销售员'),
    f('FStockerID', '仓管员'),
    f('FStockerGroupID', '库存组'),
    f('FDeliveryDeptID', '发货部门'),
    f('FOwnerTypeIdHead', '货主类型'),
    f('FOwnerIdHead', '货主', { lookup: ORG }),
    f('FNote', '备注'),
    f('FCarriageNO', '运输单号'),
    f('FLinkMan', '收货人姓名'),
    f('FLinkPhone', '联系电话'),
    f('FReceiveAddress', '收货地址'),
    f('FBussinessType', '业务类型'),
    f('FHeadLocId', '交货地点'),
    f('FDocumentStatus', '单据状态'),
    f('FCancelStatus', '作废状态'),
    f('FCreatorId', '创建人'),
    f('FCreateDate', '创建日期'),
    f('FApproveDate', '审核日期'),
  ],
  subHeads: {
    SubHeadEntity: [
      f('FSettleCurrID', '结算币别', { required: true, lookup: 'BD_Currency' }),
      f('FSettleOrgID', '结算组织', { required: true, lookup: ORG }),
      f('FLocalCurrID', '本位币', { lookup: 'BD_Currency' }),
      f('FExchangeTypeID', '汇率类型'),
      f('FExchangeRate', '汇率'),
      f('FSettleTypeID', '结算方式'),
      f('FReceiptConditionID', '收款条件'),
      f('FPriceListId', '价目表'),
      f('FDiscountListId', '折扣表'),
      f('FIsIncludedTax', '是否含税'),
      f('FIsPriceExcludeTax', '价外税'),
      f('FAllDisCount', '整单折扣额'),
      f('FThirdBillNo', '第三方单据编号'),
      f('FThirdBillId', '第三方单据ID'),
      f('FThirdSrcType', '第三方来源'),
      f('FBillAllAmount', '价税合计'),
    ],
  },
  entry: {
    key: 'FEntity',
    label: '明细信息',
    fields: [
      f('FEntryID', '分录主键'),
      f('FRowType', '产品类型'),
      f('FMaterialID', '物料编码', { required: true, lookup: 'BD_MATERIAL' }),
      f('FMaterialName', '物料名称'),
      f('FUnitID', '库存单位', { lookup: 'BD_UNIT' }),
      f('FRealQty', '实发数量', { required: true, numeric: true }),
      f('FMustQty', '应发数量'),
      f('FPrice', '单价'),
      f('FTaxPrice', '含税单价'),
      f('FIsFree', '是否赠品'),
      f('FEntryTaxRate', '税率%'),
      f('FTaxCombination', '税组合'),
      f('FDiscountRate', '折扣率%'),
      f('FPriceDiscount', '单价折扣'),
      f('FStockID', '仓库', { required: true, lookup: 'BD_STOCK' }),
      f('FStockLocID', '仓位'),
      f('FStockStatusID', '库存状态', { lookup: 'BD_StockStatus' }),
      f('FLot', '批号'),
      f('FProduceDate', '生产日期'),
      f('FExpiryDate', '有效期至'),
      f('FMtoNo', '计划跟踪号'),
      f('FOwnerTypeID', '货主类型'),
      f('FOwnerID', '货主', { lookup: ORG }),
      f('FKeeperTypeID', '保管者类型'),
      f('FKeeperID', '保管者', { lookup: ORG }),
      f('FSalUnitID', '销售单位', { lookup: 'BD_UNIT' }),
      f('FSALUNITQTY', '销售数量'),
      f('FSALBASEQTY', '销售基本数量'),
      f('FPRICEBASEQTY', '计价基本数量'),
      f('FPriceUnitId', '计价单位', { lookup: 'BD_UNIT' }),
      f('FPriceUnitQty', '计价数量'),
      f('FEntrynote', '备注'),
      f('FAmount', '金额'),
      f('FTaxAmount', '税额'),
      f('FAllAmount', '价税合计'),
      f('FBaseUnitQty', '基本单位数量'),
      f('FSrcType', '源单类型'),
      f('FSrcBillNo', '源单编号'),
      f('FSoorDerno', '订单单号'),
      f('FTaxDetailSubEntity', '税务明细'),
      f('FSerialSubEntity', '序列号子单据体'),
      f('FEntity_Link', '关联关系表'),
    ],
  },
};

/** Bill forms the sandbox knows, by upper-case form id. */
export const BILL_FORMS: ReadonlyMap<string, FormMeta> = new Map([[SAL_OUTSTOCK.formId.toUpperCase(), SAL_OUTSTOCK]]);

/** Finds a field of a list case-insensitively. */
export function fieldCI(fields: readonly FieldMeta[], key: string): FieldMeta | undefined {
  const lower = key.toLowerCase();
  return fields.find((x) => x.key.toLowerCase() === lower);
}
