/**
 * Sandbox authentication: the three login services (ValidateUser, LoginByAppSecret, LoginBySign
 * with SHA-256 or SHA-1) and the per-request check of business calls — a live session from cookie
 * or header, else valid X-Kd-* / X-Api-* signature headers, which silently create a session as
 * the real server does (spec §2.4, §9), else the MsgCode 1 body (§2.5).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { apiSignature, kdSignature, loginSign, splitAppId } from '../../targets/k3cloud/sign.js';
import { jsonReply, type SandboxReply, sessionLostReply, textReply } from './responses.js';
import { EMPTY_SESSION_COOKIE, requestSessionId, type SandboxSession, type SessionStore, sessionCookies } from './sessions.js';
import type { K3SandboxCredentials } from './types.js';

/** What authentication needs from the server. */
export interface AuthContext {
  credentials: K3SandboxCredentials;
  sessions: SessionStore;
  onSessionCreated(): void;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

function loginSuccess(session: SandboxSession, ctx: AuthContext): SandboxReply {
  ctx.onSessionCreated();
  return jsonReply(
    {
      Message: null,
      MessageCode: 'CheckPasswordPolicy',
      LoginResultType: 1,
      Context: {
        UserLocale: 'zh-CN',
        LogLocale: 'zh-CN',
        DBid: ctx.credentials.acctId,
        DatabaseType: 3,
        SessionId: session.aspId,
        UseLanguages: [{ LocaleId: 2052, LocaleName: '中文(简体)', Alias: 'CN', LicenseType: 0 }],
        UserId: 100008,
        UserName: session.username,
        CustomName: 'ferry sandbox',
        DisplayVersion: '9.0.553.10',
        DataCenterName: 'ferry sandbox',
        UserToken: randomUUID(),
        CurrentOrganizationInfo: { ID: 1, AcctOrgType: '1', Name: '蓝海集团', FunctionIds: [101, 102, 103] },
        IsCH_ZH_AutoTrans: false,
        ClientType: 32,
        GDCID: '',
        TRLevel: 1,
        ProductEdition: 0,
        DataCenterNumber: 'ferry',
        ContextResultType: 0,
        TenantId: '',
        IsDeployAsPublicCloud: false,
      },
      KDSVCSessionId: session.kdId,
      FormId: null,
      RedirectFormParam: null,
      FormInputObject: null,
      ErrorStackTrace: null,
      Lcid: 0,
      AccessToken: null,
      CustomParam: {},
      KdAccessResult: null,
      IsSuccessByAPI: true,
    },
    sessionCookies(session),
  );
}

function loginFailure(resultType: number, message: string): SandboxReply {
  return jsonReply({
    Message: message,
    MessageCode: '',
    LoginResultType: resultType,
    Context: null,
    KDSVCSessionId: null,
    FormId: null,
    IsSuccessByAPI: false,
  });
}

/** Answers a login service (`validateuser`, `loginbyappsecret`, `loginbysign`) for bound parameters. */
export function handleLogin(method: string, params: Record<string, unknown>, ctx: AuthContext): SandboxReply {
  const c = ctx.credentials;
  if (text(params.acctid) !== c.acctId) return loginFailure(-1, `数据中心不存在：${text(params.acctid)}`);
  if (text(params.username) !== c.username) return loginFailure(0, '用户名或密码错误');
  let ok = false;
  if (method === 'validateuser') ok = text(params.password) === c.password;
  if (method === 'loginbyappsecret') ok = text(params.appid) === c.appId && text(params.appsecret) === c.appSecret;
  if (method === 'loginbysign') {
    const input = { acctId: c.acctId, username: c.username, appId: c.appId, appSecret: c.appSecret, timestamp: text(params.timestamp) };
    const sign = text(params.sign).toLowerCase();
    ok = text(params.appid) === c.appId && (sign === loginSign(input, 'sha256') || sign === loginSign(input, 'sha1'));
  }
  if (!ok) return loginFailure(0, method === 'validateuser' ? '用户名或密码错误' : '第三方系统登录授权验证失败');
  return loginSuccess(ctx.sessions.create(c.username), ctx);
}

/** The outcome of authenticating a business call. */
export type Authentication = { ok: true; setCookies?: string[] } | { ok: false; reply: SandboxReply };

function header(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

/** Verifies the signature headers; a session on success, else the failure reply. */
function verifySignature(headers: IncomingHttpHeaders, path: string, ctx: AuthContext, wrapped: boolean): Authentication {
  const c = ctx.credentials;
  const data = Buffer.from(header(headers, 'x-kd-appdata'), 'base64').toString('utf8');
  const [acct = '', user = ''] = data.split(',');
  if (acct !== c.acctId) return { ok: false, reply: textReply(500, 'Fail to verify thirty passport') };
  const rejected: Authentication = { ok: false, reply: sessionLostReply(wrapped, [EMPTY_SESSION_COOKIE]) };
  const appKey = header(headers, 'x-kd-appkey');
  if (appKey !== c.appId || user !== c.username) return rejected;
  if (header(headers, 'x-kd-signature') !== kdSignature(appKey, c.appSecret, data)) return rejected;
  const apiSig = header(headers, 'x-api-signature');
  if (apiSig !== '') {
    const nonce = header(headers, 'x-api-nonce');
    const ts = header(headers, 'x-api-timestamp');
    if (apiSig !== apiSignature(splitAppId(c.appId).clientSec, path, nonce, ts)) return rejected;
  }
  ctx.onSessionCreated();
  return { ok: true, setCookies: sessionCookies(ctx.sessions.create(c.username)) };
}

/**
 * Authenticates a business call. A live session passes without looking at signatures (as the real
 * server does); `wrapped` selects the ExecuteBillQuery form of the MsgCode 1 body.
 */
export function authenticate(headers: IncomingHttpHeaders, path: string, ctx: AuthContext, wrapped: boolean): Authentication {
  const sid = requestSessionId(headers);
  if (sid && ctx.sessions.touch(sid)) return { ok: true };
  if (header(headers, 'x-kd-signature') !== '') return verifySignature(headers, path, ctx, wrapped);
  return { ok: false, reply: sessionLostReply(wrapped) };
}
