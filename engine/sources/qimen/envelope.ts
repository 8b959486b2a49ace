import { FerryError } from '../../errors.js';
import { parseExactJson } from '../exact-json.js';
import { classifyQimenFailure, type QimenFailure } from './errors.js';

/**
 * Unwraps a Qimen response body. Success is `{"response":{…}}` with no `flag` (or a flag other
 * than "failure"); failure is `{"response":{"flag":"failure","code",…}}` or, defensively, the TOP
 * `{"error_response":{…}}`. A body that is not JSON (a proxy's HTML page) or is cut short is
 * SOURCE_BAD_RESPONSE, retryable: such bodies come from the path, not from the request.
 */

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

function failureOf(o: Obj): QimenFailure {
  return {
    code: typeof o.code === 'number' || typeof o.code === 'string' ? o.code : str(o.code),
    message: str(o.message ?? o.msg),
    subCode: str(o.sub_code),
    subMessage: str(o.sub_message ?? o.sub_msg),
  };
}

function preview(text: string): string {
  return text.slice(0, 120).replace(/\s+/g, ' ');
}

function httpUnavailable(endpoint: string, status: number, cause?: unknown): FerryError {
  return new FerryError('SOURCE_UNAVAILABLE', `${endpoint}: HTTP ${status}`, { retryable: true, cause, remote: { endpoint, code: status } });
}

function notJson(text: string, status: number, endpoint: string, cause: unknown): FerryError {
  if (status >= 500) return httpUnavailable(endpoint, status, cause);
  const remote = { endpoint, code: status };
  if (status === 429) {
    return new FerryError('SOURCE_RATE_LIMITED', `${endpoint}: HTTP 429`, { retryable: true, cause, remote });
  }
  if (status >= 400) {
    return new FerryError('SOURCE_REMOTE', `${endpoint}: HTTP ${status}, body is not JSON: ${preview(text)}`, {
      cause,
      remote,
      hint: 'check the connection url (it should end in /router/qm)',
    });
  }
  return new FerryError('SOURCE_BAD_RESPONSE', `${endpoint}: HTTP ${status}, body is not valid JSON: ${preview(text)}`, {
    retryable: true,
    cause,
    remote,
  });
}

/**
 * Parses and unwraps a body; returns the inner `response` object (numbers exact, see exact-json.ts).
 * Throws FerryError: the classified remote failure, SOURCE_BAD_RESPONSE (retryable) for bodies
 * that are not a Qimen envelope, SOURCE_UNAVAILABLE (retryable) for HTTP 5xx without a failure.
 */
export function unwrapQimenResponse(text: string, httpStatus: number, endpoint: string): Obj {
  let parsed: unknown;
  try {
    parsed = parseExactJson(text);
  } catch (cause) {
    throw notJson(text, httpStatus, endpoint, cause);
  }
  if (!isObject(parsed)) {
    throw new FerryError('SOURCE_BAD_RESPONSE', `${endpoint}: body is not a JSON object`, { retryable: true, remote: { endpoint } });
  }
  if (isObject(parsed.error_response)) throw classifyQimenFailure(failureOf(parsed.error_response), endpoint);
  const keys = Object.keys(parsed);
  // SDKs unwrap whatever the single top-level property is; `response` is what Qimen sends.
  const inner = isObject(parsed.response) ? parsed.response : keys.length === 1 ? parsed[keys[0] as string] : undefined;
  if (!isObject(inner)) {
    throw new FerryError('SOURCE_BAD_RESPONSE', `${endpoint}: no "response" object in body: ${preview(text)}`, {
      retryable: true,
      remote: { endpoint },
    });
  }
  if (inner.flag === 'failure') throw classifyQimenFailure(failureOf(inner), endpoint);
  if (httpStatus >= 500) throw httpUnavailable(endpoint, httpStatus);
  return inner;
}
