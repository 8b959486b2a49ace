import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FerryError, isFerryError } from '../../engine/errors.js';
import { readWindowsInOrder, type WindowEvent, type WindowReader } from '../../engine/sources/ordered-windows.js';
import type { SourcePage, TimeWindow } from '../../engine/sources/types.js';

/** One scripted page: its records as [key, version], or an error thrown instead of it. */
type PageScript = { records: Array<[string, string]> } | { fail: string };

/** Hour-long neighbouring windows sharing their boundary second, as the planner makes them. */
const hour = (h: number) => `2024-05-01 ${String(h).padStart(2, '0')}:00:00`;
const windowAt = (i: number): TimeWindow => ({ start: hour(i), end: hour(i + 1) });
const indexOf = (w: TimeWindow) => Number(w.start.slice(11, 13));

/** A page of distinct records for window `w`, page `p`. */
const pageOf = (w: number, p: number, n = 2): PageScript => ({ records: Array.from({ length: n }, (_, r) => [`k${w}.${p}.${r}`, '1']) });

/**
 * A `read` that plays `scripts[window]` page by page, waiting `pause(window, page)` before each
 * page, and records what a reader did: how many windows were being read at once, pages read per
 * window, which iterators were returned.
 */
function scriptedReader(scripts: PageScript[][], pause: (w: number, p: number, signal: AbortSignal) => Promise<void> = () => Promise.resolve()) {
  const stats = { active: 0, maxActive: 0, produced: scripts.map(() => 0), returned: new Set<number>(), startedOrder: [] as number[] };
  const read: WindowReader = (window, signal) => {
    const w = indexOf(window);
    async function* pages(): AsyncGenerator<SourcePage> {
      stats.startedOrder.push(w);
      stats.active++;
      stats.maxActive = Math.max(stats.maxActive, stats.active);
      try {
        for (const [p, script] of (scripts[w] ?? []).entries()) {
          await pause(w, p, signal);
          if ('fail' in script) throw new FerryError('SOURCE_UNAVAILABLE', script.fail);
          stats.produced[w]!++;
          yield { window, pageIndex: p + 1, records: script.records.map(([key, version]) => ({ key, version, window, raw: { key } })) };
        }
      } finally {
        stats.active--;
      }
    }
    return {
      [Symbol.asyncIterator]() {
        const g = pages();
        return {
          next: () => g.next(),
          return: (v?: unknown) => {
            stats.returned.add(w);
            return g.return(v);
          },
        };
      },
    };
  };
  return { read, stats, windows: scripts.map((_, i) => windowAt(i)) };
}

/** Events as short strings: `open 0`, `page 0.1 k0.0.0@1 …`, `close 0`. */
function describeEvent(ev: WindowEvent): string {
  if (ev.kind === 'page') return `page ${indexOf(ev.page.window)}.${ev.page.pageIndex} ${ev.page.records.map((r) => `${r.key}@${r.version}`).join(' ')}`.trim();
  return `${ev.kind} ${indexOf(ev.window)}`;
}

/** What a correct reader yields for `scripts` with nothing dropped: every window in order. */
function expectedEvents(scripts: PageScript[][]): string[] {
  return scripts.flatMap((pages, w) => [
    `open ${w}`,
    ...pages.map((p, i) => ('records' in p ? `page ${w}.${i + 1} ${p.records.map(([k, v]) => `${k}@${v}`).join(' ')}`.trim() : 'error')),
    `close ${w}`,
  ]);
}

/** Drains the generator; calls `each` after every event (to slow the consumer or to check bounds). */
async function collect(events: AsyncIterable<WindowEvent>, each: (ev: WindowEvent) => unknown = () => undefined): Promise<string[]> {
  const seen: string[] = [];
  for await (const ev of events) {
    seen.push(describeEvent(ev));
    await each(ev);
  }
  return seen;
}

/** A promise that resolves on `open()`, or rejects when `signal` aborts. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open: () => open(), wait: (signal: AbortSignal) => Promise.race([opened, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new FerryError('RUN_ABORTED', 'aborted')), { once: true }))]) };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

let unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('readWindowsInOrder: order and bounds', () => {
  const scriptArb = fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }), { minLength: 1, maxLength: 6 });

  it('delivers every window in order under any completion order, within parallel and bufferPages', async () => {
    await fc.assert(
      fc.asyncProperty(scriptArb, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.scheduler(), async (shape, parallel, bufferPages, s) => {
        const scripts = shape.map((pages, w) => pages.map((n, p) => pageOf(w, p, n)));
        const consumed = scripts.map(() => 0);
        let overBuffer = 0;
        const { read, stats, windows } = scriptedReader(scripts, (w, p) => s.schedule(Promise.resolve(), `w${w}p${p}`));
        const run = collect(readWindowsInOrder(read, windows, { parallel, bufferPages }), async (ev) => {
          if (ev.kind === 'page') consumed[indexOf(ev.page.window)]!++;
          // Pages read but not yet handed on, per window: never more than the buffer (+1 read on demand).
          overBuffer = Math.max(overBuffer, ...stats.produced.map((n, w) => n - consumed[w]! - bufferPages));
          await s.schedule(Promise.resolve(), 'consumer');
        });
        expect(await s.waitFor(run)).toEqual(expectedEvents(scripts));
        expect(stats.maxActive).toBeLessThanOrEqual(parallel);
        expect(overBuffer).toBeLessThanOrEqual(0);
        expect(stats.active).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    { name: 'parallel 1: only the delivered window', parallel: 1, bufferPages: 2, reading: [0], held: [0, 0, 0, 0, 0] },
    { name: 'parallel 3: two windows ahead, each stops at its buffer', parallel: 3, bufferPages: 2, reading: [0, 1, 2], held: [0, 2, 2, 0, 0] },
    { name: 'parallel 5, buffer 1', parallel: 5, bufferPages: 1, reading: [0, 1, 2, 3, 4], held: [0, 1, 1, 1, 1] },
    { name: 'parallel 8 over 5 windows', parallel: 8, bufferPages: 4, reading: [0, 1, 2, 3, 4], held: [0, 3, 3, 3, 3] },
  ])('while the delivered window waits: $name', async ({ parallel, bufferPages, reading, held }) => {
    const first = gate();
    const scripts = Array.from({ length: 5 }, (_, w) => Array.from({ length: 3 }, (_, p) => pageOf(w, p)));
    const { read, stats, windows } = scriptedReader(scripts, (w, p, signal) => (w === 0 && p === 0 ? first.wait(signal) : Promise.resolve()));
    const it = readWindowsInOrder(read, windows, { parallel, bufferPages });
    expect((await it.next()).value).toEqual({ kind: 'open', window: windows[0] });
    const page = it.next();
    await tick();
    expect(stats.startedOrder).toEqual(reading);
    expect(stats.produced).toEqual(held);
    first.open();
    expect((await page).value).toMatchObject({ kind: 'page', page: { window: windows[0], pageIndex: 1 } });
    await it.return(undefined);
    expect(stats.active).toBe(0);
  });

  it('parallel 1 reads exactly as one window after another: nothing is read before it is asked for', async () => {
    const scripts = [[pageOf(0, 0), pageOf(0, 1)], [], [pageOf(2, 0)]];
    const trace: string[] = [];
    const { read, windows } = scriptedReader(scripts, (w, p) => {
      trace.push(`read ${w}.${p + 1}`);
      return Promise.resolve();
    });
    await collect(readWindowsInOrder(read, windows, { parallel: 1, bufferPages: 4 }), (ev) => trace.push(describeEvent(ev)));
    expect(trace.map((t) => t.split(' ').slice(0, 2).join(' '))).toEqual([
      'open 0', 'read 0.1', 'page 0.1', 'read 0.2', 'page 0.2', 'close 0',
      'open 1', 'close 1',
      'open 2', 'read 2.1', 'page 2.1', 'close 2',
    ]);
  });

  it('an empty window list yields nothing and reads nothing', async () => {
    const { read, stats } = scriptedReader([]);
    expect(await collect(readWindowsInOrder(read, [], { parallel: 3, bufferPages: 2 }))).toEqual([]);
    expect(stats.startedOrder).toEqual([]);
  });

  it.each([
    { name: 'parallel 0', parallel: 0, bufferPages: 1 },
    { name: 'parallel 1.5', parallel: 1.5, bufferPages: 1 },
    { name: 'bufferPages 0', parallel: 2, bufferPages: 0 },
  ])('rejects $name with INTERNAL', async ({ parallel, bufferPages }) => {
    const { read, windows } = scriptedReader([[pageOf(0, 0)]]);
    await expect(collect(readWindowsInOrder(read, windows, { parallel, bufferPages }))).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe.each([1, 3])('readWindowsInOrder: the shared boundary second (parallel %i)', (parallel) => {
  const windows = [windowAt(0), windowAt(1), windowAt(2)];
  it.each([
    {
      name: 'same key and version in the next window is dropped; its page stays',
      scripts: [[{ records: [['a', '5'], ['b', '5']] }], [{ records: [['b', '5']] }, { records: [['c', '6']] }], []],
      pages: ['page 0.1 a@5 b@5', 'page 1.1', 'page 1.2 c@6'],
    },
    {
      name: 'a newer version on the boundary is a real change and is kept',
      scripts: [[{ records: [['a', '5']] }], [{ records: [['a', '7']] }], []],
      pages: ['page 0.1 a@5', 'page 1.1 a@7'],
    },
    {
      name: 'an older version than the one delivered is dropped',
      scripts: [[{ records: [['a', '7']] }], [{ records: [['a', '5'], ['d', '5']] }], []],
      pages: ['page 0.1 a@7', 'page 1.1 d@5'],
    },
    {
      name: 'memory is one window deep: a key from two windows back is delivered again',
      scripts: [[{ records: [['a', '5']] }], [{ records: [['x', '5']] }], [{ records: [['a', '5']] }]],
      pages: ['page 0.1 a@5', 'page 1.1 x@5', 'page 2.1 a@5'],
    },
    {
      name: 'row versions compare as numbers, not text',
      scripts: [[{ records: [['a', '10']] }], [{ records: [['a', '9']] }], []],
      pages: ['page 0.1 a@10', 'page 1.1'],
    },
  ] as Array<{ name: string; scripts: PageScript[][]; pages: string[] }>)('$name', async ({ scripts, pages }) => {
    const { read } = scriptedReader(scripts);
    const events = await collect(readWindowsInOrder(read, windows, { parallel, bufferPages: 2 }));
    expect(events.filter((e) => e.startsWith('page'))).toEqual(pages);
  });

  it('windows that do not touch do not drop each other’s records', async () => {
    const apart = [windowAt(0), windowAt(2)];
    const { read } = scriptedReader([[{ records: [['a', '5']] }], [], [{ records: [['a', '5']] }]]);
    const events = await collect(readWindowsInOrder(read, apart, { parallel, bufferPages: 2 }));
    expect(events).toEqual(['open 0', 'page 0.1 a@5', 'close 0', 'open 2', 'page 2.1 a@5', 'close 2']);
  });
});

describe('readWindowsInOrder: errors and stopping early', () => {
  const fiveWindows = (failing: PageScript[]) => [[pageOf(0, 0), pageOf(0, 1)], [pageOf(1, 0)], failing, [pageOf(3, 0)], [pageOf(4, 0)]];

  it.each([
    { name: 'on its first read', failing: [{ fail: 'down' }] as PageScript[] },
    { name: 'after one page', failing: [pageOf(2, 0), { fail: 'down' }] as PageScript[] },
  ])('an error in window 3 $name arrives after every record of windows 1–2', async ({ failing }) => {
    const scripts = fiveWindows(failing);
    const { read, stats, windows } = scriptedReader(scripts);
    const seen: string[] = [];
    const error = await collect(readWindowsInOrder(read, windows, { parallel: 4, bufferPages: 2 }), (ev) => seen.push(describeEvent(ev))).catch((e: unknown) => e);
    expect(isFerryError(error) && error.code).toBe('SOURCE_UNAVAILABLE');
    expect(seen).toEqual(expectedEvents(scripts).slice(0, expectedEvents(scripts).indexOf('error')));
    expect(stats.active).toBe(0);
    expect(unhandled).toEqual([]);
  });

  it('a reader that throws as it is called surfaces in order too', async () => {
    const { read: inner, windows } = scriptedReader(fiveWindows([pageOf(2, 0)]));
    const read: WindowReader = (w, signal) => {
      if (indexOf(w) === 2) throw new FerryError('SOURCE_ARGUMENTS', 'bad window');
      return inner(w, signal);
    };
    const seen: string[] = [];
    const error = await collect(readWindowsInOrder(read, windows, { parallel: 3, bufferPages: 1 }), (ev) => seen.push(describeEvent(ev))).catch((e: unknown) => e);
    expect(isFerryError(error) && error.code).toBe('SOURCE_ARGUMENTS');
    expect(seen.at(-1)).toBe('open 2');
    expect(seen).toContain('close 1');
  });

  /** How the consumer stops after its first page. */
  const stops: Array<{ name: string; stop: (events: AsyncGenerator<WindowEvent>) => Promise<unknown> }> = [
    {
      name: 'break',
      stop: async (events) => {
        for await (const ev of events) if (ev.kind === 'page') break;
      },
    },
    {
      name: 'throw',
      stop: async (events) => {
        for await (const ev of events) if (ev.kind === 'page') throw new FerryError('TARGET_UNAVAILABLE', 'consumer failed');
      },
    },
  ];

  it.each(stops)('a consumer that stops early ($name) stops every running reader and leaves nothing pending', async ({ stop }) => {
    // Window 1 waits on a call that only the abort ends; windows 2–3 sit on full buffers.
    const never = gate();
    const scripts = Array.from({ length: 6 }, (_, w) => Array.from({ length: 3 }, (_, p) => pageOf(w, p)));
    const { read, stats, windows } = scriptedReader(scripts, (w, p, signal) => (w === 1 && p === 0 ? never.wait(signal) : Promise.resolve()));
    const events = readWindowsInOrder(read, windows, { parallel: 4, bufferPages: 1 });
    await stop(events).catch(() => undefined);
    expect(stats.active).toBe(0);
    // The delivered window 0 (mid-way) as well as the three ahead of it.
    expect([...stats.returned].sort()).toEqual([0, 1, 2, 3]);
    expect(stats.startedOrder).toEqual([0, 1, 2, 3]);
    await tick();
    expect(unhandled).toEqual([]);
  });

  it('a reader that ignores the abort is still returned once its call finishes', async () => {
    const slow = gate();
    const scripts = [[pageOf(0, 0)], [pageOf(1, 0), pageOf(1, 1)]];
    const { read, stats, windows } = scriptedReader(scripts, (w, p) => (w === 1 && p === 1 ? slow.wait(new AbortController().signal) : Promise.resolve()));
    const events = readWindowsInOrder(read, windows, { parallel: 2, bufferPages: 4 });
    await events.next();
    await events.next();
    await tick();
    const stopped = events.return(undefined);
    await tick();
    expect(stats.active).toBe(1);
    slow.open();
    await stopped;
    expect(stats.active).toBe(0);
    expect(stats.returned).toEqual(new Set([0, 1]));
  });
});
