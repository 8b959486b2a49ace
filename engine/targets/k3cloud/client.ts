/**
 * The K/3 Cloud call loop: session, signature headers, retries, re-login. Every connector call
 * goes through `call`, which answers with the reply body or a failure that says whether the server
 * may have run the operation.
 *
 * Retry rules (the reason this file exists):
 * - A failure that provably did nothing (connection refused, login failure, MsgCode 14 call limit)
 *   is retried with exponential backoff, reads and writes alike.
 * - A failure after the request may have reached the server (timeout, reset, 5xx, server
 *   exception) is retried for reads only. A write returns it to the caller, which reports
 *   `unknown` outcomes; resending could save a bill twice.
 * - MsgCode 1 (session lost) → log in again once and resend, writes included: Kingdee raises it
 *   while authenticating the request, before the operation runs (spec §2.5). A second MsgCode 1
 *   in the same call is a credential problem → TARGET_AUTH.
 */
import { FerryError, toFerryError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { K3CloudConnection } from '../../scheme/types.js';
import { createAuth, type K3Auth } from './auth.js';
import { isCallLimit, isSessionLost, statusError } from './errors.js';
import { readStatus } from './response.js';
import { K3_SERVICES, shortServiceName } from './services.js';
import { createSessionJar, type SessionJar } from './session.js';
import { createTransport } from './transport.js';

/** Whether a call may be resent after the server possibly ran it. */
export type CallKind = 'read' | 'write';

/** The answer of one call. */
export type K3Reply = { ok: true; body: unknown } | { ok: false; error: FerryError; mayHaveRun: boolean };

/** Injected effects; production passes global fetch, Date.now and a setTimeout sleep. */
export interface K3ClientDeps {
  logger: Logger;
  fetch: typeof fetch;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** A logged-in (or signing) K/3 Cloud client bound to one connection. */
export interface K3Client {
  readonly mode: K3CloudConnection['auth'];
  /** Posts `body` to `service` under the retry rules above. Never throws for remote failures. */
  call(service: string, body: unknown, kind: CallKind): Promise<K3Reply>;
  /** `call` for reads: resolves with the body or throws the FerryError. */
  read(service: string, body: unknown): Promise<unknown>;
  /** Logs in now if the mode needs a session and none is held (retrying transient failures). */
  ensureSession(): Promise<void>;
  /** Logs the session out (best effort, one attempt) so the server frees its context; idempotent. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Backoff before attempt `attempt + 1`: base·2^(attempt-1), capped. */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** Creates a client; throws TARGET_AUTH at once when the mode's credentials are missing. */
export function createK3Client(conn: K3CloudConnection, deps: K3ClientDeps): K3Client {
  const transport = createTransport({ baseUrl: conn.url, fetch: deps.fetch, timeoutMs: conn.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const jar: SessionJar = createSessionJar();
  const auth: K3Auth = createAuth(conn, transport, jar, deps.now);
  const maxAttempts = Math.max(1, conn.retry?.maxAttempts ?? 4);
  const baseDelayMs = conn.retry?.baseDelayMs ?? 1000;
  const maxDelayMs = conn.retry?.maxDelayMs ?? 30_000;
  const log = deps.logger.child({ target: 'k3cloud', auth: conn.auth });
  let pendingLogin: Promise<void> | undefined;

  async function loginOnce(): Promise<void> {
    if (!auth.needsLogin || jar.active) return;
    // Concurrent calls share one login instead of each creating a server context.
    pendingLogin ??= auth
      .login()
      .then(() => log.info('k3cloud logged in'))
      .finally(() => {
        pendingLogin = undefined;
      });
    await pendingLogin;
  }

  async function ensureSession(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await loginOnce();
      } catch (e) {
        const error = toFerryError(e, 'TARGET_UNAVAILABLE');
        if (!error.retryable || attempt >= maxAttempts) throw error;
        await pause(attempt, error);
      }
    }
  }

  async function pause(attempt: number, error: FerryError): Promise<void> {
    const delayMs = backoffDelay(attempt, baseDelayMs, maxDelayMs);
    log.warn({ endpoint: error.remote?.endpoint, code: error.code, attempt, delayMs }, 'k3cloud call failed, retrying');
    await deps.sleep(delayMs);
  }

  async function call(service: string, body: unknown, kind: CallKind): Promise<K3Reply> {
    const endpoint = shortServiceName(service);
    // Under a login mode the login itself proves the credentials, so a session lost again right
    // after it was recycled (busy or load-balanced servers do that); a few re-logins are fine.
    // Under signature headers MsgCode 1 twice means the credentials are wrong.
    const maxRelogins = auth.needsLogin ? 3 : 1;
    let relogins = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureSession();
      } catch (e) {
        return { ok: false, error: toFerryError(e, 'TARGET_UNAVAILABLE'), mayHaveRun: false };
      }
      const sentSession = jar.sessionId();
      const started = deps.now();
      const reply = await transport.post(service, body, { ...jar.headers(), ...auth.requestHeaders(service) });
      jar.absorbSetCookie(reply.setCookies);
      log.debug({ endpoint, ok: reply.ok, ms: deps.now() - started, attempt }, 'k3cloud call');

      if (!reply.ok) {
        const resend = reply.error.retryable && (kind === 'read' || !reply.mayHaveRun) && attempt < maxAttempts;
        if (!resend) return { ok: false, error: reply.error, mayHaveRun: reply.mayHaveRun };
        await pause(attempt, reply.error);
        continue;
      }
      const status = readStatus(reply.body);
      // Only a reply that saved nothing proves the operation did not run; anything else is final.
      const nothingDone = status !== undefined && !status.isSuccess && status.successEntities.length === 0;
      if (status && nothingDone && isSessionLost(status)) {
        if (relogins >= maxRelogins) return { ok: false, error: sessionLostTwice(endpoint, conn.auth), mayHaveRun: false };
        relogins++;
        log.warn({ endpoint }, 'k3cloud session lost, logging in again');
        // Another concurrent call may already have replaced the session; only drop the one that failed.
        if (jar.sessionId() === sentSession) jar.clear();
        // The re-login replay does not use up one of the attempts meant for transient failures.
        attempt--;
        continue;
      }
      if (status && nothingDone && isCallLimit(status)) {
        const error = statusError(status, { endpoint });
        if (attempt >= maxAttempts) return { ok: false, error, mayHaveRun: false };
        await pause(attempt, error);
        continue;
      }
      return { ok: true, body: reply.body };
    }
  }

  async function read(service: string, body: unknown): Promise<unknown> {
    const reply = await call(service, body, 'read');
    if (!reply.ok) throw reply.error;
    return reply.body;
  }

  async function close(): Promise<void> {
    if (!auth.needsLogin || !jar.active) return;
    const headers = jar.headers();
    jar.clear();
    const reply = await transport.post(K3_SERVICES.logout, {}, headers);
    log.debug({ endpoint: 'Logout', ok: reply.ok }, 'k3cloud call');
  }

  return { mode: conn.auth, call, read, ensureSession, close };
}

function sessionLostTwice(endpoint: string, mode: K3CloudConnection['auth']): FerryError {
  return new FerryError('TARGET_AUTH', `k3cloud ${endpoint}: session lost again right after logging in (${mode})`, {
    remote: { endpoint, code: 1, message: '会话信息已丢失，请重新登录' },
    hint:
      mode === 'signatureHeaders'
        ? 'under signature auth MsgCode 1 means the AppID, AppSecret, username or lcid is wrong'
        : 'the server drops every new session; check the account and the K/3 Cloud license',
  });
}
