/**
 * Submit / Audit / UnAudit / Delete in the sandbox (spec §3.5, §4.1): the Z/A → B → C → D state
 * machine over bills named by `Numbers` (array) or `Ids` (comma-separated string), a result per
 * bill with `DIndex` = its position in the list, and the real "单据已经审核！" message. Numbers that
 * do not exist are left out of the reply, as the real server does; if none exists, the call fails.
 */
import { getCI, isObject } from './envelope.js';
import type { BillStore } from './bills.js';
import { err, failureBody, jsonReply, type K3Err, type K3Message, type K3Success, responseStatus, resultReply, type SandboxReply } from './responses.js';
import { BILL_FORMS } from './sal-outstock.js';
import { unknownFormReply } from './save.js';
import type { BillStatus, K3Faults, StoredBill } from './types.js';

/** The operations the sandbox implements, lower case as routed. */
export type OperationName = 'submit' | 'audit' | 'unaudit' | 'delete';

/** What operations need from the server. */
export interface OperationContext {
  store: BillStore;
  faults: K3Faults;
}

interface Rule {
  verb: string;
  /** The new status, or an error text for the bill's current status. */
  next(status: BillStatus): BillStatus | 'deleted' | { error: string };
}

const RULES: Record<OperationName, Rule> = {
  submit: {
    verb: '提交',
    next: (s) => (s === 'A' || s === 'D' ? 'B' : { error: s === 'C' ? '单据已经审核！' : s === 'B' ? '单据已经提交！' : '暂存的单据不能提交！' }),
  },
  audit: {
    verb: '审核',
    next: (s) => (s === 'B' ? 'C' : { error: s === 'C' ? '单据已经审核！' : '单据未提交，不能审核！' }),
  },
  unaudit: {
    verb: '反审核',
    next: (s) => (s === 'C' ? 'D' : { error: '单据未审核，不能反审核！' }),
  },
  delete: {
    verb: '删除',
    next: (s) => (s === 'B' || s === 'C' ? { error: '单据已提交或已审核，不允许删除！' } : 'deleted'),
  },
};

function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter((x) => x !== '');
  if (typeof v === 'string' || typeof v === 'number') return String(v).split(',').map((x) => x.trim()).filter((x) => x !== '');
  return [];
}

/** Answers one operation call. */
export function handleOperation(op: OperationName, params: Record<string, unknown>, ctx: OperationContext): SandboxReply {
  const formId = typeof params.formid === 'string' ? params.formid : '';
  const meta = BILL_FORMS.get(formId.toUpperCase());
  if (!meta) return unknownFormReply(formId);
  const data = isObject(params.data) ? params.data : {};
  const numbers = listOf(getCI(data, 'Numbers'));
  const ids = numbers.length ? [] : listOf(getCI(data, 'Ids'));
  if (numbers.length === 0 && ids.length === 0) return jsonReply(failureBody(5, [err('单据编号集合或内码集合不能为空')]));

  const found: Array<{ bill: StoredBill; index: number }> = [];
  (numbers.length ? numbers : ids).forEach((key, index) => {
    const bill = numbers.length ? ctx.store.byNumber(meta.formId, key) : ctx.store.byId(meta.formId, Number(key));
    if (bill) found.push({ bill, index });
  });
  if (found.length === 0) return jsonReply(failureBody(10, [err(`没有找到符合条件的${meta.name}`)]));

  const rule = RULES[op];
  const successes: K3Success[] = [];
  const messages: K3Message[] = [];
  const errors: K3Err[] = [];
  for (const { bill, index } of found) {
    const prefix = `单据编号为“${bill.number}”的${meta.name}，`;
    let next = rule.next(bill.status);
    if (op === 'audit' && next === 'C' && ctx.faults.failAuditBillNos?.includes(bill.number)) {
      next = { error: '审核失败：物料即时库存不足，不允许出库（沙箱注入故障）' };
    }
    if (typeof next === 'object') {
      errors.push(err(prefix + next.error, '', index));
      continue;
    }
    if (next === 'deleted') ctx.store.remove(bill);
    else ctx.store.setStatus(bill, next);
    successes.push({ Id: bill.id, Number: bill.number, DIndex: index });
    messages.push(err(`${prefix}${rule.verb}成功！`, null, index));
  }
  return resultReply(responseStatus(11, errors, successes, messages));
}
