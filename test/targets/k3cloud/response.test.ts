import { describe, expect, it } from 'vitest';
import { readLoginResult, readStatus, unwrapQueryError, wafMessage } from '../../../engine/targets/k3cloud/response.js';
import { decodeSaveFates } from '../../../engine/targets/k3cloud/save-outcomes.js';
import { unknownOutcome } from '../../../engine/targets/k3cloud/write.js';
import { doc } from './helpers.js';

const LOST = { ErrorCode: 500, IsSuccess: false, Errors: [{ FieldName: null, Message: '会话信息已丢失，请重新登录', DIndex: 0 }], SuccessEntitys: [], SuccessMessages: [], MsgCode: 1 };

describe('readStatus finds ResponseStatus wherever the server put it', () => {
  it.each([
    { name: 'under Result', body: { Result: { ResponseStatus: LOST } }, msgCode: 1 },
    { name: 'at the top level', body: { ResponseStatus: LOST }, msgCode: 1 },
    { name: 'inside [[{Result}]] (query error)', body: [[{ Result: { ResponseStatus: LOST } }]], msgCode: 1 },
    { name: 'template with string IsSuccess and MsgCode', body: { Result: { ResponseStatus: { IsSuccess: 'true', MsgCode: '0', Errors: [], SuccessEntitys: [] } } }, msgCode: 0 },
  ])('$name', ({ body, msgCode }) => {
    expect(readStatus(body)?.msgCode).toBe(msgCode);
  });

  it.each([
    { name: 'boolean true', v: true, ok: true },
    { name: 'string "true"', v: 'true', ok: true },
    { name: 'string "True"', v: 'True', ok: true },
    { name: 'string "false"', v: 'false', ok: false },
    { name: 'boolean false', v: false, ok: false },
  ])('IsSuccess $name', ({ v, ok }) => {
    expect(readStatus({ Result: { ResponseStatus: { IsSuccess: v } } })?.isSuccess).toBe(ok);
  });

  it.each([
    { name: 'a data row', body: [['XSCKD000001', 100006, 'C']] },
    { name: 'an empty result', body: [] },
    { name: 'a two-column row holding an object', body: [[{ Result: {} }, 1]] },
  ])('query data is not an error: $name', ({ body }) => {
    expect(unwrapQueryError(body)).toBeUndefined();
  });
});

describe('other replies', () => {
  it('recognises the WAF array and returns its message', () => {
    expect(wafMessage([{ actionname: 'showConfirm', params: [{ msg: '拦截规则[caller_in_less_Point_Bracket]' }] }])).toContain('caller_in_less');
    expect(wafMessage([['a']])).toBeUndefined();
  });

  it('reads session ids from a login body', () => {
    const r = readLoginResult({ LoginResultType: 1, KDSVCSessionId: 'kd-1', Context: { SessionId: 'asp-1' }, Message: null });
    expect(r).toEqual({ resultType: 1, message: '', kdSessionId: 'kd-1', aspSessionId: 'asp-1' });
  });
});

describe('decodeSaveFates maps the reply back to documents', () => {
  const batch = [doc(1), doc(2), doc(3)];
  const fates = (rs: Record<string, unknown>, body: unknown = { Result: { ResponseStatus: rs } }, docs = batch) =>
    decodeSaveFates(docs, readStatus(body) ?? { isSuccess: false, msgCode: 0, errors: [], successEntities: [] }, body, 'BatchSave', (d, why) => unknownOutcome(d, 'BatchSave', why));

  it('matches by returned Number before DIndex (DIndex is per thread batch when BatchCount is used)', () => {
    const out = fates({ IsSuccess: true, MsgCode: 0, Errors: [], SuccessEntitys: [{ Id: 7, Number: 'JST-0003', DIndex: 0 }, { Id: 5, Number: 'JST-0001', DIndex: 1 }, { Id: 6, Number: 'JST-0002', DIndex: 0 }] });
    expect(out.map((o) => (o.kind === 'written' ? o.id : o.kind))).toEqual(['5', '6', '7']);
  });

  it('falls back to DIndex for auto-numbered bills', () => {
    const out = fates({ IsSuccess: true, Errors: [], SuccessEntitys: [{ Id: 9, Number: 'XSCKD1', DIndex: 2 }, { Id: 8, Number: 'XSCKD2', DIndex: 0 }, { Id: 10, Number: 'XSCKD3', DIndex: 1 }] });
    expect(out.map((o) => (o.kind === 'written' ? `${o.id}:${o.number}` : o.kind))).toEqual(['8:XSCKD2', '10:XSCKD3', '9:XSCKD1']);
  });

  it('a failed batch: own errors rejected, unnamed documents notSaved', () => {
    const out = fates({
      ErrorCode: 500,
      IsSuccess: false,
      MsgCode: 11,
      Errors: [{ FieldName: 'FCustomerID', Message: '字段“客户”是必填项', DIndex: 1 }],
      SuccessEntitys: [{ Id: 5, Number: 'JST-0001', DIndex: 0 }],
    });
    expect(out.map((o) => o.kind)).toEqual(['written', 'rejected', 'notSaved']);
    expect(out[1]).toMatchObject({ kind: 'rejected', error: { code: 'TARGET_REJECTED', recordKey: 'io-2', field: 'FCustomerID' } });
  });

  it('a whole-call error (unknown form, MsgCode 4) rejects every document', () => {
    const out = fates({ IsSuccess: false, MsgCode: 4, Errors: [{ FieldName: null, Message: '标识为“X”的业务对象不存在，或者被删除。', DIndex: 0 }], SuccessEntitys: [] });
    expect(out.map((o) => (o.kind === 'rejected' ? o.error.code : o.kind))).toEqual(['TARGET_REJECTED', 'TARGET_REJECTED', 'TARGET_REJECTED']);
  });

  it('success claimed but a bill not listed → unknown', () => {
    const out = fates({ IsSuccess: true, Errors: [], SuccessEntitys: [{ Id: 5, Number: 'JST-0001', DIndex: 0 }] });
    expect(out.map((o) => o.kind)).toEqual(['written', 'unknown', 'unknown']);
  });

  it('a Save reply without SuccessEntitys uses the top-level Id/Number', () => {
    const body = { Result: { ResponseStatus: { IsSuccess: true, Errors: [], SuccessEntitys: [] }, Id: 374095, Number: 'JST-0001' } };
    const out = fates({}, body, [doc(1)]);
    expect(out[0]).toMatchObject({ kind: 'written', id: '374095', number: 'JST-0001' });
  });
});
