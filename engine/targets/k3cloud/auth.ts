/**
 * The four ways to authenticate against K/3 Cloud (spec §2): three session logins
 * (`password` → ValidateUser, `appSecret` → LoginByAppSecret, `sign` → LoginBySign) and
 * `signatureHeaders`, where every request carries X-Api-* / X-Kd-* headers and no login service is
 * ever called (as Kingdee's own SDK does, spec §9). A successful login fills the session jar.
 */
import { FerryError } from '../../errors.js';
import type { K3CloudConnection } from '../../scheme/types.js';
import { readLoginResult, readStatus } from './response.js';
import { K3_SERVICES, shortServiceName } from './services.js';
import type { SessionJar } from './session.js';
import { loginSign, signatureHeaders } from './sign.js';
import type { Transport } from './transport.js';

/** LoginResultType values that mean "logged in": 1 Success, -5 DealWithForm (admins; allowed per spec §2.2). */
const LOGIN_OK = new Set([1, -5]);

/** Authentication of one connection. */
export interface K3Auth {
  /** False in `signatureHeaders` mode: requests authenticate themselves. */
  readonly needsLogin: boolean;
  /**
   * Logs in and stores the session in the jar. Throws TARGET_AUTH (not retryable) when the server
   * refuses the credentials, TARGET_UNAVAILABLE/… (retryable) when it could not be asked.
   */
  login(): Promise<void>;
  /** Headers a business request needs besides the session (the signature headers, or none). */
  requestHeaders(service: string): Record<string, string>;
}

interface LoginCall {
  service: string;
  label: string;
  body: Record<string, unknown>;
}

function required(conn: K3CloudConnection, key: 'password' | 'appId' | 'appSecret'): string {
  const value = conn[key];
  if (value === undefined || value === '') {
    throw new FerryError('TARGET_AUTH', `k3cloud connection with auth "${conn.auth}" needs "${key}"`, {
      hint: `set connections.<name>.${key} (usually as \${env:…})`,
    });
  }
  return value;
}

function loginCall(conn: K3CloudConnection, nowMs: number): LoginCall {
  const lcid = conn.lcid ?? 2052;
  switch (conn.auth) {
    case 'password':
      return {
        service: K3_SERVICES.validateUser,
        label: 'ValidateUser, password',
        body: { acctID: conn.acctId, username: conn.username, password: required(conn, 'password'), lcid },
      };
    case 'appSecret':
      return {
        service: K3_SERVICES.loginByAppSecret,
        label: 'LoginByAppSecret, appSecret',
        body: {
          acctid: conn.acctId,
          username: conn.username,
          appid: required(conn, 'appId'),
          appsecret: required(conn, 'appSecret'),
          lcid,
        },
      };
    case 'sign': {
      const timestamp = Math.floor(nowMs / 1000);
      const appId = required(conn, 'appId');
      const appSecret = required(conn, 'appSecret');
      const algorithm = conn.signAlgorithm ?? 'sha256';
      const sign = loginSign({ acctId: conn.acctId, username: conn.username, appId, appSecret, timestamp }, algorithm);
      return {
        service: K3_SERVICES.loginBySign,
        label: `LoginBySign, sign ${algorithm}`,
        body: { acctID: conn.acctId, username: conn.username, appId, timestamp, sign, lcid },
      };
    }
    default:
      throw new FerryError('INTERNAL', `no login service for auth mode "${conn.auth}"`);
  }
}

/** Creates the authenticator of a connection. Credentials are checked for presence at once. */
export function createAuth(conn: K3CloudConnection, transport: Transport, jar: SessionJar, now: () => number): K3Auth {
  if (conn.auth === 'signatureHeaders') {
    const appId = required(conn, 'appId');
    const appSecret = required(conn, 'appSecret');
    const path = (service: string) => new URL(transport.url(service)).pathname;
    return {
      needsLogin: false,
      login: async () => {},
      requestHeaders: (service) =>
        signatureHeaders({
          path: path(service),
          acctId: conn.acctId,
          username: conn.username,
          lcid: conn.lcid ?? 2052,
          orgNum: conn.orgNum ?? '0',
          appId,
          appSecret,
          timestamp: Math.floor(now() / 1000),
        }),
    };
  }
  // Fail fast on missing credentials, before the first call.
  loginCall(conn, now());
  return {
    needsLogin: true,
    requestHeaders: () => ({}),
    async login() {
      const call = loginCall(conn, now());
      const endpoint = shortServiceName(call.service);
      jar.clear();
      const reply = await transport.post(call.service, call.body, {});
      jar.absorbSetCookie(reply.setCookies);
      if (!reply.ok) {
        throw reply.error.code === 'TARGET_AUTH' ? withLabel(reply.error, call.label) : reply.error;
      }
      const result = readLoginResult(reply.body);
      if (!result) {
        const status = readStatus(reply.body);
        const message = status?.errors[0]?.message ?? JSON.stringify(reply.body).slice(0, 200);
        throw authFailure(call.label, endpoint, status?.msgCode ?? 'no LoginResultType', message);
      }
      if (!LOGIN_OK.has(result.resultType)) {
        throw authFailure(call.label, endpoint, result.resultType, result.message || 'login refused');
      }
      jar.absorbLogin(result.kdSessionId, result.aspSessionId);
      if (!jar.active) {
        throw authFailure(call.label, endpoint, result.resultType, result.message || 'no session id in the reply');
      }
    },
  };
}

function authFailure(label: string, endpoint: string, code: number | string, message: string): FerryError {
  return new FerryError('TARGET_AUTH', `K/3 Cloud login (${label}) failed: ${message}`, {
    remote: { endpoint, code, message },
    hint: 'check acctId, username and the credentials of the k3cloud connection',
  });
}

function withLabel(error: FerryError, label: string): FerryError {
  return new FerryError('TARGET_AUTH', `K/3 Cloud login (${label}) failed: ${error.message}`, {
    cause: error,
    ...(error.remote && { remote: error.remote }),
    ...(error.hint !== undefined && { hint: error.hint }),
  });
}
