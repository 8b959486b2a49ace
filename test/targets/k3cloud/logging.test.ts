import { afterEach, describe, expect, it } from 'vitest';
import { startK3CloudSandbox } from '../../../engine/sandbox/k3cloud/server.js';
import type { K3Sandbox } from '../../../engine/sandbox/k3cloud/types.js';
import { createK3CloudTarget } from '../../../engine/targets/k3cloud/connector.js';
import { type AuthMode, collectingLogger, docs, recordingSleep, sandboxConnection, targetSpec } from './helpers.js';

let sb: K3Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

/** A fetch that remembers every secret-bearing value that crossed the wire. */
function spyingFetch(seen: Set<string>): typeof fetch {
  const keep = (v: string | null | undefined) => {
    if (v) for (const part of v.split(/[;,=\s]+/)) if (part.length >= 8) seen.add(part);
  };
  return (async (url: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    for (const name of ['cookie', 'kdservice-sessionid', 'x-kd-signature', 'x-api-signature']) keep(headers.get(name));
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    for (const key of ['password', 'appsecret', 'sign']) keep(typeof body[key] === 'string' ? (body[key] as string) : undefined);
    const response = await fetch(url, init);
    for (const c of response.headers.getSetCookie()) keep(c.split(';')[0]?.split('=')[1]);
    const text = await response.clone().text();
    const sid = /"KDSVCSessionId":"([^"]+)"/.exec(text)?.[1];
    keep(sid);
    return response;
  }) as typeof fetch;
}

describe('captured log output never shows secrets, session ids or signatures', () => {
  it.each(['password', 'appSecret', 'sign', 'signatureHeaders'] as AuthMode[])('%s mode, through login, re-login, writes, queries and failures', async (mode) => {
    sb = await startK3CloudSandbox({ faults: { callLimitNext: 1 } });
    const { logger, lines } = collectingLogger();
    const seen = new Set<string>();
    const conn = sandboxConnection(sb, mode);
    const target = createK3CloudTarget(conn, targetSpec(), { logger, fetch: spyingFetch(seen), sleep: recordingSleep().sleep });
    await target.write(docs(2));
    sb.expireSessions();
    await target.findExisting(['JST-0001']);
    const bad = createK3CloudTarget({ ...conn, password: 'wrong-password', appSecret: 'wrong-secret-value' }, targetSpec(), { logger, sleep: recordingSleep().sleep });
    await bad.ping().catch(() => undefined);

    const secrets = [conn.password, conn.appSecret, ...seen].filter((s): s is string => typeof s === 'string' && s.length >= 8);
    expect(lines.length).toBeGreaterThan(3);
    expect(seen.size).toBeGreaterThan(0);
    const output = lines.join('');
    for (const s of secrets) expect(output).not.toContain(s);
  });
});
