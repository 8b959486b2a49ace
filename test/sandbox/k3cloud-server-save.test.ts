import { describe, expect, it } from 'vitest';
import { validModel } from '../targets/k3cloud/helpers.js';
import { P, type Raw, status, useSandbox } from '../targets/k3cloud/sandbox-http.js';

const s = useSandbox();

describe('SAL_OUTSTOCK save validation', () => {
  const without = (key: string) => {
    const m = validModel('V-1');
    delete m[key];
    return m;
  };
  const entryWithout = (key: string) => {
    const m = validModel('V-1');
    delete (m.FEntity as Record<string, unknown>[])[0]![key];
    return m;
  };
  it.each([
    { name: 'missing customer', model: () => without('FCustomerID'), msgCode: 11, field: 'FCustomerID', message: '字段“客户”是必填项' },
    { name: 'unknown customer number', model: () => validModel('V-1', { FCustomerID: { FNumber: 'NOPE' } }), msgCode: 11, field: 'FCustomerID', message: '字段“客户”是必填项' },
    { name: 'missing date', model: () => without('FDate'), msgCode: 11, field: 'FDate', message: '字段“日期”是必填项' },
    { name: 'missing bill type', model: () => without('FBillTypeID'), msgCode: 11, field: 'FBillTypeID', message: '字段“单据类型”是必填项' },
    { name: 'missing settle currency', model: () => validModel('V-1', { SubHeadEntity: { FSettleOrgID: { FNumber: '100' } } }), msgCode: 11, field: 'FSettleCurrID', message: '字段“结算币别”是必填项' },
    { name: 'missing stock on row 1', model: () => entryWithout('FStockID'), msgCode: 11, field: 'FStockID', message: '单据体实体【明细信息】第【1】行分录，【仓库】字段必录' },
    { name: 'zero quantity on row 1', model: () => validModel('V-1', { FEntity: [{ FMaterialID: { FNumber: 's111001' }, FRealQty: 0, FStockID: { FNumber: 'CK001' } }] }), msgCode: 11, field: 'FRealQty', message: '单据体实体【明细信息】第【1】行分录，【实发数量】字段必录' },
    { name: 'no entries', model: () => validModel('V-1', { FEntity: [] }), msgCode: 11, field: 'FEntity', message: '单据体【明细信息】至少需要录入一行分录' },
    { name: 'unknown top-level field', model: () => validModel('V-1', { FNoSuchField: 1 }), msgCode: 9, field: 'FNoSuchField', message: '元数据中标识为FNoSuchField的字段不存在' },
  ])('$name', async ({ model, msgCode, field, message }) => {
    const r = await s.batchSave([model()], await s.session());
    expect(status(r)).toMatchObject({ ErrorCode: 500, IsSuccess: false, MsgCode: msgCode, SuccessEntitys: [], Errors: [{ FieldName: field, Message: message, DIndex: 0 }] });
    expect(s.sb.bills()).toHaveLength(0);
  });

  it('IsVerifyBaseDataField gives a base-data message for an unknown material', async () => {
    const m = validModel('V-1', { FEntity: [{ FMaterialID: { FNumber: 's999001' }, FRealQty: 1, FStockID: { FNumber: 'CK001' } }] });
    const r = await s.batchSave([m], await s.session(), { IsVerifyBaseDataField: 'true' });
    expect(status(r).Errors).toEqual([{ FieldName: 'FMaterialID', Message: '单据体实体【明细信息】第【1】行分录，【物料编码】字段的值“s999001”在系统中不存在或已被禁用', DIndex: 0 }]);
  });

  it('an unknown form: MsgCode 4 with the real message', async () => {
    const r = await s.post(`${P}DynamicFormService.Save`, { formid: 'STK_OutStock', data: { Model: validModel('x') } }, await s.session());
    expect(status(r)).toMatchObject({ MsgCode: 4, Errors: [{ Message: '标识为“STK_OutStock”的业务对象不存在，或者被删除。' }] });
  });

  it('duplicate FBillNo: MsgCode 11 with FieldName FBillNo and the captured text', async () => {
    const h = await s.session();
    await s.batchSave([validModel('D-1')], h);
    const r = await s.batchSave([validModel('D-1')], h);
    expect(status(r)).toEqual({
      ErrorCode: 500,
      IsSuccess: false,
      Errors: [{ FieldName: 'FBillNo', Message: '违反字段唯一性要求：编码唯一。[D-1]在当前系统中已经被使用。', DIndex: 0 }],
      SuccessEntitys: [],
      SuccessMessages: [],
      MsgCode: 11,
    });
  });

  it('Save success shape: top-level Id/Number, NeedReturnData, no ErrorCode', async () => {
    const r = await s.post(`${P}DynamicFormService.Save`, { formid: 'SAL_OUTSTOCK', data: { Model: validModel('S-1') } }, await s.session());
    const id = s.sb.bills()[0]?.id;
    expect(r.json).toEqual({
      Result: { ResponseStatus: { IsSuccess: true, Errors: [], SuccessEntitys: [{ Id: id, Number: 'S-1', DIndex: 0 }], SuccessMessages: [], MsgCode: 0 }, Id: id, Number: 'S-1', NeedReturnData: [{}] },
    });
  });

  it('auto-numbers bills without FBillNo and keeps every field as sent', async () => {
    const m = validModel('ignored', { FNote: '备注', FCarriageNO: 'SF123' });
    delete m.FBillNo;
    await s.batchSave([m], await s.session());
    const [bill] = s.sb.bills();
    expect(bill?.number).toMatch(/^XSCKD\d{8}$/);
    expect(bill?.model).toMatchObject({ FID: bill?.id, FBillNo: bill?.number, FDocumentStatus: 'A', FNote: '备注', FCarriageNO: 'SF123', FCustomerID: { FNumber: 'CUST0001' } });
    expect(bill?.entries[0]).toMatchObject({ FMaterialID: { FNumber: 's111001' }, FRealQty: 2, FEntryID: expect.any(Number) });
  });

  it.each([
    { name: 'per-model commit', atomicBatch: false, saved: ['P-1', 'P-3'], success: [0, 2] },
    { name: 'all or nothing', atomicBatch: true, saved: [], success: [] },
  ])('partial batch, $name', async ({ atomicBatch, saved, success }) => {
    await s.start({ atomicBatch });
    const bad = validModel('P-2');
    delete bad.FCustomerID;
    const r = await s.batchSave([validModel('P-1'), bad, validModel('P-3')], await s.session());
    expect(status(r)).toMatchObject({ ErrorCode: 500, IsSuccess: false, MsgCode: 11, Errors: [{ FieldName: 'FCustomerID', DIndex: 1 }] });
    expect((status(r).SuccessEntitys as Array<{ DIndex: number }>).map((s) => s.DIndex)).toEqual(success);
    expect(s.sb.bills().map((b) => b.number)).toEqual(saved);
  });

  it.each([
    { name: 'IsDeleteEntry true replaces the entries', isDeleteEntry: 'true', materials: ['s111003'] },
    { name: 'IsDeleteEntry false keeps unlisted entries', isDeleteEntry: 'false', materials: ['s111001', 's111003'] },
  ])('update by FID: $name', async ({ isDeleteEntry, materials }) => {
    const h = await s.session();
    await s.batchSave([validModel('U-1')], h);
    const id = s.sb.bills()[0]?.id;
    const update = validModel('U-1', { FID: id, FEntity: [{ FMaterialID: { FNumber: 's111003' }, FRealQty: 1, FStockID: { FNumber: 'CK001' } }] });
    const r = await s.batchSave([update], h, { IsDeleteEntry: isDeleteEntry });
    expect(status(r).SuccessEntitys).toEqual([{ Id: id, Number: 'U-1', DIndex: 0 }]);
    expect(s.sb.bills()[0]?.entries.map((e) => (e.FMaterialID as { FNumber: string }).FNumber)).toEqual(materials);
  });

  it('IsAutoSubmitAndAudit stores the bill audited (C)', async () => {
    await s.batchSave([validModel('AA-1')], await s.session(), { IsAutoSubmitAndAudit: true });
    expect(s.sb.bills()[0]?.status).toBe('C');
  });
});

describe('operations state machine', () => {
  const op = (name: string, data: Record<string, unknown>, h: Record<string, string>) => s.post(`${P}DynamicFormService.${name}`, { formid: 'SAL_OUTSTOCK', data }, h);

  it.each([
    { name: 'Submit A→B', ops: ['Submit'], status: 'B', ok: true },
    { name: 'Audit B→C', ops: ['Submit', 'Audit'], status: 'C', ok: true },
    { name: 'UnAudit C→D', ops: ['Submit', 'Audit', 'UnAudit'], status: 'D', ok: true },
    { name: 'Submit again after UnAudit D→B', ops: ['Submit', 'Audit', 'UnAudit', 'Submit'], status: 'B', ok: true },
    { name: 'Audit without Submit fails', ops: ['Audit'], status: 'A', ok: false },
    { name: 'UnAudit of an unaudited bill fails', ops: ['UnAudit'], status: 'A', ok: false },
    { name: 'Delete of an audited bill fails', ops: ['Submit', 'Audit', 'Delete'], status: 'C', ok: false },
  ])('$name', async ({ ops, status: expected, ok }) => {
    const h = await s.session();
    await s.batchSave([validModel('O-1')], h);
    let last: Raw | undefined;
    for (const name of ops) last = await op(name, { Numbers: ['O-1'] }, h);
    expect(last && status(last).IsSuccess).toBe(ok);
    expect(s.sb.bills()[0]?.status).toBe(expected);
  });

  it('Audit twice gives the real "已经审核" message; Ids work like Numbers', async () => {
    const h = await s.session();
    await s.batchSave([validModel('O-1'), validModel('O-2')], h);
    const ids = s.sb.bills().map((b) => b.id).join(',');
    await op('Submit', { Ids: ids }, h);
    const first = await op('Audit', { Numbers: ['O-1', 'NOPE', 'O-2'] }, h);
    expect(status(first)).toMatchObject({ IsSuccess: true, SuccessEntitys: [{ Number: 'O-1', DIndex: 0 }, { Number: 'O-2', DIndex: 2 }] });
    const again = await op('Audit', { Numbers: ['O-1'] }, h);
    expect(status(again)).toMatchObject({ ErrorCode: 500, MsgCode: 11, Errors: [{ Message: '单据编号为“O-1”的销售出库单，单据已经审核！', DIndex: 0 }] });
  });

  it('Delete removes a created bill; none found → failure', async () => {
    const h = await s.session();
    await s.batchSave([validModel('O-1')], h);
    expect(status(await op('Delete', { Numbers: ['O-1'] }, h)).IsSuccess).toBe(true);
    expect(s.sb.bills()).toHaveLength(0);
    expect(status(await op('Delete', { Numbers: ['O-1'] }, h)).IsSuccess).toBe(false);
  });

  it('the audit fault fails chosen bills per item', async () => {
    s.sb.faults.failAuditBillNos = ['O-2'];
    const h = await s.session();
    await s.batchSave([validModel('O-1'), validModel('O-2')], h);
    await op('Submit', { Numbers: ['O-1', 'O-2'] }, h);
    const r = await op('Audit', { Numbers: ['O-1', 'O-2'] }, h);
    expect(status(r)).toMatchObject({ IsSuccess: false, SuccessEntitys: [{ Number: 'O-1', DIndex: 0 }], Errors: [{ DIndex: 1 }] });
    expect(s.sb.bills().map((b) => b.status)).toEqual(['C', 'B']);
  });
});
