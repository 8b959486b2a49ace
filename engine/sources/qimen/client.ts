import { callSignal } from '../call-signal.js';
import { FerryError } from '../../errors.js';
import type { QimenConnection } from '../../scheme/types.js';
import { unwrapQimenResponse } from './envelope.js';
import { qimenEndpoint, transportError } from './errors.js';
import { isSignableValue, signQimen } from './sign.js';

/** Jushuitan's app key on the Qimen gateway. */
export const JUSHUITAN_TARGET_APP_KEY = '23060081';

const GMT8_MS = 8 * 3_600_000;

/**
 * `yyyy-MM-dd HH:mm:ss` in GMT+8, computed from the UTC instant: never the host zone (Taobao's
 * Python 3 SDK formats the local clock and is 8 hours off on a UTC host).
 */
export function formatQimenTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000 + GMT8_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Business params as the scheme writes them; booleans become "true"/"false". */
export type QimenParams = Readonly<Record<string, string | number | boolean | undefined>>;

/** Injected effects: tests pass a fake `fetch` and a fake clock. */
export interface QimenClientDeps {
  fetch?: typeof fetch;
  /** Epoch ms; the signed timestamp is taken from it. */
  now?: () => number;
}

/** One signed call; resolves to the unwrapped `response` object (numbers exact, see exact-json.ts). */
export interface QimenClient {
  call(method: string, params: QimenParams, signal?: AbortSignal): Promise<Record<string, unknown>>;
}

function toWire(params: QimenParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    const s = String(v);
    // Empty params are never sent: gateways and SDKs disagree on whether they are signed.
    if (isSignableValue(s)) out[k] = s;
  }
  return out;
}

/**
 * Creates a client for one Qimen connection. Each call POSTs a form
 * (`application/x-www-form-urlencoded;charset=UTF-8`) with the system params
 * (method, app_key, target_app_key, customer_id, timestamp, format=json, v=2.0, sign_method,
 * sign) in the body or, with `systemParamsIn: 'query'`, in the query string. No retries here:
 * errors are classified FerryErrors (see errors.ts) and the caller's policy retries.
 * A caller abort surfaces as RUN_ABORTED; the connection timeout as SOURCE_UNAVAILABLE.
 */
export function createQimenClient(conn: QimenConnection, deps: QimenClientDeps = {}): QimenClient {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const signMethod = conn.signMethod ?? 'md5';
  const timeoutMs = conn.timeoutMs ?? 30_000;

  return {
    async call(method, params, signal) {
      const endpoint = qimenEndpoint(method, conn.url);
      const system = toWire({
        method,
        app_key: conn.appKey,
        target_app_key: conn.targetAppKey ?? JUSHUITAN_TARGET_APP_KEY,
        customer_id: conn.customerId,
        timestamp: formatQimenTimestamp(now()),
        format: 'json',
        v: '2.0',
        sign_method: signMethod,
      });
      const business = toWire(params);
      const sign = signQimen({ ...business, ...system }, conn.appSecret, signMethod);
      const inQuery = conn.systemParamsIn === 'query';
      const url = new URL(conn.url);
      const body = new URLSearchParams(inQuery ? business : { ...business, ...system, sign });
      if (inQuery) for (const [k, v] of Object.entries({ ...system, sign })) url.searchParams.set(k, v);

      const callAbort = callSignal(signal, timeoutMs);
      let status: number;
      let text: string;
      try {
        const res = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
          body: body.toString(),
          signal: callAbort.signal,
        });
        status = res.status;
        text = await res.text();
      } catch (cause) {
        if (signal?.aborted) throw new FerryError('RUN_ABORTED', `${endpoint}: aborted`, { cause });
        throw transportError(endpoint, cause, callAbort.timedOut);
      } finally {
        callAbort.done();
      }
      return unwrapQimenResponse(text, status, endpoint);
    },
  };
}
