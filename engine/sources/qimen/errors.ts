import { FerryError } from '../../errors.js';

/** Where a Qimen call went: `jushuitan.saleout.list.query @ a1q40taq0j.api.taobao.com`. */
export function qimenEndpoint(method: string, url: string): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // A malformed URL fails later in fetch with its own error; keep the raw text for the message.
  }
  return `${method} @ ${host}`;
}

/** A gateway or Jushuitan failure as found in the envelope. */
export interface QimenFailure {
  code?: string | number;
  message?: string;
  subCode?: string;
  subMessage?: string;
}

const BAN = /ban will last(?: for)? (\d+) more second/i;

/** Seconds from "…This ban will last for N more seconds", in either message; undefined when absent. */
export function parseBanSeconds(...texts: Array<string | undefined>): number | undefined {
  for (const t of texts) {
    const m = t === undefined ? null : BAN.exec(t);
    if (m) return Number(m[1]);
  }
  return undefined;
}

function describe(f: QimenFailure): string {
  const main = `Qimen code ${f.code ?? '?'} ${f.message ?? ''}`.trim();
  const sub = [f.subCode, f.subMessage].filter((x) => x !== undefined && x !== '').join(' ');
  return sub ? `${main} (${sub})` : main;
}

/**
 * Turns a failure envelope into a FerryError: 7 (App Call Limited) → SOURCE_RATE_LIMITED with
 * `retryAfterSec`; 10, 15 → SOURCE_UNAVAILABLE; 25 → SOURCE_AUTH; 31 → SOURCE_CLOCK_SKEW;
 * 40/41 → SOURCE_ARGUMENTS; anything else → SOURCE_REMOTE. Only 7, 10 and 15 are retryable.
 */
export function classifyQimenFailure(f: QimenFailure, endpoint: string): FerryError {
  const code = Number(f.code);
  const remote = { endpoint, code: f.code, message: [f.message, f.subMessage].filter(Boolean).join(': ') || undefined };
  const text = describe(f);
  const limited = code === 7 || (f.subCode ?? '').startsWith('accesscontrol.limited');
  if (limited) {
    const retryAfterSec = parseBanSeconds(f.subMessage, f.message);
    return new FerryError('SOURCE_RATE_LIMITED', `${endpoint}: ${text}`, { retryable: true, retryAfterSec, remote });
  }
  switch (code) {
    case 10:
    case 15:
      return new FerryError('SOURCE_UNAVAILABLE', `${endpoint}: ${text}`, { retryable: true, remote });
    case 25:
      return new FerryError('SOURCE_AUTH', `${endpoint}: Qimen code 25 Invalid signature: check appKey/appSecret (and signMethod) of the connection`, {
        remote,
        hint: 'the gateway recomputed the signature with the secret it holds for this app_key and got another value',
      });
    case 31:
      return new FerryError('SOURCE_CLOCK_SKEW', `${endpoint}: ${text}`, {
        remote,
        hint: 'Qimen accepts a timestamp at most 10 minutes off its GMT+8 clock: sync this host clock (NTP)',
      });
    case 40:
    case 41:
      return new FerryError('SOURCE_ARGUMENTS', `${endpoint}: ${text}`, { remote });
    default:
      return new FerryError('SOURCE_REMOTE', `${endpoint}: ${text}`, { remote });
  }
}

/** A fetch that failed before a response: connection reset, DNS, timeout. Always retryable. */
export function transportError(endpoint: string, cause: unknown, timedOut: boolean): FerryError {
  const detail = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
  const message = timedOut ? `${endpoint}: no response within the timeout` : `${endpoint}: network error: ${detail}`;
  return new FerryError('SOURCE_UNAVAILABLE', message, { retryable: true, cause, remote: { endpoint } });
}
