/**
 * Raw-HTTP access to a sandbox K/3 Cloud server for the sandbox's own tests: a fresh sandbox per
 * test on a manual clock, `post` of any body to any service, a login that returns the Cookie header
 * exactly as Kingdee's SDK writes it, and small wrappers for BatchSave and ExecuteBillQuery.
 */
import { afterEach, beforeEach } from 'vitest';
import { startK3CloudSandbox } from '../../../engine/sandbox/k3cloud/server.js';
import type { K3Sandbox, K3SandboxOptions } from '../../../engine/sandbox/k3cloud/types.js';
import { manualClock } from './helpers.js';

/** The service-name prefix. */
export const P = 'Kingdee.BOS.WebApi.ServicesStub.';

/** The captured session-lost body (spec §2.5). */
export const SESSION_LOST = {
  Result: {
    ResponseStatus: {
      ErrorCode: 500,
      IsSuccess: false,
      Errors: [{ FieldName: null, Message: '会话信息已丢失，请重新登录', DIndex: 0 }],
      SuccessEntitys: [],
      SuccessMessages: [],
      MsgCode: 1,
    },
  },
};

/** One raw answer. */
export interface Raw {
  status: number;
  text: string;
  json: unknown;
  cookies: string[];
}

type Headers = Record<string, string>;

/** `Result.ResponseStatus` of a reply. */
export const status = (r: Raw) => (r.json as { Result: { ResponseStatus: Record<string, unknown> } }).Result.ResponseStatus;

/** Registers before/after hooks and returns the harness of the current test's sandbox. */
export function useSandbox() {
  const h = {
    sb: undefined as unknown as K3Sandbox,
    clock: manualClock(),
    /** Replaces the sandbox with one built from `options` (same clock). */
    async start(options: K3SandboxOptions = {}) {
      await h.sb.close();
      h.sb = await startK3CloudSandbox({ now: h.clock.now, ...options });
    },
    async post(service: string, body: unknown, headers: Headers = {}): Promise<Raw> {
      const res = await fetch(`${h.sb.url}${service}.common.kdsvc`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, text, json, cookies: res.headers.getSetCookie() };
    },
    /** Logs in with shape A; the session headers as Kingdee's SDK writes its cookie. */
    async session(): Promise<Headers> {
      const c = h.sb.credentials;
      const r = await h.post(`${P}AuthService.ValidateUser`, { acctID: c.acctId, username: c.username, password: c.password, lcid: 2052 });
      const body = r.json as { KDSVCSessionId: string; Context: { SessionId: string } };
      return { Cookie: `Theme=standard;kdservice-sessionid=${body.KDSVCSessionId}; ASP.NET_SessionId=${body.Context.SessionId}` };
    },
    batchSave: (models: unknown[], headers: Headers, extra: Record<string, unknown> = {}) =>
      h.post(`${P}DynamicFormService.BatchSave`, { formid: 'SAL_OUTSTOCK', data: { Model: models, ...extra } }, headers),
    query: (data: Record<string, unknown>, headers: Headers) => h.post(`${P}DynamicFormService.ExecuteBillQuery`, { data }, headers),
  };
  beforeEach(async () => {
    h.clock = manualClock();
    h.sb = await startK3CloudSandbox({ now: h.clock.now });
  });
  afterEach(() => h.sb.close());
  return h;
}
