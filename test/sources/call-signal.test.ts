import { describe, expect, it } from 'vitest';
import { callSignal } from '../../engine/sources/call-signal.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('callSignal', () => {
  it.each([
    { name: 'no parent, no timeout yet: not aborted', parent: 'none', abortParent: false, waitMs: 0, aborted: false, timedOut: false },
    { name: 'the parent aborts: the call aborts, not as a timeout', parent: 'live', abortParent: true, waitMs: 0, aborted: true, timedOut: false },
    { name: 'the parent was already aborted: aborted at once', parent: 'aborted', abortParent: false, waitMs: 0, aborted: true, timedOut: false },
    { name: 'the timeout passes: aborted as a timeout', parent: 'live', abortParent: false, waitMs: 40, aborted: true, timedOut: true },
  ])('$name', async ({ parent, abortParent, waitMs, aborted, timedOut }) => {
    const controller = new AbortController();
    if (parent === 'aborted') controller.abort();
    const call = callSignal(parent === 'none' ? undefined : controller.signal, 15);
    if (abortParent) controller.abort();
    await tick(waitMs);
    expect(call.signal.aborted).toBe(aborted);
    expect(call.timedOut).toBe(timedOut);
    if (timedOut) expect((call.signal.reason as DOMException).name).toBe('TimeoutError');
    call.done();
  });

  it('done() releases the parent and the timer: nothing fires afterwards', async () => {
    const parent = new AbortController();
    const call = callSignal(parent.signal, 15);
    call.done();
    parent.abort();
    await tick(40);
    expect(call.signal.aborted).toBe(false);
    expect(call.timedOut).toBe(false);
  });

  it('a long-lived parent keeps no listener per finished call', () => {
    const parent = new AbortController();
    let added = 0;
    let removed = 0;
    const add = parent.signal.addEventListener.bind(parent.signal);
    const remove = parent.signal.removeEventListener.bind(parent.signal);
    parent.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      return add(...args);
    }) as typeof add;
    parent.signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed++;
      return remove(...args);
    }) as typeof remove;
    for (let i = 0; i < 100; i++) callSignal(parent.signal, 1_000).done();
    expect(added).toBe(100);
    expect(removed).toBe(100);
  });
});
