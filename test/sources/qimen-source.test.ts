import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../engine/log.js';
import type { QimenFaults } from '../../engine/sandbox/qimen/faults.js';
import { parseShanghai } from '../../engine/sandbox/qimen/shanghai-time.js';
import { type QimenSandbox, type QimenSandboxOptions, startQimenSandbox } from '../../engine/sandbox/qimen/server.js';
import type { QimenConnection, SourceSpec } from '../../engine/scheme/types.js';
import { createQimenSource } from '../../engine/sources/qimen/source.js';
import type { SourceRecord, TimeWindow } from '../../engine/sources/types.js';
import { planWindows } from '../../engine/sources/windows.js';
import { fakeClock, isolatedBudgets, readAll, saleoutSpec, sandboxConnection } from './qimen-fixtures.js';

const open: QimenSandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function sandbox(options: QimenSandboxOptions = {}): Promise<QimenSandbox> {
  const s = await startQimenSandbox({ orders: 300, from: '2024-05-01 00:00:00', to: '2024-05-04 00:00:00', ...options });
  open.push(s);
  return s;
}

interface SourceOptions {
  conn?: Partial<QimenConnection>;
  spec?: SourceSpec;
  clock?: ReturnType<typeof fakeClock>;
  fetch?: typeof fetch;
}

function source(sb: QimenSandbox, o: SourceOptions = {}) {
  const clock = o.clock ?? fakeClock(Date.now());
  return createQimenSource(sandboxConnection(sb, o.conn), o.spec ?? saleoutSpec(), {
    logger: silentLogger(),
    now: clock.now,
    sleep: clock.sleep,
    rateBudgets: isolatedBudgets(),
    ...(o.fetch && { fetch: o.fetch }),
  });
}

const DAY1: TimeWindow = { start: '2024-05-01 00:00:00', end: '2024-05-02 00:00:00' };

/** io_ids the sandbox holds in a window right now, in its order. */
function expectedKeys(sb: QimenSandbox, w: TimeWindow): string[] {
  const view = sb.data.window({ field: 'modified', startMs: parseShanghai(w.start) as number, endMs: parseShanghai(w.end) as number });
  return view.slice(0, view.total).map((r) => String(r.io_id));
}

function keysOf(records: SourceRecord[]): string[] {
  return records.map((r) => r.key);
}

describe('protocol against the sandbox', () => {
  it.each<[string, QimenConnection['signMethod'], QimenConnection['systemParamsIn']]>([
    ['md5, params in the body', 'md5', 'body'],
    ['hmac, params in the body', 'hmac', 'body'],
    ['hmac-sha256, params in the body', 'hmac-sha256', 'body'],
    ['hmac-sha256, system params in the query', 'hmac-sha256', 'query'],
  ])('%s: ping and read a window', async (_name, signMethod, systemParamsIn) => {
    const sb = await sandbox();
    const src = source(sb, { conn: { signMethod, systemParamsIn } });
    await src.ping();
    expect(keysOf(await readAll(src, [DAY1]))).toEqual(expectedKeys(sb, DAY1));
  });

  it('a wrong secret is SOURCE_AUTH (code 25), permanent: one request, no retry', async () => {
    const sb = await sandbox();
    const error = await readAll(source(sb, { conn: { appSecret: 'not-the-secret' } }), [DAY1]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_AUTH', retryable: false, remote: { code: 25 } });
    expect(sb.served.requests).toBe(1);
  });

  it('ping with a wrong secret fails the same way', async () => {
    const sb = await sandbox();
    await expect(source(sb, { conn: { appSecret: 'x' } }).ping()).rejects.toMatchObject({ code: 'SOURCE_AUTH', remote: { code: 25 } });
  });

  it('a clock 11 minutes fast is SOURCE_CLOCK_SKEW (code 31) with a hint', async () => {
    const sb = await sandbox();
    const error = await source(sb, { clock: fakeClock(Date.now() + 11 * 60_000) }).ping().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_CLOCK_SKEW', remote: { code: 31 }, hint: expect.stringMatching(/clock/) });
  });

  it('a customer id the gateway does not know is SOURCE_ARGUMENTS (code 41)', async () => {
    const sb = await sandbox();
    await expect(source(sb, { conn: { customerId: '42' } }).ping()).rejects.toMatchObject({ code: 'SOURCE_ARGUMENTS', remote: { code: 41 } });
  });

  it('rejects a page size above maxSize before any request', async () => {
    const sb = await sandbox();
    expect(() => source(sb, { spec: saleoutSpec({ paging: { size: 100, maxSize: 50 } }) })).toThrow(expect.objectContaining({ code: 'SCHEMA_INVALID' }));
    expect(sb.served.requests).toBe(0);
  });

  it('keeps ids above 2^53 exact, ids and money as strings', async () => {
    const sb = await sandbox();
    const records = await readAll(source(sb), [DAY1]);
    const bigIds = expectedKeys(sb, DAY1).filter((k) => BigInt(k) > 2n ** 53n);
    expect(bigIds.length).toBeGreaterThan(0);
    for (const id of bigIds) expect(records.find((r) => r.key === id)?.raw.io_id).toBe(id);
    const sample = records[0] as SourceRecord;
    expect(sample.raw).toMatchObject({ o_id: expect.any(String), ts: expect.any(String), pay_amount: expect.stringMatching(/^\d+(\.\d+)?$/) });
    expect((sample.raw.items as Array<Record<string, unknown>>)[0]).toMatchObject({ ioi_id: expect.any(String), sale_price: expect.any(String) });
    expect(sample.version).toBe(sample.raw.modified);
    expect(sample.window).toEqual(DAY1);
  });
});

describe('odd success bodies', () => {
  const answering = (body: string) => (async () => new Response(body, { status: 200 })) as typeof fetch;

  it.each([
    ['a record list that is not an array', '{"response":{"datas":{"io_id":1}}}', 'SOURCE_BAD_RESPONSE'],
    ['a record without its key', '{"response":{"has_next":false,"datas":[{"modified":"2024-05-01 10:00:00"}]}}', 'SOURCE_BAD_RESPONSE'],
  ])('%s is %s', async (_name, body, code) => {
    const sb = await sandbox();
    await expect(readAll(source(sb, { fetch: answering(body) }), [DAY1])).rejects.toMatchObject({ code });
  });

  it.each([
    ['no list at all', '{"response":{"page_index":1,"has_next":false}}', 0],
    ['a null list', '{"response":{"has_next":false,"datas":null}}', 0],
    ['the list under "orders"', '{"response":{"has_next":"false","orders":[{"io_id":7,"modified":"2024-05-01 10:00:00.123"}]}}', 1],
  ])('reads %s', async (_name, body, count) => {
    const sb = await sandbox();
    expect(await readAll(source(sb, { fetch: answering(body) }), [DAY1])).toHaveLength(count);
  });
});

describe('windows and boundaries', () => {
  it('reads a record modified exactly on a window boundary, and delivers it once', async () => {
    const sb = await sandbox();
    const onBoundary = String(sb.data.at(10).io_id);
    sb.data.modify(onBoundary, { modified: '2024-05-02 00:00:00' });
    const windows = [DAY1, { start: '2024-05-02 00:00:00', end: '2024-05-03 00:00:00' }];
    const keys = keysOf(await readAll(source(sb), windows));
    expect(keys.filter((k) => k === onBoundary)).toHaveLength(1);
    expect(sb.served.recordsByKey.get(onBoundary)).toBe(2);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('delivers a boundary record again when it changed between the two windows', async () => {
    const sb = await sandbox();
    const id = String(sb.data.at(10).io_id);
    sb.data.modify(id, { modified: '2024-05-02 00:00:00' });
    const src = source(sb);
    await readAll(src, [DAY1]);
    sb.data.modify(id, { modified: '2024-05-02 00:00:05' });
    const keys = keysOf(await readAll(src, [{ start: '2024-05-02 00:00:00', end: '2024-05-03 00:00:00' }]));
    expect(keys).toContain(id);
  });

  it('reads 2,000 generated records over 30 days exactly once', async () => {
    // Starting 7 s past midnight puts no record on a window boundary, so every served count is 1.
    const sb = await sandbox({ orders: 2000, from: '2024-05-01 00:00:07', to: '2024-05-31 00:00:07' });
    const spec = saleoutSpec();
    const windows = planWindows({ now: new Date(), spec: spec.window, from: '2024-05-01 00:00:00', to: '2024-05-31 00:00:07' });
    const records = await readAll(source(sb, { spec }), windows);
    expect(records).toHaveLength(2000);
    expect(new Set(keysOf(records)).size).toBe(2000);
    expect(sb.served.recordsByKey.size).toBe(2000);
    expect([...sb.served.recordsByKey.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('paging against the sandbox', () => {
  it.each([
    ['hasNext', (total: number) => Math.ceil(total / 50)],
    ['shortPage', (total: number) => Math.floor(total / 50) + 1],
    ['emptyPage', (total: number) => Math.ceil(total / 50) + 1],
  ] as const)('stops on %s', async (stopOn, requests) => {
    const sb = await sandbox();
    const total = expectedKeys(sb, DAY1).length;
    expect(total % 50).not.toBe(0);
    const records = await readAll(source(sb, { spec: saleoutSpec({ paging: { stopOn } }) }), [DAY1]);
    expect(records).toHaveLength(total);
    expect(sb.served.requests).toBe(requests(total));
  });

  it('survives a page that repeats once and reads everything once', async () => {
    const sb = await sandbox({ faults: { repeatPage: { atPage: 2 } } });
    const want = expectedKeys(sb, DAY1);
    const keys = keysOf(await readAll(source(sb), [DAY1]));
    expect(keys.sort()).toEqual(want.sort());
  });

  it('stops with SOURCE_PAGING when page 2 keeps repeating page 1', async () => {
    const sb = await sandbox({ faults: { repeatPage: { atPage: 2, times: 1000 } } });
    await expect(readAll(source(sb), [DAY1])).rejects.toMatchObject({ code: 'SOURCE_PAGING' });
  });

  it.each([
    ['out of the window (total drops)', 'now'],
    ['to the end of the window (a key comes back)', 'windowEnd'],
  ] as const)('reads every record when some are modified mid-paging and move %s', async (_name, placement) => {
    const sb = await sandbox({ faults: { shiftWhilePaging: { atPage: 2, count: 3, placement } } });
    const before = expectedKeys(sb, DAY1);
    const records = await readAll(source(sb), [DAY1]);
    expect(new Set(keysOf(records))).toEqual(new Set(before));
    // One delivery per key and version.
    const pairs = records.map((r) => `${r.key}@${r.version}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('splits a window whose records keep moving, and still reads them all', async () => {
    const sb = await sandbox({ faults: { shiftWhilePaging: { atPage: 2, count: 2, placement: 'windowEnd', times: 6 } } });
    const before = expectedKeys(sb, DAY1);
    const records = await readAll(source(sb), [DAY1]);
    expect(new Set(keysOf(records))).toEqual(new Set(before));
  });

  it('bisects a dense window instead of paging deep', async () => {
    const sb = await sandbox();
    const ranges: string[] = [];
    const spy = (async (input: string | URL | Request, init?: RequestInit) => {
      const p = new URLSearchParams(String(init?.body));
      ranges.push(`${p.get('start_time')}|${p.get('end_time')}|${p.get('page_index')}`);
      return fetch(input, init);
    }) as typeof fetch;
    const records = await readAll(source(sb, { spec: saleoutSpec({ paging: { bisectAbove: 40 } }), fetch: spy }), [DAY1]);
    expect(keysOf(records).sort()).toEqual(expectedKeys(sb, DAY1).sort());
    expect(new Set(ranges.map((r) => r.split('|').slice(0, 2).join('|'))).size).toBeGreaterThan(2);
    expect(ranges.every((r) => Number(r.split('|')[2]) <= 2)).toBe(true);
  });
});

describe('start_ts cursor mode', () => {
  const cursorSpec = (): SourceSpec =>
    saleoutSpec({ paging: { mode: 'cursor', cursor: { param: 'start_ts', field: 'ts', initial: '1', params: { is_get_total: false } } } });

  async function readCursor(src: ReturnType<typeof source>, from: string): Promise<{ records: SourceRecord[]; cursor: string }> {
    const records: SourceRecord[] = [];
    let cursor = from;
    for await (const page of src.readCursor?.(from) ?? []) {
      records.push(...page.records);
      cursor = page.cursor ?? cursor;
    }
    return { records, cursor };
  }

  it.each([
    ['exclusive', false],
    ['inclusive', true],
  ])('reads every record once from an %s server, then only what changed', async (_name, cursorInclusive) => {
    const sb = await sandbox({ cursorInclusive });
    const src = source(sb, { spec: { ...cursorSpec(), params: {} } });
    const first = await readCursor(src, '1');
    expect(first.records).toHaveLength(300);
    expect(new Set(keysOf(first.records)).size).toBe(300);
    expect(first.cursor).toBe(String(sb.data.at(299).ts));
    const changed = sb.data.modify(String(sb.data.at(42).io_id), { status: 'Cancelled' });
    const next = await readCursor(src, first.cursor);
    expect(keysOf(next.records)).toEqual([String(changed.io_id)]);
    expect(next.cursor).toBe(String(changed.ts));
  });

  it('sends no time range, a fixed page index and the cursor params', async () => {
    const sb = await sandbox({ orders: 20 });
    const sent: URLSearchParams[] = [];
    const spy = (async (input: string | URL | Request, init?: RequestInit) => {
      sent.push(new URLSearchParams(String(init?.body)));
      return fetch(input, init);
    }) as typeof fetch;
    await readCursor(source(sb, { spec: { ...cursorSpec(), params: {} }, fetch: spy }), '1');
    expect(sent.length).toBeGreaterThan(0);
    for (const p of sent) {
      expect(p.has('start_time')).toBe(false);
      expect(p.get('page_index')).toBe('1');
      expect(p.get('is_get_total')).toBe('false');
    }
  });

  it('aborts with SOURCE_PAGING when the cursor does not advance', async () => {
    const sb = await sandbox({ faults: { ignoreStartTs: true } });
    await expect(readCursor(source(sb, { spec: { ...cursorSpec(), params: {} } }), '1')).rejects.toMatchObject({ code: 'SOURCE_PAGING' });
  });

  it('refuses the wrong mode', async () => {
    const sb = await sandbox();
    await expect(readCursor(source(sb), '1')).rejects.toMatchObject({ code: 'USAGE' });
  });
});

/** One-off transport faults and the error each is when not retried. */
const BROKEN: Array<[string, QimenFaults, string]> = [
  ['an HTML page', { html: { nextN: 1 } }, 'SOURCE_BAD_RESPONSE'],
  ['a truncated body', { truncated: { nextN: 1 } }, 'SOURCE_BAD_RESPONSE'],
  ['HTTP 502', { serverError: { nextN: 1 } }, 'SOURCE_UNAVAILABLE'],
  ['a reset connection', { reset: { nextN: 1 } }, 'SOURCE_UNAVAILABLE'],
];

describe('rate limits and broken answers', () => {
  it('waits out a short ban (N + 1 s on the injected clock) and goes on', async () => {
    const clock = fakeClock(Date.now());
    const sb = await sandbox({ now: clock.now, faults: { ban: { nextN: 1, seconds: 5 } } });
    const records = await readAll(source(sb, { clock }), [DAY1]);
    expect(records).toHaveLength(expectedKeys(sb, DAY1).length);
    expect(clock.sleeps).toContain(6000);
  });

  it('stops with SOURCE_BANNED on a ban longer than maxBanWaitSec', async () => {
    const clock = fakeClock(Date.now());
    const sb = await sandbox({ now: clock.now, faults: { ban: { nextN: 1, seconds: 3600 } } });
    const error = await readAll(source(sb, { clock, conn: { rateLimit: { maxBanWaitSec: 120 } } }), [DAY1]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_BANNED', retryable: false, retryAfterSec: 3600 });
    expect(clock.sleeps).toEqual([]);
  });

  it('paces calls to perSecond on the injected clock', async () => {
    const clock = fakeClock(Date.now());
    const sb = await sandbox({ now: clock.now });
    await readAll(source(sb, { clock, conn: { rateLimit: { perSecond: 1, perMinute: 100 } } }), [DAY1]);
    expect(sb.served.requests).toBeGreaterThan(1);
    expect(clock.sleeps).toEqual(Array(sb.served.requests - 1).fill(1000));
  });

  it.each(BROKEN)('retries %s and reads everything', async (_name, faults) => {
    const sb = await sandbox({ faults });
    const records = await readAll(source(sb), [DAY1]);
    expect(keysOf(records).sort()).toEqual(expectedKeys(sb, DAY1).sort());
    expect(sb.served.failures).toBe(1);
  });

  it.each(BROKEN)('without retries, %s fails, retryable', async (_name, faults, code) => {
    const sb = await sandbox({ faults });
    await expect(readAll(source(sb, { conn: { retry: { maxAttempts: 1 } } }), [DAY1])).rejects.toMatchObject({ code, retryable: true });
  });

  it('times out a slow gateway as SOURCE_UNAVAILABLE', async () => {
    const sb = await sandbox({ latencyMs: 300 });
    await expect(source(sb, { conn: { timeoutMs: 50, retry: { maxAttempts: 1 } } }).ping()).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE', retryable: true });
  });
});
