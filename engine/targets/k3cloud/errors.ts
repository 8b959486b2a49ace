/**
 * Classification of K/3 Cloud business errors (spec §4.2 MsgCode table, §6) into FerryErrors.
 * Retryability is decided here because this is where the meaning of a MsgCode is known:
 * session lost (1), network-control conflict (13), call limit (14) and database failures (6) are
 * transient; a duplicate FBillNo is TARGET_ALREADY_EXISTS (the caller adopts, never blindly
 * resends); everything about the document itself is a permanent TARGET_REJECTED.
 */
import { type ErrorCode, FerryError } from '../../errors.js';
import type { K3ErrorEntry, K3Status } from './response.js';

/** The session-lost text, Chinese and English (spec §2.5), as a fallback when MsgCode is missing. */
const SESSION_LOST_TEXT = /会话信息已丢失|session information is lost/i;

/** MsgCode 1 (context lost), or its message under any code. */
export function isSessionLost(status: K3Status): boolean {
  return status.msgCode === 1 || status.errors.some((e) => SESSION_LOST_TEXT.test(e.message));
}

/** MsgCode 14: the server refused the call for load; nothing was done. */
export function isCallLimit(status: K3Status): boolean {
  return status.msgCode === 14;
}

/** A duplicate bill number (MsgCode 11, FieldName FBillNo, 违反字段唯一性要求). */
export function isDuplicateBillNo(entry: K3ErrorEntry): boolean {
  return entry.fieldName.toLowerCase() === 'fbillno' && entry.message.includes('唯一性');
}

interface Classified {
  code: ErrorCode;
  retryable: boolean;
  hint?: string;
}

function classify(msgCode: number, entries: readonly K3ErrorEntry[]): Classified {
  if (msgCode === 1 || entries.some((e) => SESSION_LOST_TEXT.test(e.message))) {
    return { code: 'TARGET_SESSION_LOST', retryable: true };
  }
  if (msgCode === 14) return { code: 'TARGET_RATE_LIMITED', retryable: true };
  if (msgCode === 13 || msgCode === 6) return { code: 'TARGET_UNAVAILABLE', retryable: true };
  if (entries.some(isDuplicateBillNo)) {
    return {
      code: 'TARGET_ALREADY_EXISTS',
      retryable: false,
      hint: 'a bill with this number is already in K/3 Cloud; look it up with findExisting',
    };
  }
  if (msgCode === 2 || msgCode === 7 || msgCode === 15) {
    return { code: 'TARGET_AUTH', retryable: false, hint: 'the API user lacks a permission or licence in K/3 Cloud' };
  }
  if (msgCode === 4 && entries.some((e) => e.message.includes('业务对象不存在'))) {
    return { code: 'TARGET_REJECTED', retryable: false, hint: 'check target.formId (e.g. SAL_OUTSTOCK)' };
  }
  if (msgCode === 9) {
    return { code: 'TARGET_REJECTED', retryable: false, hint: 'check the field keys of the mapping against the form' };
  }
  return { code: 'TARGET_REJECTED', retryable: false };
}

/** Where an error belongs: the service short name and, for per-document errors, the record key. */
export interface ErrorContext {
  endpoint: string;
  recordKey?: string;
}

/**
 * One FerryError for a set of business errors that belong together (every `Errors[]` entry of one
 * DIndex, or of a whole call). Messages are joined so the user sees all of them; `field` is the
 * first non-empty FieldName.
 */
export function businessError(msgCode: number, entries: readonly K3ErrorEntry[], ctx: ErrorContext): FerryError {
  const { code, retryable, hint } = classify(msgCode, entries);
  const messages = entries.map((e) => e.message).filter((m) => m !== '');
  const message = messages.length ? messages.join('; ') : 'the server reported a failure without a message';
  const field = entries.find((e) => e.fieldName !== '')?.fieldName;
  return new FerryError(code, `k3cloud ${ctx.endpoint} MsgCode ${msgCode}: ${message}`, {
    retryable,
    remote: { endpoint: ctx.endpoint, code: msgCode, message },
    ...(ctx.recordKey !== undefined && { recordKey: ctx.recordKey }),
    ...(field !== undefined && { field }),
    ...(hint !== undefined && { hint }),
  });
}

/** The error of a whole failed call (`IsSuccess` false at the status level). */
export function statusError(status: K3Status, ctx: ErrorContext): FerryError {
  return businessError(status.msgCode, status.errors, ctx);
}

/** A request the web application firewall refused because of `<` in the payload (spec §6.19). */
export function wafError(message: string, ctx: ErrorContext & { field?: string }): FerryError {
  return new FerryError('TARGET_WAF', `k3cloud ${ctx.endpoint}: request refused by the server firewall: ${message}`, {
    remote: { endpoint: ctx.endpoint, message },
    hint: "remove '<' from text fields (e.g. with $replace in the mapping)",
    ...(ctx.recordKey !== undefined && { recordKey: ctx.recordKey }),
    ...(ctx.field !== undefined && { field: ctx.field }),
  });
}

/** A reply that is JSON but not the shape the service answers with. */
export function badShapeError(endpoint: string, body: unknown): FerryError {
  const text = JSON.stringify(body) ?? String(body);
  return new FerryError('TARGET_BAD_RESPONSE', `k3cloud ${endpoint}: unexpected reply ${text.slice(0, 300)}`, {
    remote: { endpoint, message: text.slice(0, 300) },
  });
}
