/**
 * Decoding K/3 Cloud response bodies (spec §2.2, §4, §5.2, §6.19) into plain typed values.
 * Real payloads differ from Kingdee's templates (`IsSuccess` as boolean or string, `Id` as number
 * or string, `FieldName` null / "" / a key, `ResponseStatus` under `Result` or at the top level),
 * so every reader here is tolerant and never throws.
 */

/** One entry of `ResponseStatus.Errors`. */
export interface K3ErrorEntry {
  fieldName: string;
  message: string;
  dIndex?: number;
}

/** One entry of `ResponseStatus.SuccessEntitys` (sic). */
export interface K3SuccessEntity {
  id: string;
  number: string;
  dIndex?: number;
}

/** A decoded `ResponseStatus`. */
export interface K3Status {
  isSuccess: boolean;
  msgCode: number;
  errors: K3ErrorEntry[];
  successEntities: K3SuccessEntity[];
}

/** A decoded login answer (any login service). */
export interface K3LoginResult {
  resultType: number;
  message: string;
  kdSessionId?: string;
  aspSessionId?: string;
}

/** True for plain JSON objects. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

function int(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isInteger(n) ? n : undefined;
}

/** `IsSuccess` arrives as `true` or, in Kingdee's templates, as the string `"true"`. */
export function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** Decodes a raw `ResponseStatus` object. */
export function decodeStatus(raw: Record<string, unknown>): K3Status {
  const errors = Array.isArray(raw.Errors) ? raw.Errors.filter(isRecord) : [];
  const successes = Array.isArray(raw.SuccessEntitys) ? raw.SuccessEntitys.filter(isRecord) : [];
  return {
    isSuccess: truthy(raw.IsSuccess),
    msgCode: int(raw.MsgCode) ?? 0,
    errors: errors.map((e) => ({ fieldName: str(e.FieldName), message: str(e.Message), dIndex: int(e.DIndex) })),
    successEntities: successes.map((s) => ({ id: str(s.Id), number: str(s.Number), dIndex: int(s.DIndex) })),
  };
}

/**
 * The `ResponseStatus` of a write or operation reply, looked up in `Result.ResponseStatus`, at the
 * top level, or inside the `[[{"Result":…}]]` wrapping of a failed query. Undefined when absent.
 */
export function readStatus(body: unknown): K3Status | undefined {
  const unwrapped = unwrapQueryError(body) ?? body;
  if (!isRecord(unwrapped)) return undefined;
  const result = unwrapped.Result;
  if (isRecord(result) && isRecord(result.ResponseStatus)) return decodeStatus(result.ResponseStatus);
  if (isRecord(unwrapped.ResponseStatus)) return decodeStatus(unwrapped.ResponseStatus);
  return undefined;
}

/** `[[{"Result":…}]]`: a failed ExecuteBillQuery that a naive client would read as a data row (spec §5.2). */
export function unwrapQueryError(body: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(body) || body.length !== 1) return undefined;
  const row: unknown = body[0];
  if (!Array.isArray(row) || row.length !== 1) return undefined;
  const cell: unknown = row[0];
  return isRecord(cell) && 'Result' in cell ? cell : undefined;
}

/** Top-level `Id`/`Number` of a Save reply (BatchSave has none). */
export function readSaveIdentity(body: unknown): { id: string; number: string } | undefined {
  if (!isRecord(body) || !isRecord(body.Result)) return undefined;
  const id = str(body.Result.Id);
  return id && id !== '0' ? { id, number: str(body.Result.Number) } : undefined;
}

/** The WAF rejection `[{"actionname":"showConfirm","params":[{"msg":…}]}]` (spec §6.19): its message, if it is one. */
export function wafMessage(body: unknown): string | undefined {
  if (!Array.isArray(body)) return undefined;
  const first: unknown = body[0];
  if (!isRecord(first) || str(first.actionname).toLowerCase() !== 'showconfirm') return undefined;
  const params = Array.isArray(first.params) ? first.params : [];
  const msg = params.find(isRecord)?.msg;
  return str(msg) || 'request rejected by the server firewall';
}

/** Decodes a login reply; undefined when the body has no `LoginResultType`. */
export function readLoginResult(body: unknown): K3LoginResult | undefined {
  if (!isRecord(body)) return undefined;
  const resultType = int(body.LoginResultType);
  if (resultType === undefined) return undefined;
  const context = isRecord(body.Context) ? body.Context : {};
  return {
    resultType,
    message: str(body.Message),
    kdSessionId: str(body.KDSVCSessionId) || undefined,
    aspSessionId: str(context.SessionId) || undefined,
  };
}
