/**
 * One HTTP POST to a K/3 Cloud service and the transport-level reading of its answer (spec §1.2):
 * 200/206 are normal, any other status is an error carrying the body text, a `response_error:`
 * body is a server exception (KDException), anything that is not JSON is a bad response.
 * Business errors inside a JSON body are *not* judged here (see response.ts / errors.ts).
 *
 * Every failure also says whether the server may have executed the operation (`mayHaveRun`):
 * a refused connection or an auth rejection did nothing, while a timeout, a reset after send or a
 * 5xx leaves a write's fate unknown. The write path turns the latter into `unknown` outcomes.
 */
import { FerryError } from '../../errors.js';
import { serviceUrl, shortServiceName } from './services.js';

/** A JSON reply of the server, with the Set-Cookie lines that came with it. */
export interface TransportReply {
  ok: true;
  status: number;
  body: unknown;
  setCookies: string[];
}

/** A failed exchange: the error, and whether the server may have run the operation. */
export interface TransportFailure {
  ok: false;
  error: FerryError;
  mayHaveRun: boolean;
  setCookies: string[];
}

export type TransportResult = TransportReply | TransportFailure;

/** What a transport needs; `fetch` is injected so tests can script the wire. */
export interface TransportOptions {
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

/** Posts JSON bodies to services of one K/3 Cloud base URL. */
export interface Transport {
  url(service: string): string;
  post(service: string, body: unknown, headers: Record<string, string>): Promise<TransportResult>;
}

/** Node error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const RESPONSE_ERROR_PREFIX = 'response_error:';

/** Creates a transport. It never throws: every outcome is a TransportResult. */
export function createTransport(options: TransportOptions): Transport {
  const url = (service: string) => serviceUrl(options.baseUrl, service);

  async function post(service: string, body: unknown, headers: Record<string, string>): Promise<TransportResult> {
    const endpoint = shortServiceName(service);
    let response: Response;
    let text: string;
    try {
      response = await options.fetch(url(service), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Charset': 'utf-8', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      text = await response.text();
    } catch (e) {
      return networkFailure(e, endpoint, options.timeoutMs);
    }
    const setCookies = readSetCookies(response.headers);
    return { ...readBody(response.status, text, endpoint), setCookies };
  }

  return { url, post };
}

function readSetCookies(headers: Headers): string[] {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const joined = headers.get('set-cookie');
  return joined ? [joined] : [];
}

/** Judges status and text; the caller adds the cookies. */
function readBody(
  status: number,
  text: string,
  endpoint: string,
): Omit<TransportReply, 'setCookies'> | Omit<TransportFailure, 'setCookies'> {
  const snippet = text.slice(0, 300);
  if (status !== 200 && status !== 206) {
    // An unknown account under signature auth is rejected before anything runs (spec §2.4).
    if (/thirty passport/i.test(text)) {
      const error = new FerryError('TARGET_AUTH', `k3cloud ${endpoint}: HTTP ${status} ${snippet}`, {
        remote: { endpoint, code: status, message: snippet },
        hint: 'check acctId (the data-centre id) of the k3cloud connection',
      });
      return { ok: false, error, mayHaveRun: false };
    }
    const retryable = status >= 500 || status === 429 || status === 408;
    const code = status === 429 ? 'TARGET_RATE_LIMITED' : retryable ? 'TARGET_UNAVAILABLE' : 'TARGET_BAD_RESPONSE';
    const error = new FerryError(code, `k3cloud ${endpoint}: HTTP ${status} ${snippet}`, {
      retryable,
      remote: { endpoint, code: status, message: snippet },
      ...(status === 404 && { hint: 'check the url of the k3cloud connection (it usually ends in /k3cloud/)' }),
    });
    return { ok: false, error, mayHaveRun: status !== 429 };
  }
  if (text.startsWith(RESPONSE_ERROR_PREFIX)) {
    const message = kdExceptionMessage(text.slice(RESPONSE_ERROR_PREFIX.length));
    const error = new FerryError('TARGET_BAD_RESPONSE', `k3cloud ${endpoint}: server exception: ${message}`, {
      remote: { endpoint, message },
    });
    return { ok: false, error, mayHaveRun: true };
  }
  try {
    return { ok: true, status, body: JSON.parse(text) as unknown };
  } catch (e) {
    const error = new FerryError('TARGET_BAD_RESPONSE', `k3cloud ${endpoint}: response is not JSON: ${snippet}`, {
      cause: e,
      remote: { endpoint, message: snippet },
    });
    return { ok: false, error, mayHaveRun: true };
  }
}

/** The `Message` of a KDException JSON, or the raw text when it is not one. */
function kdExceptionMessage(rest: string): string {
  try {
    const parsed: unknown = JSON.parse(rest);
    if (parsed && typeof parsed === 'object' && 'Message' in parsed) {
      const m = (parsed as { Message: unknown }).Message;
      if (typeof m === 'string' && m) return m;
    }
  } catch {
    // Not JSON: fall through and show the text as it came.
  }
  return rest.slice(0, 300);
}

function networkFailure(e: unknown, endpoint: string, timeoutMs: number): TransportFailure {
  const name = e instanceof Error ? e.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    const error = new FerryError('TARGET_UNAVAILABLE', `k3cloud ${endpoint}: no answer within ${timeoutMs} ms`, {
      cause: e,
      retryable: true,
      remote: { endpoint, code: 'TIMEOUT' },
    });
    return { ok: false, error, mayHaveRun: true, setCookies: [] };
  }
  const netCode = errnoCode(e);
  const error = new FerryError('TARGET_UNAVAILABLE', `k3cloud ${endpoint}: ${netCode ?? describe(e)}`, {
    cause: e,
    retryable: true,
    remote: { endpoint, ...(netCode && { code: netCode }) },
  });
  return { ok: false, error, mayHaveRun: !(netCode && NOT_SENT_CODES.has(netCode)), setCookies: [] };
}

/** The errno-style code of a fetch failure, looked up along the `cause` chain (undici nests it). */
function errnoCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
