import { describe, expect, it } from 'vitest';
import { businessError, wafError } from '../../../engine/targets/k3cloud/errors.js';
import type { K3ErrorEntry } from '../../../engine/targets/k3cloud/response.js';

const e = (message: string, fieldName = '', dIndex = 0): K3ErrorEntry => ({ fieldName, message, dIndex });

describe('businessError classification', () => {
  it.each([
    { name: 'MsgCode 1 session lost', msgCode: 1, entries: [e('会话信息已丢失，请重新登录')], code: 'TARGET_SESSION_LOST', retryable: true },
    { name: 'English session text under MsgCode 0', msgCode: 0, entries: [e('Session information is lost')], code: 'TARGET_SESSION_LOST', retryable: true },
    { name: 'MsgCode 14 call limit', msgCode: 14, entries: [e('调用限制')], code: 'TARGET_RATE_LIMITED', retryable: true },
    { name: 'MsgCode 13 network-control conflict', msgCode: 13, entries: [e('网控冲突')], code: 'TARGET_UNAVAILABLE', retryable: true },
    { name: 'MsgCode 6 database failure', msgCode: 6, entries: [e('数据库操作失败')], code: 'TARGET_UNAVAILABLE', retryable: true },
    {
      name: 'MsgCode 11 duplicate FBillNo',
      msgCode: 11,
      entries: [e('违反字段唯一性要求：编码唯一。[test5]在当前系统中已经被使用。', 'FBillNo')],
      code: 'TARGET_ALREADY_EXISTS',
      retryable: false,
      field: 'FBillNo',
    },
    {
      name: 'MsgCode 11 uniqueness of another field is a rejection',
      msgCode: 11,
      entries: [e('违反字段唯一性要求：编码唯一。[X]在当前系统中已经被使用。', 'FThirdBillNo')],
      code: 'TARGET_REJECTED',
      retryable: false,
      field: 'FThirdBillNo',
    },
    { name: 'MsgCode 11 missing required field', msgCode: 11, entries: [e('字段“客户”是必填项', 'FCustomerID')], code: 'TARGET_REJECTED', retryable: false, field: 'FCustomerID' },
    { name: 'MsgCode 4 unknown form', msgCode: 4, entries: [e('标识为“STK_OutStock”的业务对象不存在，或者被删除。', '')], code: 'TARGET_REJECTED', retryable: false },
    { name: 'MsgCode 8 parameter error', msgCode: 8, entries: [e('data数据包中的参数FieldKeys的值不能为空。')], code: 'TARGET_REJECTED', retryable: false },
    { name: 'MsgCode 9 unknown field', msgCode: 9, entries: [e('元数据中标识为FNoSuch的字段不存在', 'FNoSuch')], code: 'TARGET_REJECTED', retryable: false, field: 'FNoSuch' },
    { name: 'MsgCode 2 no permission', msgCode: 2, entries: [e('您没有该功能的操作权限')], code: 'TARGET_AUTH', retryable: false },
  ])('$name → $code', ({ msgCode, entries, code, retryable, field }) => {
    const error = businessError(msgCode, entries, { endpoint: 'BatchSave', recordKey: 'io-1' });
    expect(error).toMatchObject({ code, retryable, recordKey: 'io-1', remote: { endpoint: 'BatchSave', code: msgCode } });
    expect(error.field).toBe(field);
  });

  it('joins every message of a document so none is lost', () => {
    const error = businessError(11, [e('字段“客户”是必填项', 'FCustomerID'), e('单据体实体【明细信息】第【1】行分录，【仓库】字段必录', 'FStockID')], {
      endpoint: 'BatchSave',
    });
    expect(error.remote?.message).toBe('字段“客户”是必填项; 单据体实体【明细信息】第【1】行分录，【仓库】字段必录');
    expect(error.field).toBe('FCustomerID');
  });

  it('a WAF rejection carries the hint and the offending field', () => {
    const error = wafError('拦截规则[caller_in_less_Point_Bracket]', { endpoint: 'BatchSave', recordKey: 'io-2', field: 'FNote' });
    expect(error).toMatchObject({ code: 'TARGET_WAF', recordKey: 'io-2', field: 'FNote', retryable: false });
    expect(error.hint).toContain("'<'");
  });
});
