import { describe, expect, it } from 'vitest';
import { createTransport } from '../../../engine/targets/k3cloud/transport.js';

type Script = () => Promise<Response>;

function transportWith(script: Script, seen: Array<{ url: string; init: RequestInit }> = []) {
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), init: init ?? {} });
    return script();
  }) as typeof globalThis.fetch;
  return createTransport({ baseUrl: 'http://erp.example.com/k3cloud', fetch, timeoutMs: 1000 });
}

const SERVICE = 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave';

function netError(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

describe('transport', () => {
  it('posts body shape A as JSON to {base}/{service}.common.kdsvc', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = [];
    const t = transportWith(async () => new Response('{"ok":1}'), seen);
    await t.post(SERVICE, { formid: 'SAL_OUTSTOCK', data: { Model: [] } }, { 'kdservice-sessionid': 'x' });
    expect(seen[0]?.url).toBe(`http://erp.example.com/k3cloud/${SERVICE}.common.kdsvc`);
    expect(seen[0]?.init.method).toBe('POST');
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({ formid: 'SAL_OUTSTOCK', data: { Model: [] } });
    expect(seen[0]?.init.headers).toMatchObject({ 'Content-Type': 'application/json', 'kdservice-sessionid': 'x' });
    expect(seen[0]?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it.each([
    { name: '200 JSON', status: 200, text: '{"a":1}', body: { a: 1 } },
    { name: '206 JSON', status: 206, text: '[[1,"x"]]', body: [[1, 'x']] },
    { name: 'unicode-escaped JSON', status: 200, text: '{"m":"\\u4f1a\\u8bdd"}', body: { m: '会话' } },
  ])('$name is a normal reply', async ({ status, text, body }) => {
    const r = await transportWith(async () => new Response(text, { status })).post(SERVICE, {}, {});
    expect(r).toMatchObject({ ok: true, body });
  });

  it.each([
    { name: 'HTTP 500', reply: () => new Response('Internal Server Error', { status: 500 }), code: 'TARGET_UNAVAILABLE', retryable: true, mayHaveRun: true, remote: 500 },
    { name: 'HTTP 503', reply: () => new Response('busy', { status: 503 }), code: 'TARGET_UNAVAILABLE', retryable: true, mayHaveRun: true, remote: 503 },
    { name: 'HTTP 429', reply: () => new Response('slow down', { status: 429 }), code: 'TARGET_RATE_LIMITED', retryable: true, mayHaveRun: false, remote: 429 },
    { name: 'HTTP 404', reply: () => new Response('Not Found', { status: 404 }), code: 'TARGET_BAD_RESPONSE', retryable: false, mayHaveRun: true, remote: 404 },
    { name: 'wrong acctId under signature auth', reply: () => new Response('Fail to verify thirty passport', { status: 500 }), code: 'TARGET_AUTH', retryable: false, mayHaveRun: false, remote: 500 },
    { name: 'non-JSON 200', reply: () => new Response('<html>gateway</html>'), code: 'TARGET_BAD_RESPONSE', retryable: false, mayHaveRun: true, remote: undefined },
  ])('$name → $code', async ({ reply, code, retryable, mayHaveRun, remote }) => {
    const r = await transportWith(async () => reply()).post(SERVICE, {}, {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.mayHaveRun).toBe(mayHaveRun);
    expect(r.error).toMatchObject({ code, retryable, remote: { endpoint: 'BatchSave' } });
    expect(r.error.remote?.code).toBe(remote);
  });

  it('response_error: bodies give TARGET_BAD_RESPONSE with the KDException Message', async () => {
    const text = 'response_error:{"Message":"未将对象引用设置到对象的实例。","InnerExWrapper":null,"InnerException":null}';
    const r = await transportWith(async () => new Response(text)).post(SERVICE, {}, {});
    expect(r).toMatchObject({ ok: false, mayHaveRun: true, error: { code: 'TARGET_BAD_RESPONSE', remote: { message: '未将对象引用设置到对象的实例。' } } });
  });

  it.each([
    { name: 'connection refused (never sent)', error: () => netError('ECONNREFUSED'), mayHaveRun: false, remote: 'ECONNREFUSED' },
    { name: 'DNS failure (never sent)', error: () => netError('ENOTFOUND'), mayHaveRun: false, remote: 'ENOTFOUND' },
    { name: 'socket closed after send', error: () => netError('UND_ERR_SOCKET'), mayHaveRun: true, remote: 'UND_ERR_SOCKET' },
    { name: 'connection reset', error: () => netError('ECONNRESET'), mayHaveRun: true, remote: 'ECONNRESET' },
    { name: 'timeout', error: () => new DOMException('The operation was aborted due to timeout', 'TimeoutError'), mayHaveRun: true, remote: 'TIMEOUT' },
  ])('$name → retryable TARGET_UNAVAILABLE', async ({ error, mayHaveRun, remote }) => {
    const r = await transportWith(async () => {
      throw error();
    }).post(SERVICE, {}, {});
    expect(r).toMatchObject({ ok: false, mayHaveRun, error: { code: 'TARGET_UNAVAILABLE', retryable: true, remote: { code: remote } } });
  });

  it('returns every Set-Cookie line', async () => {
    const headers = new Headers();
    headers.append('Set-Cookie', 'kdservice-sessionid=abc; path=/');
    headers.append('Set-Cookie', 'ASP.NET_SessionId=def; path=/; HttpOnly');
    const r = await transportWith(async () => new Response('{}', { headers })).post(SERVICE, {}, {});
    expect(r.setCookies).toEqual(['kdservice-sessionid=abc; path=/', 'ASP.NET_SessionId=def; path=/; HttpOnly']);
  });
});
