import { FerryError } from '../errors.js';
import { DeliveredVersions } from './paging/types.js';
import type { SourcePage, TimeWindow } from './types.js';

/**
 * Reads several time windows at once and hands their pages on strictly in window order. The
 * runner's checkpoint moves past a window only when every earlier window is settled, so order is
 * the contract; concurrency only fills the time a slow page leaves unused in the rate budget
 * (every window's calls still go through the connector's one budget per credential).
 */

/** What `readWindowsInOrder` yields: each window bracketed by open/close, its pages in between. */
export type WindowEvent = { kind: 'open'; window: TimeWindow } | { kind: 'page'; page: SourcePage } | { kind: 'close'; window: TimeWindow };

/**
 * Reads one window's pages. `signal` aborts when the consumer stops, so a call in flight need not
 * be waited out; a reader that ignores it is still stopped through its iterator's `return()`.
 */
export type WindowReader = (window: TimeWindow, signal: AbortSignal) => AsyncIterable<SourcePage>;

/** How far ahead to read. */
export interface OrderedWindowsOptions {
  /** Windows read at once: the one being delivered and up to `parallel − 1` after it. 1 = sequential. */
  parallel: number;
  /** Pages a window ahead of the delivered one may hold before it waits (bounded memory). */
  bufferPages: number;
}

/** What one read of a window came to. */
type Outcome = { kind: 'page'; page: SourcePage } | { kind: 'error'; error: unknown } | { kind: 'done' };

/**
 * One window's reader and what it has read but not yet delivered. Ahead of the delivered window
 * it reads on its own until `bufferPages` pages wait; once delivered it reads only when asked.
 * Every `next()` it starts has its rejection handled here, so stopping never leaves one unhandled.
 */
class WindowSlot {
  private readonly controller = new AbortController();
  private readonly iterator: AsyncIterator<SourcePage> | undefined;
  private readonly ready: Outcome[] = [];
  private reading = false;
  private ended = false;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    read: WindowReader,
    window: TimeWindow,
    private readonly bufferPages: number,
    private ahead: boolean,
  ) {
    try {
      this.iterator = read(window, this.controller.signal)[Symbol.asyncIterator]();
    } catch (e) {
      this.settle({ kind: 'error', error: e });
    }
    this.fill();
  }

  /** This window is now the one delivered: no more reading on its own. */
  deliverNow(): void {
    this.ahead = false;
  }

  /** The next outcome in page order, reading one page if none is waiting. */
  take(): Promise<Outcome> {
    const waiting = this.ready.shift();
    if (waiting) return Promise.resolve(waiting);
    if (this.ended) return Promise.resolve({ kind: 'done' });
    if (!this.reading) this.pull();
    return new Promise((resolve) => {
      this.wake = () => resolve(this.ready.shift() ?? { kind: 'done' });
    });
  }

  /** Aborts a call in flight and returns the iterator (waiting for it to finish), unless it has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ended && !this.reading) return;
    this.controller.abort();
    try {
      await this.iterator?.return?.();
    } catch {
      // A reader failing while it is being stopped has nobody left to tell.
    }
  }

  private pull(): void {
    const it = this.iterator;
    if (!it) return;
    this.reading = true;
    let next: Promise<IteratorResult<SourcePage>>;
    try {
      next = it.next();
    } catch (e) {
      next = Promise.reject(e);
    }
    next.then(
      (r) => this.settle(r.done ? { kind: 'done' } : { kind: 'page', page: r.value }),
      (e: unknown) => this.settle({ kind: 'error', error: e }),
    );
  }

  private settle(outcome: Outcome): void {
    this.reading = false;
    if (outcome.kind !== 'page') this.ended = true;
    this.ready.push(outcome);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
    this.fill();
  }

  private fill(): void {
    if (this.ahead && !this.reading && !this.ended && !this.stopped && this.ready.length < this.bufferPages) this.pull();
  }
}

function checkOptions({ parallel, bufferPages }: OrderedWindowsOptions): void {
  for (const [name, value] of [
    ['parallel', parallel],
    ['bufferPages', bufferPages],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new FerryError('INTERNAL', `readWindowsInOrder: ${name} must be a positive integer, got ${value}`);
  }
}

/**
 * Keeps only the records whose key the previously delivered window did not deliver at the same
 * or a newer version. Neighbouring windows share their boundary second; read one after another the
 * source drops the second copy itself, but a window read concurrently with its predecessor cannot
 * see what that one delivered, so the check is repeated here, at delivery, where order is known.
 * The page is kept even when emptied, so page counts stay true.
 */
function dropDelivered(page: SourcePage, delivered: DeliveredVersions): SourcePage {
  const records = page.records.filter((r) => delivered.admit(r));
  return records.length === page.records.length ? page : { ...page, records };
}

/**
 * Yields, for each of `windows` in order: `open`, its pages in page order, `close` — one open/close
 * pair even for a window without pages. Up to `parallel` windows are read at once; a window ahead
 * of the delivered one buffers at most `bufferPages` pages, the delivered one reads only when asked
 * (so `parallel: 1` reads exactly as a plain loop over the windows does). A record already
 * delivered by the previous window (same key, same or newer version) is dropped; memory of
 * deliveries is one window deep. A reader's error is thrown when the consumer reaches that window,
 * after every earlier record. However the consumer stops (break, throw, a reader's error), every
 * reader still running is aborted and its iterator returned before this generator finishes.
 * Throws INTERNAL for a `parallel` or `bufferPages` that is not a positive integer.
 */
export async function* readWindowsInOrder(read: WindowReader, windows: readonly TimeWindow[], opts: OrderedWindowsOptions): AsyncGenerator<WindowEvent> {
  checkOptions(opts);
  const slots = new Map<number, WindowSlot>();
  let started = 0;
  const startAhead = (until: number) => {
    for (; started < Math.min(until, windows.length); started++) slots.set(started, new WindowSlot(read, windows[started]!, opts.bufferPages, true));
  };
  let previous: { end: string; delivered: DeliveredVersions } | undefined;
  try {
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i]!;
      let slot = slots.get(i);
      if (slot) slot.deliverNow();
      else {
        slot = new WindowSlot(read, window, opts.bufferPages, false);
        slots.set(i, slot);
        started = i + 1;
      }
      yield { kind: 'open', window };
      const delivered = new DeliveredVersions(previous?.end === window.start ? previous.delivered : undefined);
      for (;;) {
        // The delivered window asks first, so its call books the budget's earliest free slot.
        const next = slot.take();
        startAhead(i + opts.parallel);
        const outcome = await next;
        if (outcome.kind === 'error') throw outcome.error;
        if (outcome.kind === 'done') break;
        yield { kind: 'page', page: dropDelivered(outcome.page, delivered) };
      }
      slots.delete(i);
      previous = { end: window.end, delivered };
      yield { kind: 'close', window };
    }
  } finally {
    await Promise.all([...slots.values()].map((s) => s.stop()));
  }
}
