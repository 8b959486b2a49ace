import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../engine/log.js';
import { startK3CloudSandbox } from '../../../engine/sandbox/k3cloud/server.js';
import type { K3Sandbox } from '../../../engine/sandbox/k3cloud/types.js';
import type { K3CloudConnection } from '../../../engine/scheme/types.js';
import { createK3CloudTarget } from '../../../engine/targets/k3cloud/connector.js';
import { type AuthMode, docs, manualClock, recordingSleep, sandboxConnection, targetSpec } from './helpers.js';

const LOGIN_CALLS = ['ValidateUser', 'LoginByAppSecret', 'LoginBySign'];
const loginCalls = (sb: K3Sandbox) => LOGIN_CALLS.reduce((n, s) => n + (sb.stats.calls[s] ?? 0), 0);

let sb: K3Sandbox;
let clock: ReturnType<typeof manualClock>;
beforeEach(async () => {
  clock = manualClock();
  sb = await startK3CloudSandbox({ sessionTtlSec: 60, now: clock.now });
});
afterEach(() => sb.close());

function target(conn: K3CloudConnection, sleep = recordingSleep().sleep) {
  return createK3CloudTarget(conn, targetSpec(), { logger: silentLogger(), now: clock.now, sleep });
}

describe('login modes', () => {
  it.each([
    { mode: 'password' as AuthMode, service: 'ValidateUser', extra: {} },
    { mode: 'appSecret' as AuthMode, service: 'LoginByAppSecret', extra: {} },
    { mode: 'sign' as AuthMode, service: 'LoginBySign', extra: {} },
    { mode: 'sign' as AuthMode, service: 'LoginBySign', extra: { signAlgorithm: 'sha1' as const } },
  ])('$mode $extra logs in once via $service and reuses the session', async ({ mode, service, extra }) => {
    const t = target(sandboxConnection(sb, mode, extra));
    await t.ping();
    const out = await t.write(docs(2));
    await t.findExisting(['JST-0001']);
    expect(out.map((o) => o.kind)).toEqual(['written', 'written']);
    expect(sb.stats.calls[service]).toBe(1);
    expect(loginCalls(sb)).toBe(1);
    expect(sb.stats.sessionsCreated).toBe(1);
  });

  it('signatureHeaders never calls a login service; the server-issued session is reused', async () => {
    const t = target(sandboxConnection(sb, 'signatureHeaders'));
    await t.ping();
    await t.write(docs(2));
    await t.findExisting(['JST-0001']);
    expect(loginCalls(sb)).toBe(0);
    expect(sb.stats.sessionsCreated).toBe(1);
    expect(sb.bills()).toHaveLength(2);
  });

  it.each([
    { name: 'wrong password', mode: 'password' as AuthMode, bad: { password: 'nope' }, endpoint: 'ValidateUser', label: '(ValidateUser, password)' },
    { name: 'wrong app secret', mode: 'appSecret' as AuthMode, bad: { appSecret: 'nope' }, endpoint: 'LoginByAppSecret', label: '(LoginByAppSecret, appSecret)' },
    { name: 'wrong sign secret', mode: 'sign' as AuthMode, bad: { appSecret: 'nope' }, endpoint: 'LoginBySign', label: '(LoginBySign, sign sha256)' },
    { name: 'wrong username', mode: 'password' as AuthMode, bad: { username: 'ghost' }, endpoint: 'ValidateUser', label: '(ValidateUser, password)' },
  ])('$name → TARGET_AUTH naming the mode, not retried', async ({ mode, bad, endpoint, label }) => {
    const t = target(sandboxConnection(sb, mode, bad));
    const error = await t.ping().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TARGET_AUTH', retryable: false, remote: { endpoint, code: 0 } });
    expect((error as Error).message).toContain(label);
    expect(sb.stats.calls[endpoint]).toBe(1);
  });

  it('signature headers with a wrong AppSecret → MsgCode 1 twice → TARGET_AUTH with a credentials hint', async () => {
    const t = target(sandboxConnection(sb, 'signatureHeaders', { appSecret: 'wrong-secret-wrong-secret' }));
    const error = await t.write(docs(1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TARGET_AUTH', remote: { code: 1 } });
    expect((error as { hint: string }).hint).toContain('AppSecret');
    expect(sb.stats.calls.BatchSave).toBe(2);
    expect(sb.bills()).toHaveLength(0);
  });

  it('signature headers with a wrong acctId → non-200 "thirty passport" → TARGET_AUTH', async () => {
    const t = target(sandboxConnection(sb, 'signatureHeaders', { acctId: 'ffffffffffffff' }));
    await expect(t.ping()).rejects.toMatchObject({ code: 'TARGET_AUTH', remote: { code: 500 } });
    expect(sb.stats.calls.ExecuteBillQuery).toBe(1);
  });

  it('missing credentials for the mode fail at construction', () => {
    const conn = sandboxConnection(sb, 'sign', { appSecret: undefined });
    expect(() => target(conn)).toThrow(expect.objectContaining({ code: 'TARGET_AUTH' }));
  });

  it('a login that meets HTTP 500 is retried with backoff', async () => {
    sb.faults.http5xxNext = 1;
    const { sleep, delays } = recordingSleep();
    await target(sandboxConnection(sb, 'password'), sleep).ping();
    expect(sb.stats.calls.ValidateUser).toBe(2);
    expect(delays).toEqual([1]);
  });
});

describe('sessions', () => {
  it('sliding expiry: calls within the TTL keep the session alive', async () => {
    const t = target(sandboxConnection(sb, 'password'));
    for (let i = 1; i <= 3; i++) {
      await t.write([docs(3)[i - 1]!]);
      clock.advance(50_000);
    }
    expect(sb.stats.calls.ValidateUser).toBe(1);
  });

  it('expiry mid-run: MsgCode 1 → one re-login and replay, no duplicate bill', async () => {
    const t = target(sandboxConnection(sb, 'password'));
    const all = docs(4);
    await t.write(all.slice(0, 2));
    clock.advance(61_000);
    const out = await t.write(all.slice(2));
    expect(out.map((o) => o.kind)).toEqual(['written', 'written']);
    expect(sb.stats.calls.ValidateUser).toBe(2);
    expect(sb.stats.calls.BatchSave).toBe(3);
    expect(sb.bills().map((b) => b.number)).toEqual(['JST-0001', 'JST-0002', 'JST-0003', 'JST-0004']);
  });

  it('signature headers re-authenticate silently after expiry (no MsgCode 1, no login call)', async () => {
    const t = target(sandboxConnection(sb, 'signatureHeaders'));
    await t.write(docs(1));
    clock.advance(61_000);
    await t.findExisting(['JST-0001']);
    expect(sb.stats.sessionsCreated).toBe(2);
    expect(sb.stats.calls.ExecuteBillQuery).toBe(1);
    expect(loginCalls(sb)).toBe(0);
  });

  it('a session lost on every call even right after re-login → TARGET_AUTH after 3 re-logins, nothing written', async () => {
    sb.faults.expireSessionEvery = 1;
    const t = target(sandboxConnection(sb, 'password'));
    await expect(t.write(docs(2))).rejects.toMatchObject({ code: 'TARGET_AUTH', remote: { endpoint: 'BatchSave', code: 1 } });
    expect(sb.stats.calls.ValidateUser).toBe(4);
    expect(sb.stats.calls.BatchSave).toBe(4);
    expect(sb.bills()).toHaveLength(0);
  });

  it('signature headers: sessions expiring on every call are re-created by the signature, the write lands once', async () => {
    sb.faults.expireSessionEvery = 1;
    const t = target(sandboxConnection(sb, 'signatureHeaders'));
    const outcomes = await t.write(docs(1));
    expect(outcomes.map((o) => o.kind)).toEqual(['written']);
    expect(sb.bills()).toHaveLength(1);
  });

  it('every 2nd call expiring: each call re-logs in at most once and every write lands exactly once', async () => {
    sb.faults.expireSessionEvery = 2;
    const t = target(sandboxConnection(sb, 'password'));
    for (const d of docs(5)) await t.write([d]);
    expect(sb.bills()).toHaveLength(5);
    expect(new Set(sb.bills().map((b) => b.number)).size).toBe(5);
  });

  it.each([
    { mode: 'password' as AuthMode, logouts: 1, logins: 2 },
    { mode: 'signatureHeaders' as AuthMode, logouts: undefined, logins: 0 },
  ])('close() logs a $mode session out; a later call starts a new one', async ({ mode, logouts, logins }) => {
    const t = target(sandboxConnection(sb, mode));
    await t.ping();
    await t.close?.();
    await t.close?.();
    await t.ping();
    expect(sb.stats.calls.Logout).toBe(logouts);
    expect(loginCalls(sb)).toBe(logins);
    expect(sb.stats.calls.ExecuteBillQuery).toBe(2);
  });

  it('concurrent calls share one login', async () => {
    const t = target(sandboxConnection(sb, 'password'));
    await Promise.all([t.ping(), t.findExisting(['x']), t.write(docs(1))]);
    expect(sb.stats.calls.ValidateUser).toBe(1);
  });
});
