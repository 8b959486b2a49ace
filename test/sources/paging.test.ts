import { describe, expect, it } from 'vitest';
import type { PagingSpec } from '../../engine/scheme/types.js';
import { readCursorPages } from '../../engine/sources/paging/cursor-walker.js';
import { type PagingEvent, readPagedWindow } from '../../engine/sources/paging/page-walker.js';
import { DeliveredVersions, type FetchedPage, type KeyedRecord } from '../../engine/sources/paging/types.js';
import type { TimeWindow } from '../../engine/sources/types.js';

const ZONE = 'Asia/Shanghai';
const WINDOW: TimeWindow = { start: '2024-05-01 00:00:00', end: '2024-05-02 00:00:00' };
const identify = (raw: Record<string, unknown>): KeyedRecord => ({ key: String(raw.id), version: String(raw.v), raw });

function paging(overrides: Partial<PagingSpec> = {}): PagingSpec {
  return { mode: 'page', pageParam: 'page_index', sizeParam: 'page_size', size: 10, maxSize: 50, stopOn: 'hasNext', totalField: 'total', ...overrides };
}

/** Records r0…r(n−1), one every 10 minutes from the window start, version "1". */
function rows(n: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({ id: `r${i}`, v: '1', minute: i * 10 }));
}

function minuteOf(wall: string): number {
  const [h, m] = wall.slice(11, 16).split(':').map(Number) as [number, number];
  return wall.startsWith('2024-05-02') ? 1440 : h * 60 + m;
}

/** An in-memory API over `data`, closed ranges by `minute`; `tamper` may change data or the page. */
function fakeApi(
  data: Array<Record<string, unknown>>,
  size: number,
  tamper?: (range: TimeWindow, pageNo: number, page: FetchedPage) => FetchedPage,
): { fetchPage: (range: TimeWindow, pageNo: number) => Promise<FetchedPage>; requests: Array<[TimeWindow, number]> } {
  const requests: Array<[TimeWindow, number]> = [];
  return {
    requests,
    fetchPage: async (range, pageNo) => {
      requests.push([range, pageNo]);
      const inRange = data.filter((r) => (r.minute as number) >= minuteOf(range.start) && (r.minute as number) <= minuteOf(range.end));
      const records = inRange.slice((pageNo - 1) * size, pageNo * size);
      const page = { records, hasNext: pageNo * size < inRange.length, total: inRange.length };
      return tamper ? tamper(range, pageNo, page) : page;
    },
  };
}

async function drain(window: TimeWindow, opts: Parameters<typeof readPagedWindow>[1]): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of readPagedWindow(window, opts)) keys.push(...page.map((r) => r.key));
  return keys;
}

function base(fetchPage: (range: TimeWindow, pageNo: number) => Promise<FetchedPage>, p: PagingSpec = paging(), events: PagingEvent[] = []) {
  return { paging: p, timeZone: ZONE, identify, delivered: new DeliveredVersions(), fetchPage, onEvent: (e: PagingEvent) => events.push(e) };
}

describe('readPagedWindow: stopping', () => {
  it.each([
    ['hasNext, 25 rows', 3, 'hasNext', 25],
    ['hasNext, 20 rows (a full last page)', 2, 'hasNext', 20],
    ['shortPage, 25 rows', 3, 'shortPage', 25],
    ['shortPage, 20 rows (needs an empty page)', 3, 'shortPage', 20],
    ['emptyPage, 25 rows', 4, 'emptyPage', 25],
    ['emptyPage, 0 rows', 1, 'emptyPage', 0],
  ] as const)('%s → %i requests', async (_name, requests, stopOn, n) => {
    const api = fakeApi(rows(n), 10);
    const keys = await drain(WINDOW, base(api.fetchPage, paging({ stopOn })));
    expect(keys).toHaveLength(n);
    expect(api.requests).toHaveLength(requests);
  });

  it('falls back to short-page stopping when the body has no hasNext', async () => {
    const api = fakeApi(rows(25), 10, (_r, _n, page) => ({ ...page, hasNext: undefined }));
    await drain(WINDOW, base(api.fetchPage));
    expect(api.requests).toHaveLength(3);
  });

  it('stops with SOURCE_PAGING past maxPages', async () => {
    const api = fakeApi(rows(100), 10);
    await expect(drain(WINDOW, base(api.fetchPage, paging({ maxPages: 3, totalField: undefined })))).rejects.toMatchObject({ code: 'SOURCE_PAGING' });
    expect(api.requests).toHaveLength(3);
  });

  it('starts at firstPage', async () => {
    const api = fakeApi(rows(5), 10);
    await drain(WINDOW, base((r, n) => api.fetchPage(r, n + 1), paging({ firstPage: 0 })));
    expect(api.requests.map(([, n]) => n)).toEqual([1]);
  });
});

describe('readPagedWindow: guards', () => {
  it('re-reads after a page that repeats once and delivers every record once', async () => {
    let repeated = false;
    const data = rows(30);
    const api = fakeApi(data, 10, (_range, pageNo, page) => {
      if (pageNo === 2 && !repeated) {
        repeated = true;
        return { ...page, records: data.slice(0, 10) };
      }
      return page;
    });
    const events: PagingEvent[] = [];
    const keys = await drain(WINDOW, base(api.fetchPage, paging(), events));
    expect(keys.sort()).toEqual(data.map((r) => r.id).sort());
    expect(events).toContainEqual(expect.objectContaining({ kind: 'reread', reason: 'repeat' }));
  });

  it('fails with SOURCE_PAGING when the same page keeps coming back', async () => {
    const data = rows(30);
    const api = fakeApi(data, 10, (_r, _n, page) => ({ ...page, records: data.slice(0, 10), hasNext: true }));
    await expect(drain(WINDOW, base(api.fetchPage))).rejects.toMatchObject({ code: 'SOURCE_PAGING' });
    expect(api.requests).toHaveLength(6);
  });

  it('notices records shifting mid-paging (a key on two pages), re-reads, and misses nothing', async () => {
    const data = rows(30);
    let shifted = false;
    const api = fakeApi(data, 10, (_range, pageNo, page) => {
      if (pageNo === 2 && !shifted) {
        shifted = true;
        // r0 was modified: it moves to the end of the window with a new version, so r10 slides onto page 1.
        const r0 = data.shift() as Record<string, unknown>;
        data.push({ ...r0, v: '2', minute: 1440 });
        return { ...page, records: data.slice(10, 20) };
      }
      return page;
    });
    const events: PagingEvent[] = [];
    const keys = await drain(WINDOW, base(api.fetchPage, paging(), events));
    expect(new Set(keys)).toEqual(new Set(data.map((r) => r.id)));
    // r0 leaves twice (versions 1 and 2), everything else once.
    expect(keys.filter((k) => k === 'r0')).toHaveLength(2);
    expect(keys).toHaveLength(31);
    expect(events.filter((e) => e.kind === 'reread')).toHaveLength(1);
  });

  it('notices a changing total (records left the window) and re-reads', async () => {
    const data = rows(30);
    let moved = false;
    const api = fakeApi(data, 10, (range, pageNo, page) => {
      if (pageNo === 2 && !moved) {
        moved = true;
        data.splice(0, 2);
        const inRange = data.filter((r) => (r.minute as number) <= minuteOf(range.end));
        return { ...page, records: inRange.slice(10, 20), total: inRange.length };
      }
      return page;
    });
    const keys = await drain(WINDOW, base(api.fetchPage));
    expect(new Set(keys)).toEqual(new Set(rows(30).map((r) => r.id)));
    expect(api.requests.filter(([, n]) => n === 1)).toHaveLength(2);
  });

  it('splits a window that keeps shifting, and still delivers everything once', async () => {
    const data = rows(30);
    const api = fakeApi(data, 10, (range, pageNo, page) => {
      // Every full-window pass shifts; halves do not.
      if (pageNo === 2 && range.start === WINDOW.start && range.end === WINDOW.end) return { ...page, records: [data[9] as Record<string, unknown>, ...page.records.slice(1)] };
      return page;
    });
    const events: PagingEvent[] = [];
    const keys = await drain(WINDOW, base(api.fetchPage, paging(), events));
    expect(keys.sort()).toEqual(data.map((r) => r.id).sort());
    expect(events).toContainEqual(expect.objectContaining({ kind: 'bisect', reason: 'shift' }));
  });

  it('bisects a window whose total is above bisectAbove before paging deep', async () => {
    const data: Array<Record<string, unknown>> = rows(100).map((r, i) => ({ ...r, minute: Math.floor((i * 1440) / 100) }));
    const api = fakeApi(data, 10);
    const events: PagingEvent[] = [];
    const keys = await drain(WINDOW, base(api.fetchPage, paging({ bisectAbove: 30 }), events));
    expect(keys.sort()).toEqual(data.map((r) => r.id).sort());
    expect(events.filter((e) => e.kind === 'bisect').length).toBeGreaterThanOrEqual(3);
    // No range was paged past page 3 (30 rows), so no deep paging happened.
    expect(Math.max(...api.requests.map(([, n]) => n))).toBeLessThanOrEqual(4);
  });

  it('pages deep when a dense range cannot be split (one second)', async () => {
    const second = { start: '2024-05-01 00:00:00', end: '2024-05-01 00:00:01' };
    const api = fakeApi(rows(25).map((r) => ({ ...r, minute: 0 })), 10);
    const keys = await drain(second, base(api.fetchPage, paging({ bisectAbove: 5 })));
    expect(keys).toHaveLength(25);
  });
});

describe('DeliveredVersions', () => {
  it.each([
    ['same key and version', '2024-05-01 10:00:00', false],
    ['older version', '2024-05-01 09:00:00', false],
    ['newer version', '2024-05-01 10:00:01', true],
    ['newer version with milliseconds', '2024-05-01 10:00:00.500', true],
  ])('a second copy with %s (%s) is admitted: %s', (_name, version, admitted) => {
    const d = new DeliveredVersions();
    d.admit({ key: 'a', version: '2024-05-01 10:00:00', raw: {} });
    expect(d.admit({ key: 'a', version, raw: {} })).toBe(admitted);
  });

  it('looks back one window only, so memory stays one window deep', () => {
    const record = { key: 'a', version: '2024-05-01 10:00:00', raw: {} };
    const first = new DeliveredVersions();
    first.admit(record);
    const second = new DeliveredVersions(first);
    expect(second.admit(record)).toBe(false);
    expect(new DeliveredVersions(second).admit(record)).toBe(true);
  });

  it('compares numeric versions as numbers', () => {
    const d = new DeliveredVersions();
    d.admit({ key: 'a', version: '9', raw: {} });
    expect(d.admit({ key: 'a', version: '10', raw: {} })).toBe(true);
  });
});

/** A ts-ordered fake of start_ts mode. */
function cursorApi(data: Array<{ id: string; ts: number }>, size: number, inclusive = false) {
  const requests: string[] = [];
  return {
    requests,
    fetchPage: async (cursor: string): Promise<FetchedPage> => {
      requests.push(cursor);
      const after = data.filter((r) => (inclusive ? r.ts >= Number(cursor) : r.ts > Number(cursor))).sort((a, b) => a.ts - b.ts);
      return { records: after.slice(0, size).map((r) => ({ ...r, v: r.ts })) };
    },
  };
}

async function drainCursor(api: ReturnType<typeof cursorApi>, size: number): Promise<{ keys: string[]; cursors: string[] }> {
  const keys: string[] = [];
  const cursors: string[] = [];
  for await (const page of readCursorPages('0', { fetchPage: api.fetchPage, identify, field: 'ts', size })) {
    keys.push(...page.records.map((r) => r.key));
    cursors.push(page.cursor);
  }
  return { keys, cursors };
}

describe('readCursorPages', () => {
  const data = Array.from({ length: 23 }, (_, i) => ({ id: `r${i}`, ts: 100 + i * 2 }));

  it.each([
    ['exclusive server', false, ['118', '138', '144']],
    // ts ≥ start_ts: each page starts with the last row of the one before, which is dropped.
    ['inclusive server', true, ['118', '136', '144']],
  ])('reads everything once from an %s', async (_name, inclusive, expectedCursors) => {
    const api = cursorApi(data, 10, inclusive);
    const { keys, cursors } = await drainCursor(api, 10);
    expect(keys).toEqual(data.map((r) => r.id));
    expect(cursors).toEqual(expectedCursors);
    expect(api.requests[0]).toBe('0');
  });

  it('keeps the highest ts of a key within a page', async () => {
    const api = cursorApi(
      [
        { id: 'a', ts: 5 },
        { id: 'b', ts: 6 },
        { id: 'a', ts: 7 },
      ],
      10,
    );
    const out: KeyedRecord[] = [];
    for await (const page of readCursorPages('0', { fetchPage: api.fetchPage, identify, field: 'ts', size: 10 })) out.push(...page.records);
    expect(out.map((r) => [r.key, r.raw.ts])).toEqual([
      ['a', 7],
      ['b', 6],
    ]);
  });

  it('aborts with SOURCE_PAGING when a full page does not advance the cursor', async () => {
    const stuck = { requests: [] as string[], fetchPage: async () => ({ records: data.slice(0, 10).map((r) => ({ ...r, v: r.ts })) }) };
    await expect(drainCursor(stuck as ReturnType<typeof cursorApi>, 10)).rejects.toMatchObject({ code: 'SOURCE_PAGING' });
  });

  it('rejects a record without an integer row version', async () => {
    const bad = { requests: [] as string[], fetchPage: async () => ({ records: [{ id: 'x', ts: 'abc' }] }) };
    await expect(drainCursor(bad as unknown as ReturnType<typeof cursorApi>, 10)).rejects.toMatchObject({ code: 'SOURCE_BAD_RESPONSE' });
  });

  it('compares row versions above 2^53 exactly', async () => {
    const big = ['9007199254740993', '9007199254740994'];
    let served = false;
    const api = {
      fetchPage: async (cursor: string): Promise<FetchedPage> => {
        if (served) return { records: cursor === big[1] ? [] : [{ id: 'late', ts: big[1] }] };
        served = true;
        return { records: [{ id: 'a', ts: big[0] }] };
      },
    };
    const cursors: string[] = [];
    for await (const page of readCursorPages('9007199254740992', { fetchPage: api.fetchPage, identify, field: 'ts', size: 10 })) cursors.push(page.cursor);
    expect(cursors).toEqual(big);
  });
});
