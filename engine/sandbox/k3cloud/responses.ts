/**
 * The sandbox's answers, in the exact shapes of real K/3 Cloud payloads (spec §2.5, §4.1, §5.2,
 * §6.19): `IsSuccess` boolean, numeric `Id` and `MsgCode`, `ErrorCode: 500` only on failure,
 * the `SuccessEntitys` spelling, query errors wrapped in `[[…]]`.
 */

/** One HTTP answer of the sandbox. */
export interface SandboxReply {
  status: number;
  body: string;
  setCookies?: string[];
}

/** An `Errors[]` entry. */
export interface K3Err {
  FieldName: string | null;
  Message: string;
  DIndex: number;
}

/** A `SuccessEntitys[]` entry. */
export interface K3Success {
  Id: number;
  Number: string;
  DIndex: number;
}

/** A `SuccessMessages[]` entry. */
export type K3Message = K3Err;

export const SESSION_LOST_MESSAGE = '会话信息已丢失，请重新登录';
export const CALL_LIMIT_MESSAGE = '调用限制：当前调用过于频繁或并发数超过限制，请稍后再试';

/** 200 with a JSON body. */
export function jsonReply(value: unknown, setCookies?: string[]): SandboxReply {
  return { status: 200, body: JSON.stringify(value), ...(setCookies && { setCookies }) };
}

/** A `ResponseStatus` object, success or failure. */
export function responseStatus(
  msgCode: number,
  errors: K3Err[],
  successes: K3Success[],
  messages: K3Message[] = [],
): Record<string, unknown> {
  const failed = errors.length > 0;
  return {
    ...(failed && { ErrorCode: 500 }),
    IsSuccess: !failed,
    Errors: errors,
    SuccessEntitys: successes,
    SuccessMessages: messages,
    MsgCode: failed ? msgCode : 0,
  };
}

/** `{"Result":{"ResponseStatus":…, …extra}}`. */
export function resultReply(status: Record<string, unknown>, extra: Record<string, unknown> = {}, setCookies?: string[]): SandboxReply {
  return jsonReply({ Result: { ResponseStatus: status, ...extra } }, setCookies);
}

/** A failed call with one error (or several), as an operation or save reply. */
export function failureBody(msgCode: number, errors: K3Err[]): unknown {
  return { Result: { ResponseStatus: responseStatus(msgCode, errors, []) } };
}

/** One error entry. */
export function err(message: string, fieldName: string | null = null, dIndex = 0): K3Err {
  return { FieldName: fieldName, Message: message, DIndex: dIndex };
}

/** The captured session-lost body (spec §2.5), wrapped in `[[…]]` for ExecuteBillQuery. */
export function sessionLostReply(wrapped: boolean, setCookies?: string[]): SandboxReply {
  return errorReply(1, [err(SESSION_LOST_MESSAGE)], wrapped, setCookies);
}

/** A failure reply; `wrapped` gives the `[[{"Result":…}]]` form of ExecuteBillQuery. */
export function errorReply(msgCode: number, errors: K3Err[], wrapped: boolean, setCookies?: string[]): SandboxReply {
  const body = failureBody(msgCode, errors);
  return jsonReply(wrapped ? [[body]] : body, setCookies);
}

/** The firewall rejection of a payload containing `<` (spec §6.19). */
export function wafReply(): SandboxReply {
  const msg = '请求参数存在可疑数据，已被系统拦截。拦截规则[caller_in_less_Point_Bracket]';
  return jsonReply([{ actionname: 'showConfirm', params: [{ msg, title: '提示' }] }]);
}

/** `response_error:` + KDException JSON: an unhandled server exception (spec §1.2). */
export function responseErrorReply(message: string): SandboxReply {
  const exception = { Message: message, InnerExWrapper: null, InnerException: null };
  return { status: 200, body: `response_error:${JSON.stringify(exception)}` };
}

/** A plain-text non-200 answer. */
export function textReply(status: number, text: string): SandboxReply {
  return { status, body: text };
}
