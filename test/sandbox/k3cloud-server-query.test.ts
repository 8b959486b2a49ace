import { describe, expect, it } from 'vitest';
import { validModel } from '../targets/k3cloud/helpers.js';
import { SESSION_LOST, status, useSandbox } from '../targets/k3cloud/sandbox-http.js';

const s = useSandbox();

describe('ExecuteBillQuery', () => {
  it('bill rows: header fields one row per bill, entry fields one row per entry', async () => {
    const h = await s.session();
    const rows = [
      { FMaterialID: { FNumber: 's111001' }, FRealQty: 1, FStockID: { FNumber: 'CK001' } },
      { FMaterialID: { FNumber: 's111002' }, FRealQty: 5, FStockID: { FNumber: 'CK002' } },
    ];
    await s.batchSave([validModel('Q-1', { FEntity: rows }), validModel('Q-2')], h);
    const header = await s.query({ FormId: 'SAL_OUTSTOCK', FieldKeys: 'FBillNo,FDocumentStatus,FCustomerID.FNumber', FilterString: "FBillNo like 'Q-%'" }, h);
    expect(header.json).toEqual([
      ['Q-1', 'A', 'CUST0001'],
      ['Q-2', 'A', 'CUST0001'],
    ]);
    const entries = await s.query({ FormId: 'SAL_OUTSTOCK', FieldKeys: 'FBillNo,FEntity_FSeq,FMaterialID.FNumber,FRealQty,FStockID.FName', FilterString: "FBillNo='Q-1'", OrderString: 'FEntity_FSeq DESC' }, h);
    expect(entries.json).toEqual([
      ['Q-1', 2, 's111002', 5, '华东分仓'],
      ['Q-1', 1, 's111001', 1, '主仓'],
    ]);
  });

  it('a bare base-data key returns the internal id', async () => {
    const h = await s.session();
    await s.batchSave([validModel('Q-1')], h);
    const r = await s.query({ FormId: 'SAL_OUTSTOCK', FieldKeys: 'FCustomerID,FID' }, h);
    expect(r.json).toEqual([[200001, s.sb.bills()[0]?.id]]);
  });

  it.each([
    { name: 'unknown field', data: { FormId: 'BD_MATERIAL', FieldKeys: 'FNumber,FIssueType' }, msgCode: 9, message: '元数据中标识为FIssueType的字段不存在' },
    { name: 'unknown filter field', data: { FormId: 'BD_MATERIAL', FieldKeys: 'FNumber', FilterString: "FNope='x'" }, msgCode: 9, message: '元数据中标识为FNope的字段不存在' },
    { name: 'empty FieldKeys', data: { FormId: 'BD_MATERIAL', FieldKeys: '' }, msgCode: 8, message: 'data数据包中的参数FieldKeys的值不能为空。' },
    { name: 'unknown form', data: { FormId: 'BD_NOPE', FieldKeys: 'FNumber' }, msgCode: 4, message: '标识为“BD_NOPE”的业务对象不存在，或者被删除。' },
  ])('$name → [[{"Result":…}]]', async ({ data, msgCode, message }) => {
    const r = await s.query(data, await s.session());
    expect(r.json).toEqual([[{ Result: { ResponseStatus: { ErrorCode: 500, IsSuccess: false, Errors: [{ FieldName: null, Message: message, DIndex: 0 }], SuccessEntitys: [], SuccessMessages: [], MsgCode: msgCode } } }]]);
  });

  it.each([
    { formId: 'BD_MATERIAL', filter: "FNumber='s111001' and FUseOrgId.FNumber='100'", rows: [['s111001', 'A']] },
    { formId: 'BD_MATERIAL', filter: "FNumber='s999001'", rows: [] },
    { formId: 'BD_Customer', filter: "FNumber in ('CUST0001','CUST0005','CUST0099')", rows: [['CUST0001', 'A'], ['CUST0005', 'A']] },
    { formId: 'BD_STOCK', filter: "FNumber like 'CK%'", rows: [['CK001', 'A'], ['CK002', 'A'], ['CK003', 'A']] },
    { formId: 'ORG_Organizations', filter: "FNumber='100'", rows: [['100', 'A']] },
  ])('master data $formId where $filter', async ({ formId, filter, rows }) => {
    const r = await s.query({ FormId: formId, FieldKeys: 'FNumber,FForbidStatus', FilterString: filter }, await s.session());
    expect(r.json).toEqual(rows);
  });

  it('paging: StartRow, Limit and TopRowCount', async () => {
    const h = await s.session();
    const page = (extra: Record<string, unknown>) => s.query({ FormId: 'BD_MATERIAL', FieldKeys: 'FNumber', OrderString: 'FNumber', ...extra }, h).then((r) => (r.json as string[][]).map((x) => x[0]));
    expect(await page({ StartRow: 2, Limit: 2 })).toEqual(['s111003', 's111004']);
    expect(await page({ TopRowCount: 3, StartRow: 2, Limit: 10 })).toEqual(['s111003']);
  });
});

describe('fault switches', () => {
  it('MsgCode 14 for the next N calls, then normal', async () => {
    const h = await s.session();
    s.sb.faults.callLimitNext = 1;
    expect(status(await s.batchSave([validModel('F-1')], h))).toMatchObject({ MsgCode: 14, IsSuccess: false });
    expect(status(await s.batchSave([validModel('F-1')], h)).IsSuccess).toBe(true);
    expect(s.sb.bills()).toHaveLength(1);
  });

  it('HTTP 500 and response_error before anything runs', async () => {
    const h = await s.session();
    s.sb.faults.http5xxNext = 1;
    expect((await s.batchSave([validModel('F-1')], h)).status).toBe(500);
    s.sb.faults.responseErrorNext = 1;
    expect((await s.batchSave([validModel('F-1')], h)).text).toMatch(/^response_error:\{"Message":/);
    expect(s.sb.bills()).toHaveLength(0);
  });

  it('the firewall rejects "<" with the showConfirm array', async () => {
    s.sb.faults.wafOnLessThan = true;
    const r = await s.batchSave([validModel('F-1', { FNote: 'a<b' })], await s.session());
    expect(r.json).toMatchObject([{ actionname: 'showConfirm', params: [{ msg: expect.stringContaining('caller_in_less_Point_Bracket') }] }]);
    expect(s.sb.bills()).toHaveLength(0);
  });

  it('commit then drop: the bill is stored although the socket closes without an answer', async () => {
    const h = await s.session();
    s.sb.faults.commitThenDropNext = 1;
    await expect(s.batchSave([validModel('F-1')], h)).rejects.toThrow();
    expect(s.sb.bills().map((b) => b.number)).toEqual(['F-1']);
  });

  it('more concurrent saves than allowed: MsgCode 14 for the extra one', async () => {
    await s.start({ maxConcurrentSaves: 1, saveLatencyMs: 50 });
    const h = await s.session();
    const [a, b] = await Promise.all([s.batchSave([validModel('C-1')], h), s.batchSave([validModel('C-2')], h)]);
    expect([status(a).MsgCode, status(b).MsgCode].sort()).toEqual([0, 14]);
    expect(s.sb.bills()).toHaveLength(1);
  });

  it('a slow save commits at its start: a bill is stored while its answer is still pending', async () => {
    await s.start({ saveLatencyMs: 300 });
    const h = await s.session();
    const pending = s.batchSave([validModel('S-1')], h);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.sb.bills().map((b) => b.number)).toEqual(['S-1']);
    expect(status(await pending).MsgCode).toBe(0);
  });

  it('expireSessionEvery expires sessions on every Nth business call', async () => {
    s.sb.faults.expireSessionEvery = 2;
    const h = await s.session();
    const ask = () => s.query({ FormId: 'BD_Currency', FieldKeys: 'FNumber', Limit: 1 }, h).then((r) => r.json);
    expect(await ask()).toEqual([['PRE001']]);
    expect(await ask()).toEqual([[SESSION_LOST]]);
  });
});
