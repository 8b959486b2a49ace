import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FerryError } from '../../engine/errors.js';
import { silentLogger } from '../../engine/log.js';
import { BatchWriter, type ItemFate, type WorkItem } from '../../engine/runner/writer.js';
import { openStore } from '../../engine/state/open.js';
import type { StateStore } from '../../engine/state/store.js';
import type { TargetConnector, TargetDocument, WriteOutcome } from '../../engine/targets/types.js';

/**
 * The BatchWriter against a scripted target and a real SQLite ledger: how many calls it keeps in
 * flight, that one business key is never in two calls at once, how it backs off, and how it
 * spreads call starts once it knows how long a call takes.
 */

const SCHEME = 'writer-test';

interface Call {
  keys: string[];
  startedAt: number;
  endedAt?: number;
}

/** A target whose every call takes `latencyMs`; `answer` may turn a call's outcomes into something else. */
function scriptedTarget(latencyMs: number, answer?: (callIndex: number, docs: TargetDocument[]) => WriteOutcome[] | undefined) {
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const keysInFlight = new Set<string>();
  let keyOverlap = false;
  const target: TargetConnector = {
    async write(docs) {
      const call: Call = { keys: docs.map((d) => d.key), startedAt: performance.now() };
      const index = calls.push(call) - 1;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      for (const d of docs) {
        if (keysInFlight.has(d.key)) keyOverlap = true;
        keysInFlight.add(d.key);
      }
      await new Promise((r) => setTimeout(r, latencyMs));
      for (const d of docs) keysInFlight.delete(d.key);
      inFlight--;
      call.endedAt = performance.now();
      return answer?.(index, docs) ?? docs.map((d, i) => ({ kind: 'written' as const, key: d.key, id: `${index}-${i}`, number: d.billNo }));
    },
    findExisting: async () => new Map(),
    ping: async () => undefined,
  };
  return { target, calls, stats: () => ({ maxInFlight, keyOverlap }) };
}

const item = (key: string, version = 'v1'): WorkItem => ({
  key,
  version,
  record: { id: key, version },
  doc: { key, billNo: `B-${key}-${version}`, model: { FBillNo: `B-${key}-${version}` } },
  hash: `h-${key}-${version}`,
  unit: 0,
});

let store: StateStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function writerFor(target: TargetConnector, opts: { concurrency: number; batchSize: number }) {
  store = await openStore({ path: join(mkdtempSync(join(tmpdir(), 'ferry-writer-')), 'state.db'), cwd: process.cwd() });
  const fates: Array<[string, ItemFate]> = [];
  const writer = new BatchWriter({
    scheme: SCHEME,
    schemeVersion: 'test',
    store,
    target,
    logger: silentLogger(),
    batchSize: opts.batchSize,
    concurrency: opts.concurrency,
    maxAttempts: 3,
    preflight: false,
    sleep: async () => undefined,
    onSettled: (i, fate) => fates.push([i.key, fate]),
    onRetry: () => undefined,
  });
  return { writer, fates, store };
}

describe('BatchWriter', () => {
  it.each([1, 3])('keeps exactly %i call(s) in flight when there is enough work, never more', async (concurrency) => {
    const t = scriptedTarget(25);
    const { writer, fates } = await writerFor(t.target, { concurrency, batchSize: 5 });
    for (let i = 0; i < 60; i++) await writer.add(item(`k${i}`));
    await writer.flush();
    expect(t.stats().maxInFlight).toBe(concurrency);
    expect(t.calls).toHaveLength(12);
    expect(fates).toHaveLength(60);
    expect(new Set(fates.map(([k]) => k)).size).toBe(60);
  });

  it('never puts one business key in two calls at once: a new version waits for the old one to settle', async () => {
    const t = scriptedTarget(20);
    const { writer, store: s } = await writerFor(t.target, { concurrency: 4, batchSize: 3 });
    for (const k of ['a', 'b', 'c']) await writer.add(item(k));
    await writer.add(item('a', 'v2'));
    for (const k of ['d', 'e']) await writer.add(item(k));
    await writer.flush();
    expect(t.stats().keyOverlap).toBe(false);
    const callsWithA = t.calls.filter((c) => c.keys.includes('a'));
    expect(callsWithA).toHaveLength(2);
    expect(callsWithA[1]!.startedAt).toBeGreaterThanOrEqual(callsWithA[0]!.endedAt!);
    const row = (await s.getRows(SCHEME, ['a'])).get('a');
    expect(row).toMatchObject({ state: 'written', sourceVersion: 'v2' });
  });

  it('halves its concurrency when Kingdee answers call limit (MsgCode 14), and writes everything in the end', async () => {
    const limited = new FerryError('TARGET_RATE_LIMITED', 'k3cloud BatchSave: MsgCode 14 调用限制', { retryable: true });
    const t = scriptedTarget(5, (index, docs) => (index === 0 ? docs.map((d) => ({ kind: 'rejected' as const, key: d.key, error: limited })) : undefined));
    const { writer, fates } = await writerFor(t.target, { concurrency: 4, batchSize: 2 });
    await writer.add(item('x'));
    await writer.add(item('y'));
    await writer.flush();
    expect(writer.concurrency).toBe(2);
    expect(fates.map(([k, f]) => `${k}:${f}`).sort()).toEqual(['x:written', 'y:written']);
  });

  it('starts the first calls at once, then spreads starts by half a call time per slot', async () => {
    const latencyMs = 40;
    const concurrency = 4;
    const t = scriptedTarget(latencyMs);
    const { writer } = await writerFor(t.target, { concurrency, batchSize: 1 });
    for (let i = 0; i < 16; i++) await writer.add(item(`k${i}`));
    await writer.flush();
    const starts = t.calls.map((c) => c.startedAt);
    // Before any call has answered there is nothing to pace by: the first wave leaves together.
    expect(starts[concurrency - 1]! - starts[0]!).toBeLessThan(latencyMs / 2);
    // After that every start was reserved at least latency / (2 × slots) after the one before.
    // Timers and a busy machine add jitter to single gaps, so the median is judged: without
    // pacing, calls leave in waves of `concurrency` and most gaps are ~0.
    const later = starts.slice(concurrency);
    const gaps = later.slice(1).map((s, i) => s - later[i]!).sort((a, b) => a - b);
    const median = gaps[Math.floor(gaps.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(0.75 * (latencyMs / (2 * concurrency)));
  });
});
