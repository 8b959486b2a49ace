import { afterEach, describe, expect, it } from 'vitest';
import type { QimenConnection } from '../../engine/scheme/types.js';
import { createQimenClient, formatQimenTimestamp } from '../../engine/sources/qimen/client.js';
import { signQimen } from '../../engine/sources/qimen/sign.js';

const CONN: QimenConnection = {
  type: 'qimen',
  url: 'http://gateway.test/router/qm',
  appKey: '12345678',
  appSecret: 'qimen-secret-123',
  customerId: '10000001',
};
/** 2024-05-20 10:00:00 GMT+8. */
const NOW = Date.UTC(2024, 4, 20, 2, 0, 0);
const OK = '{"response":{"page_index":1,"has_next":false,"datas":[]}}';

interface Captured {
  url: URL;
  init: RequestInit;
}

function capturingFetch(body = OK, status = 200): { fetch: typeof fetch; calls: Captured[] } {
  const calls: Captured[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: new URL(String(input)), init: init ?? {} });
    return new Response(body, { status });
  }) as typeof fetch;
  return { fetch: f, calls };
}

function sentParams(c: Captured): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of c.url.searchParams) out[k] = v;
  for (const [k, v] of new URLSearchParams(String(c.init.body))) out[k] = v;
  return out;
}

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('createQimenClient: request', () => {
  it('posts a signed form with every system param in the body by default', async () => {
    const { fetch, calls } = capturingFetch();
    const client = createQimenClient(CONN, { fetch, now: () => NOW });
    await client.call('jushuitan.saleout.list.query', { page_index: 1, page_size: 50, start_time: '2024-05-19 00:00:00', end_time: '2024-05-20 00:00:00', date_type: 0 });
    const call = calls[0] as Captured;
    expect(call.init.method).toBe('POST');
    expect((call.init.headers as Record<string, string>)['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect([...call.url.searchParams.keys()]).toEqual([]);
    const params = sentParams(call);
    // Exactly the worked example of spec §2.4, so the signature is the published one.
    expect(params.sign).toBe('FB69327E04A9C16BD8AD66F658443913');
    expect(params).toMatchObject({ method: 'jushuitan.saleout.list.query', target_app_key: '23060081', format: 'json', v: '2.0', sign_method: 'md5' });
  });

  it('puts system params in the query string when asked', async () => {
    const { fetch, calls } = capturingFetch();
    await createQimenClient({ ...CONN, systemParamsIn: 'query', signMethod: 'hmac-sha256' }, { fetch, now: () => NOW }).call('m.x', { page_index: 2 });
    const call = calls[0] as Captured;
    expect(call.url.searchParams.get('app_key')).toBe('12345678');
    expect(call.url.searchParams.get('sign')).toMatch(/^[0-9A-F]{64}$/);
    expect(new URLSearchParams(String(call.init.body)).get('page_index')).toBe('2');
    expect(new URLSearchParams(String(call.init.body)).has('app_key')).toBe(false);
    const { sign, ...rest } = sentParams(call);
    expect(sign).toBe(signQimen(rest, CONN.appSecret, 'hmac-sha256'));
  });

  it('never sends empty params', async () => {
    const { fetch, calls } = capturingFetch();
    await createQimenClient({ ...CONN, customerId: '' }, { fetch, now: () => NOW }).call('m.x', { status: '', shop_id: '  ', page_index: 1, so_ids: undefined });
    const params = sentParams(calls[0] as Captured);
    expect(params).not.toHaveProperty('customer_id');
    expect(params).not.toHaveProperty('status');
    expect(params).not.toHaveProperty('shop_id');
    expect(params).not.toHaveProperty('so_ids');
  });

  it.each([['UTC'], ['America/New_York'], ['Asia/Tokyo']])('signs a GMT+8 timestamp when the host zone is %s', async (tz) => {
    process.env.TZ = tz;
    const { fetch, calls } = capturingFetch();
    await createQimenClient(CONN, { fetch, now: () => NOW }).call('m.x', {});
    expect(sentParams(calls[0] as Captured).timestamp).toBe('2024-05-20 10:00:00');
  });

  it('formats the timestamp across the GMT+8 date line', () => {
    expect(formatQimenTimestamp(Date.UTC(2024, 11, 31, 16, 30, 5, 999))).toBe('2025-01-01 00:30:05');
  });
});

describe('createQimenClient: transport failures', () => {
  it('times out with SOURCE_UNAVAILABLE, retryable', async () => {
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const client = createQimenClient({ ...CONN, timeoutMs: 20 }, { fetch: hanging });
    await expect(client.call('m.x', {})).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', retryable: true });
  });

  it('reports a caller abort as RUN_ABORTED, not retryable', async () => {
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const ac = new AbortController();
    const pending = createQimenClient(CONN, { fetch: hanging }).call('m.x', {}, ac.signal);
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'RUN_ABORTED', retryable: false });
  });

  it('reports a reset connection as SOURCE_UNAVAILABLE with the endpoint', async () => {
    const reset = (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    }) as typeof fetch;
    await expect(createQimenClient(CONN, { fetch: reset }).call('jushuitan.saleout.list.query', {})).rejects.toMatchObject({
      code: 'SOURCE_UNAVAILABLE',
      retryable: true,
      remote: { endpoint: 'jushuitan.saleout.list.query @ gateway.test' },
    });
  });

  it('classifies the envelope of the answer', async () => {
    const { fetch } = capturingFetch('{"response":{"flag":"failure","code":25,"message":"Invalid signature","request_id":"16kp0025x5z0p"}}');
    await expect(createQimenClient(CONN, { fetch }).call('m.x', {})).rejects.toMatchObject({ code: 'SOURCE_AUTH', remote: { code: 25 } });
  });
});
