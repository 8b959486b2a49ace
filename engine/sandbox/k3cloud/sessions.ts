/**
 * Sandbox sessions: ids as K/3 Cloud issues them (a GUID `kdservice-sessionid` and a 24-character
 * `ASP.NET_SessionId`), sliding idle expiry on an injected clock, and the session id read from a
 * request the way real clients send it (cookie or `kdservice-sessionid` header, spec §2.3, §9).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** One live session. */
export interface SandboxSession {
  kdId: string;
  aspId: string;
  username: string;
  lastSeen: number;
}

/** The session table. */
export interface SessionStore {
  create(username: string): SandboxSession;
  /** The live session with this id, touched (sliding expiry); undefined when unknown or expired. */
  touch(kdId: string): SandboxSession | undefined;
  /** Ends one session (Logout). */
  remove(kdId: string): void;
  expireAll(): void;
}

/** Creates a store whose sessions die after `ttlMs` without a call. */
export function createSessionStore(ttlMs: number, now: () => number): SessionStore {
  const sessions = new Map<string, SandboxSession>();
  return {
    create(username) {
      const aspId = randomBytes(18).toString('base64url').toLowerCase().slice(0, 24);
      const session = { kdId: randomUUID(), aspId, username, lastSeen: now() };
      sessions.set(session.kdId, session);
      return session;
    },
    touch(kdId) {
      const session = sessions.get(kdId);
      if (!session) return undefined;
      if (now() - session.lastSeen > ttlMs) {
        sessions.delete(kdId);
        return undefined;
      }
      session.lastSeen = now();
      return session;
    },
    remove(kdId) {
      sessions.delete(kdId);
    },
    expireAll() {
      sessions.clear();
    },
  };
}

/** `Theme=standard;kdservice-sessionid=X; ASP.NET_SessionId=Y` → map (split on `;`, trim, as the official SDK writes it). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** The session id a request carries: the cookie first, then the `kdservice-sessionid` header. */
export function requestSessionId(headers: IncomingHttpHeaders): string | undefined {
  const fromCookie = parseCookieHeader(headers.cookie).get('kdservice-sessionid');
  if (fromCookie) return fromCookie;
  const header = headers['kdservice-sessionid'];
  return typeof header === 'string' && header !== '' ? header : undefined;
}

/** The Set-Cookie lines that hand a session to a client. */
export function sessionCookies(session: SandboxSession): string[] {
  return [`kdservice-sessionid=${session.kdId}; path=/`, `ASP.NET_SessionId=${session.aspId}; path=/; HttpOnly`];
}

/** The empty, unusable session cookie the server still sets after a failed signature check (spec §2.4). */
export const EMPTY_SESSION_COOKIE = 'kdservice-sessionid=; path=/';
