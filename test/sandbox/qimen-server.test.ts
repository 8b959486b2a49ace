import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShanghai } from '../../engine/sandbox/qimen/shanghai-time.js';
import { type QimenSandbox, startQimenSandbox } from '../../engine/sandbox/qimen/server.js';
import { parseExactJson } from '../../engine/sources/exact-json.js';
import { type QimenSignMethod, signQimen } from '../../engine/sources/qimen/sign.js';

let sb: QimenSandbox;

beforeAll(async () => {
  sb = await startQimenSandbox({ orders: 300, from: '2024-05-01 00:00:00', to: '2024-05-04 00:00:00' });
});
afterAll(async () => {
  await sb.close();
});

interface PostOptions {
  secret?: string;
  signMethod?: QimenSignMethod;
  drop?: string[];
  inQuery?: boolean;
  sign?: string;
}

function systemParams(signMethod: QimenSignMethod): Record<string, string> {
  return {
    method: 'jushuitan.saleout.list.query',
    app_key: sb.credentials.appKey,
    target_app_key: '23060081',
    customer_id: sb.credentials.customerId,
    timestamp: formatShanghai(Date.now()),
    format: 'json',
    v: '2.0',
    sign_method: signMethod,
  };
}

const WINDOW = { start_time: '2024-05-01 00:00:00', end_time: '2024-05-02 00:00:00', page_index: '1', page_size: '50' };

async function post(business: Record<string, string>, o: PostOptions = {}, system: Record<string, string> = {}): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const signMethod = o.signMethod ?? 'md5';
  const params: Record<string, string> = { ...systemParams(signMethod), ...system, ...business };
  for (const k of o.drop ?? []) delete params[k];
  const sign = o.sign ?? signQimen(params, o.secret ?? sb.credentials.appSecret, signMethod);
  const all = { ...params, ...(o.drop?.includes('sign') ? {} : { sign }) };
  const url = new URL(sb.url);
  let body: URLSearchParams;
  if (o.inQuery) {
    for (const [k, v] of Object.entries(all)) if (!(k in business)) url.searchParams.set(k, v);
    body = new URLSearchParams(business);
  } else body = new URLSearchParams(all);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, body });
  const text = await res.text();
  // JSON.parse would round the ids above 2^53 the sandbox sends.
  return { status: res.status, text, body: parseExactJson(text) as Record<string, unknown> };
}

function response(r: { body: Record<string, unknown> }): Record<string, unknown> {
  return r.body.response as Record<string, unknown>;
}

describe('gateway checks', () => {
  it.each<[string, Record<string, string>, PostOptions, Record<string, string>, number]>([
    ['missing method', WINDOW, { drop: ['method'] }, {}, 21],
    ['unknown method', WINDOW, {}, { method: 'jushuitan.order.list.query' }, 22],
    ['missing app_key', WINDOW, { drop: ['app_key'] }, {}, 28],
    ['unknown app_key', WINDOW, {}, { app_key: 'someone-else' }, 29],
    ['missing timestamp', WINDOW, { drop: ['timestamp'] }, {}, 30],
    ['timestamp 11 minutes ahead', WINDOW, {}, { timestamp: formatShanghai(Date.now() + 11 * 60_000) }, 31],
    ['timestamp in the host zone of a UTC machine (8 h off)', WINDOW, {}, { timestamp: new Date().toISOString().slice(0, 19).replace('T', ' ') }, 31],
    ['missing v', WINDOW, { drop: ['v'] }, {}, 32],
    ['missing sign', WINDOW, { drop: ['sign'] }, {}, 24],
    ['wrong secret, md5', WINDOW, { secret: 'wrong' }, {}, 25],
    ['wrong secret, hmac', WINDOW, { secret: 'wrong', signMethod: 'hmac' }, {}, 25],
    ['wrong secret, hmac-sha256', WINDOW, { secret: 'wrong', signMethod: 'hmac-sha256' }, {}, 25],
    ['unknown sign_method', WINDOW, { sign: 'ABC' }, { sign_method: 'sha1' }, 25],
    ['wrong target_app_key', WINDOW, {}, { target_app_key: '12345' }, 41],
    ['unknown customer_id', WINDOW, {}, { customer_id: '999' }, 41],
    ['window over 7 days', { ...WINDOW, end_time: '2024-05-08 00:00:01' }, {}, {}, 41],
    ['end before start', { ...WINDOW, end_time: '2024-04-30 00:00:00' }, {}, {}, 41],
    ['missing end_time', { start_time: WINDOW.start_time }, {}, {}, 40],
    ['no selector at all', { page_index: '1' }, {}, {}, 40],
    ['page_size above the maximum', { ...WINDOW, page_size: '51' }, {}, {}, 41],
    ['bad date_type', { ...WINDOW, date_type: '1' }, {}, {}, 41],
    ['bad status', { ...WINDOW, status: 'Shipped' }, {}, {}, 41],
    ['start_ts with a time range', { ...WINDOW, start_ts: '1' }, {}, {}, 41],
  ])('%s → code %i', async (_name, business, options, system, code) => {
    const r = await post(business, options, system);
    expect(r.status).toBe(200);
    expect(response(r)).toMatchObject({ flag: 'failure', code, message: expect.any(String), request_id: expect.stringMatching(/^[0-9a-z]{13}$/) });
  });

  it('explains code 41 in sub_message', async () => {
    expect(response(await post(WINDOW, {}, { customer_id: '999' })).sub_message).toEqual(expect.any(String));
  });

  it.each<[string, QimenSignMethod, boolean]>([
    ['md5 in the body', 'md5', false],
    ['hmac in the body', 'hmac', false],
    ['hmac-sha256 in the body', 'hmac-sha256', false],
    ['hmac-sha256 with system params in the query string (Java SDK)', 'hmac-sha256', true],
  ])('accepts %s', async (_name, signMethod, inQuery) => {
    const r = await post(WINDOW, { signMethod, inQuery });
    expect(response(r)).not.toHaveProperty('flag');
    expect(response(r).datas).toEqual(expect.any(Array));
  });

  it('accepts a lowercase sign and epoch-millisecond timestamps', async () => {
    const params = { ...systemParams('md5'), timestamp: String(Date.now()), ...WINDOW };
    const r = await post(WINDOW, { sign: signQimen(params, sb.credentials.appSecret, 'md5').toLowerCase() }, { timestamp: params.timestamp });
    expect(response(r)).not.toHaveProperty('flag');
  });
});

describe('saleout query', () => {
  it('answers with the pagination object and no flag, code or request_id', async () => {
    const r = response(await post(WINDOW));
    expect(Object.keys(r).sort()).toEqual(['data_count', 'datas', 'has_next', 'page_count', 'page_index', 'page_size']);
    expect(r).toMatchObject({ page_index: 1, page_size: 50, has_next: true });
    expect(r.page_count).toBe(Math.ceil((r.data_count as number) / 50));
  });

  it('pages through a window in a stable order, closed on both ends', async () => {
    const view = sb.data.window({ field: 'modified', startMs: Date.UTC(2024, 3, 30, 16), endMs: Date.UTC(2024, 4, 1, 16) });
    const ids: string[] = [];
    for (let p = 1; p <= Math.ceil(view.total / 50); p++) ids.push(...(response(await post({ ...WINDOW, page_index: String(p) })).datas as Array<{ io_id: unknown }>).map((d) => String(d.io_id)));
    expect(ids).toEqual(view.slice(0, view.total).map((r) => String(r.io_id)));
  });

  it('leaves data_count and page_count at 0 with is_get_total=false', async () => {
    expect(response(await post({ ...WINDOW, is_get_total: 'false' }))).toMatchObject({ data_count: 0, page_count: 0 });
  });

  it('filters by status', async () => {
    const datas = response(await post({ ...WINDOW, status: 'Cancelled' })).datas as Array<{ status: string }>;
    expect(datas.length).toBeGreaterThan(0);
    expect(datas.every((d) => d.status === 'Cancelled')).toBe(true);
  });

  it('filters by io_date with date_type=2', async () => {
    const datas = response(await post({ ...WINDOW, date_type: '2' })).datas as Array<{ io_date: string }>;
    expect(datas.length).toBeGreaterThan(0);
    expect(datas.every((d) => d.io_date >= WINDOW.start_time && d.io_date <= WINDOW.end_time)).toBe(true);
  });

  it('finds records by io_ids', async () => {
    const target = String(sb.data.at(7).io_id);
    const datas = response(await post({ io_ids: target, page_index: '1', page_size: '10' })).datas as Array<{ io_id: unknown }>;
    expect(datas.map((d) => String(d.io_id))).toEqual([target]);
  });

  it('writes ids above 2^53 as exact integer literals', async () => {
    const big = Array.from({ length: sb.data.count }, (_, i) => String(sb.data.at(i).io_id)).find((id) => BigInt(id) > 2n ** 53n);
    expect(big).toBeDefined();
    const r = await post({ io_ids: big as string, page_index: '1', page_size: '10' });
    expect(r.text).toContain(`"io_id":${big}`);
  });

  it.each([
    ['exclusive by default', false],
    ['inclusive when configured', true],
  ])('start_ts mode is %s and sorted by ts', async (_name, inclusive) => {
    const s = await startQimenSandbox({ orders: 30, cursorInclusive: inclusive });
    try {
      const first = s.data.at(0).ts as number;
      const body = new URLSearchParams({ ...systemParams('md5'), app_key: s.credentials.appKey, customer_id: s.credentials.customerId, start_ts: String(first), page_index: '1', page_size: '50', is_get_total: 'false' });
      body.set('sign', signQimen(Object.fromEntries(body), s.credentials.appSecret, 'md5'));
      const r = (await (await fetch(s.url, { method: 'POST', body })).json()) as { response: { datas: Array<{ ts: number }> } };
      const ts = r.response.datas.map((d) => d.ts);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
      expect(ts[0]).toBe(inclusive ? first : (s.data.at(1).ts as number));
      expect(ts).toHaveLength(inclusive ? 30 : 29);
    } finally {
      await s.close();
    }
  });
});

describe('faults and counters', () => {
  it.each([
    ['ban', { ban: { nextN: 1, seconds: 30 } }, 200, /"code":7.*This ban will last for 30 more seconds/],
    ['HTML page', { html: { nextN: 1 } }, 200, /<html>/],
    ['server error', { serverError: { nextN: 1, status: 503 } }, 503, /<html>/],
    ['truncated body', { truncated: { nextN: 1 } }, 200, /^\{"response":\{"page_size":50/],
  ])('%s fires once, then the server recovers', async (_name, fault, status, pattern) => {
    Object.assign(sb.faults, fault);
    const res = await fetch(sb.url, { method: 'POST', body: await signedBody(WINDOW) });
    const text = await res.text();
    expect(res.status).toBe(status);
    expect(text).toMatch(pattern);
    const again = await post(WINDOW);
    expect(response(again)).not.toHaveProperty('flag');
  });

  it('a truncated body is not valid JSON', async () => {
    sb.faults.truncated = { nextN: 1 };
    const text = await (await fetch(sb.url, { method: 'POST', body: await signedBody(WINDOW) })).text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('resets the connection', async () => {
    sb.faults.reset = { nextN: 1 };
    await expect(fetch(sb.url, { method: 'POST', body: await signedBody(WINDOW) })).rejects.toThrow();
  });

  it('counts requests and served records', async () => {
    const before = sb.served.requests;
    const target = String(sb.data.at(3).io_id);
    const was = sb.served.recordsByKey.get(target) ?? 0;
    await post({ io_ids: target, page_index: '1', page_size: '10' });
    expect(sb.served.requests).toBe(before + 1);
    expect(sb.served.recordsByKey.get(target)).toBe(was + 1);
  });
});

async function signedBody(business: Record<string, string>): Promise<URLSearchParams> {
  const params = { ...systemParams('md5'), ...business };
  return new URLSearchParams({ ...params, sign: signQimen(params, sb.credentials.appSecret, 'md5') });
}
