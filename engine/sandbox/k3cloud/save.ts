/**
 * Save and BatchSave in the sandbox (spec §3, §4.1, §4.3): validate every model, enforce FBillNo
 * uniqueness (MsgCode 11, FieldName FBillNo, the captured message), auto-number when FBillNo is
 * absent, update when the model carries a non-zero FID, then commit per model (default) or all or
 * nothing (`atomicBatch`). Replies carry `DIndex` per model, `SuccessEntitys`, `Errors`,
 * `IsSuccess` false when anything failed, `ErrorCode: 500` only on failure.
 */
import { getCI, isObject } from './envelope.js';
import type { BaseDataForm } from './master-data.js';
import { err, failureBody, jsonReply, type K3Err, type K3Success, responseStatus, resultReply, type SandboxReply } from './responses.js';
import { BILL_FORMS, type FormMeta } from './sal-outstock.js';
import type { BillStore } from './bills.js';
import type { BillStatus, K3Faults, StoredBill } from './types.js';
import { type Issue, validateModel } from './validate.js';

/** What Save needs from the server. */
export interface SaveContext {
  store: BillStore;
  baseData: Map<string, BaseDataForm>;
  faults: K3Faults;
  atomic: boolean;
  onCommitted(count: number): void;
  /** A model's FBillNo was already taken (stored, or earlier in the same batch). */
  onBillNoConflict?(): void;
}

/** `true`, `"true"`, `"True"` → true; absent → `fallback`. */
export function flag(data: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = getCI(data, key);
  if (v === undefined || v === null || v === '') return fallback;
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** The unknown-form reply, shared by every form-bound service. */
export function unknownFormReply(formId: string): SandboxReply {
  return jsonReply(failureBody(4, [err(`标识为“${formId}”的业务对象不存在，或者被删除。`)]));
}

interface Plan {
  index: number;
  model: Record<string, unknown>;
  issues: Issue[];
  target?: StoredBill;
  number: string;
}

function planModel(meta: FormMeta, raw: unknown, index: number, ctx: SaveContext, data: Record<string, unknown>, taken: Set<string>): Plan {
  const model = isObject(raw) ? raw : {};
  const number = text(getCI(model, 'FBillNo'));
  const validate = flag(data, 'ValidateFlag', true);
  const issues = validateModel(meta, model, ctx.baseData, flag(data, 'IsVerifyBaseDataField', false)).filter(
    (i) => validate || i.msgCode === 9,
  );
  const fid = Number(getCI(model, 'FID') ?? 0);
  let target: StoredBill | undefined;
  if (fid) {
    target = ctx.store.byId(meta.formId, fid);
    if (!target) issues.push({ fieldName: 'FID', message: `FID为${fid}的${meta.name}不存在或已被删除`, msgCode: 11 });
    else if (target.status === 'B' || target.status === 'C') {
      const what = target.status === 'C' ? '单据已审核' : '单据已提交';
      issues.push({ fieldName: null, message: `单据编号为“${target.number}”的${meta.name}，${what}，不允许修改`, msgCode: 11 });
    }
  }
  if (number) {
    const existing = ctx.store.byNumber(meta.formId, number);
    if ((existing && existing !== target) || taken.has(number)) {
      ctx.onBillNoConflict?.();
      issues.push({ fieldName: 'FBillNo', message: `违反字段唯一性要求：编码唯一。[${number}]在当前系统中已经被使用。`, msgCode: 11 });
    }
  }
  const f = ctx.faults;
  if (f.rejectDIndex?.includes(index) || (number && f.rejectBillNos?.includes(number))) {
    issues.push({ fieldName: null, message: `单据编号为“${number}”的${meta.name}，保存失败：沙箱注入的业务校验失败`, msgCode: 11 });
  }
  return { index, model, issues, target, number };
}

/** Answers Save (`batch` false, Model an object) or BatchSave (Model an array). */
export function handleSave(params: Record<string, unknown>, batch: boolean, ctx: SaveContext): SandboxReply {
  const formId = text(params.formid);
  const meta = BILL_FORMS.get(formId.toUpperCase());
  if (!meta) return unknownFormReply(formId);
  const data = params.data;
  if (!isObject(data)) return jsonReply(failureBody(8, [err('接口参数data不能为空')]));
  const rawModel = getCI(data, 'Model');
  const models = batch ? rawModel : [rawModel];
  if (!Array.isArray(models) || models.length === 0 || (!batch && !isObject(rawModel))) {
    return jsonReply(failureBody(8, [err('data数据包中的参数Model的值不能为空或格式不正确。')]));
  }

  const taken = new Set<string>();
  const plans = models.map((raw, i) => {
    const plan = planModel(meta, raw, i, ctx, data, taken);
    if (plan.number && plan.issues.length === 0) taken.add(plan.number);
    return plan;
  });
  const failed = plans.filter((p) => p.issues.length > 0);
  const commit = ctx.atomic && failed.length > 0 ? [] : plans.filter((p) => p.issues.length === 0);
  const status: BillStatus = flag(data, 'IsAutoSubmitAndAudit', false) ? 'C' : 'A';
  const successes: K3Success[] = commit.map((p) => {
    const number = p.number || p.target?.number || ctx.store.nextNumber(meta.numberPrefix);
    let bill = p.target;
    if (bill) ctx.store.update(bill, p.model, meta.entry.key, number, flag(data, 'IsDeleteEntry', true));
    else bill = ctx.store.create(meta.formId, p.model, meta.entry.key, number, status);
    if (status === 'C' || bill.status === 'Z') ctx.store.setStatus(bill, status);
    return { Id: bill.id, Number: bill.number, DIndex: p.index };
  });
  ctx.onCommitted(successes.length);

  const errors: K3Err[] = failed.flatMap((p) => p.issues.map((i) => err(i.message, i.fieldName, p.index)));
  const msgCode = failed[0]?.issues[0]?.msgCode ?? 0;
  const rs = responseStatus(msgCode, errors, successes);
  const returned = successes.length ? { NeedReturnData: successes.map(() => ({})) } : {};
  const first = successes[0];
  if (!batch && first) return resultReply(rs, { Id: first.Id, Number: first.Number, ...returned });
  return resultReply(rs, returned);
}
