import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../engine/runner/adaptive-limit.js';
import { prefetch } from '../../engine/runner/prefetch.js';

describe('prefetch', () => {
  it('reads ahead at most `ahead` items while the consumer is busy, and keeps order', async () => {
    let produced = 0;
    async function* source() {
      for (let i = 0; i < 10; i++) {
        produced++;
        yield i;
      }
    }
    const seen: number[] = [];
    const maxAhead: number[] = [];
    for await (const v of prefetch(source(), 3)) {
      await new Promise((r) => setTimeout(r, 2));
      maxAhead.push(produced - seen.length - 1);
      seen.push(v);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...maxAhead)).toBeLessThanOrEqual(3);
    expect(Math.max(...maxAhead)).toBeGreaterThan(0);
  });

  it('surfaces a source error in order, after the items before it', async () => {
    async function* source() {
      yield 1;
      yield 2;
      throw new Error('boom');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const v of prefetch(source(), 4)) seen.push(v);
      })(),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([1, 2]);
  });
});

describe('AdaptiveLimit', () => {
  it.each([
    { name: 'push-back halves, never below 1', events: ['back', 'back', 'back', 'back'], max: 8, expected: 1 },
    { name: 'healthy calls climb back one at a time up to the maximum', events: ['back', ...Array(40).fill('ok')], max: 4, expected: 4 },
    { name: 'a latency spike counts as push-back', events: ['ok', 'slow'], max: 4, expected: 2 },
  ])('$name', ({ events, max, expected }) => {
    const limit = new AdaptiveLimit(max);
    for (const e of events) {
      if (e === 'back') limit.pushedBack();
      else limit.success(e === 'slow' ? 5_000 : 100);
    }
    expect(limit.value).toBe(expected);
  });

  it.each([
    { name: 'nothing to pace by before a call has answered', latencies: [], backs: 0, expected: 0 },
    { name: 'half a call time per slot', latencies: [100], backs: 0, expected: 100 / (2 * 4) },
    { name: 'fewer slots after push-back, wider spacing', latencies: [100], backs: 1, expected: 100 / (2 * 2) },
  ])('spacing: $name', ({ latencies, backs, expected }) => {
    const limit = new AdaptiveLimit(4);
    for (const ms of latencies) limit.success(ms);
    for (let i = 0; i < backs; i++) limit.pushedBack();
    expect(limit.spacingMs).toBeCloseTo(expected, 6);
  });
});
