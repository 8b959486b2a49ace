/**
 * The K/3 Cloud session a client carries between calls (spec §2.3): the `kdservice-sessionid`
 * and `ASP.NET_SessionId` cookies, learnt from Set-Cookie headers and from a login body's
 * `KDSVCSessionId` / `Context.SessionId`, sent back as a Cookie header and as the
 * `kdservice-sessionid` header. The values are secrets: nothing here logs them.
 */

export const KD_SESSION_COOKIE = 'kdservice-sessionid';
export const ASP_SESSION_COOKIE = 'ASP.NET_SessionId';

/** A mutable per-connection cookie jar holding the K/3 Cloud session. */
export interface SessionJar {
  /** True once a `kdservice-sessionid` is known. */
  readonly active: boolean;
  /** The current `kdservice-sessionid`, so a caller can tell whether the session it used is still the current one. */
  sessionId(): string | undefined;
  /** Takes the cookies of a response's Set-Cookie headers; an empty value deletes the cookie. */
  absorbSetCookie(setCookies: readonly string[]): void;
  /** Takes the session ids a login body reports (`KDSVCSessionId`, `Context.SessionId`). */
  absorbLogin(kdSessionId: string | undefined, aspSessionId: string | undefined): void;
  /** Forgets the session (after MsgCode 1). */
  clear(): void;
  /** The headers that carry the session on a request; empty when there is none. */
  headers(): Record<string, string>;
}

/** Parses the `name=value` head of one Set-Cookie line; attributes (`path`, `expires`) are ignored. */
export function parseSetCookie(line: string): { name: string; value: string } | undefined {
  const head = line.split(';', 1)[0] ?? '';
  const eq = head.indexOf('=');
  if (eq <= 0) return undefined;
  return { name: head.slice(0, eq).trim(), value: head.slice(eq + 1).trim() };
}

/** Creates an empty jar. */
export function createSessionJar(): SessionJar {
  const cookies = new Map<string, string>();

  const set = (name: string, value: string | undefined): void => {
    if (value === undefined || value === '') cookies.delete(name);
    else cookies.set(name, value);
  };

  return {
    get active() {
      return cookies.has(KD_SESSION_COOKIE);
    },
    sessionId: () => cookies.get(KD_SESSION_COOKIE),
    absorbSetCookie(setCookies) {
      for (const line of setCookies) {
        const cookie = parseSetCookie(line);
        if (cookie) set(cookie.name, cookie.value);
      }
    },
    absorbLogin(kdSessionId, aspSessionId) {
      // The body only adds what it knows; an absent id never erases a cookie.
      if (kdSessionId) set(KD_SESSION_COOKIE, kdSessionId);
      if (aspSessionId) set(ASP_SESSION_COOKIE, aspSessionId);
    },
    clear() {
      cookies.clear();
    },
    headers() {
      const out: Record<string, string> = {};
      if (cookies.size === 0) return out;
      out.Cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const kd = cookies.get(KD_SESSION_COOKIE);
      if (kd) out[KD_SESSION_COOKIE] = kd;
      return out;
    },
  };
}
