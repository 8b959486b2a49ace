import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every shipped sales-out is one bill or parked; nothing twice, nothing lost, amounts right. */
async function expectExactlyOnce(harness: Harness) {
  const audit = await harness.audit();
  expect(audit).toMatchObject({ duplicates: 0, unexpected: 0, lost: 0, mismatched: [] });
  expect(audit.bills + audit.parked).toBe(audit.shipped);
  return audit;
}

describe('ferry run against the sandboxes', () => {
  it('writes every shipped sales-out once; a second run writes nothing', async () => {
    h = await startHarness();
    const first = await h.run();
    expect([0, 3]).toContain(first.exitCode);
    const audit = await expectExactlyOnce(h);
    expect(audit.bills).toBeGreaterThan(100);
    expect(first.counts.written).toBe(audit.bills);
    const saves = h.pair.k3.stats.saves;
    const second = await h.run();
    expect(second.exitCode).toBe(0);
    expect(second.counts.written).toBe(0);
    expect(h.pair.k3.stats.saves).toBe(saves);
  });

  it('parks what cannot be written with its reason and keeps the source record', async () => {
    h = await startHarness();
    const summary = await h.run();
    expect(summary.exitCode).toBe(3);
    expect(Object.keys(summary.parkedByCode).sort()).toEqual(['LOOKUP_MISS', 'TARGET_MASTER_DATA']);
    const parked = await h.store.listParked(h.loaded.scheme.name, {});
    expect(parked.length).toBe(summary.counts.parked);
    for (const row of parked) {
      expect(row.record?.io_id).toBe(row.key);
      expect(row.lastError?.code).toMatch(/LOOKUP_MISS|TARGET_MASTER_DATA/);
    }
  });

  it.each([
    { name: 'session expiry every 5 calls', k3: { faults: { expireSessionEvery: 5 } } },
    { name: 'Kingdee call limit (MsgCode 14) bursts', k3: { faults: { callLimitNext: 3 } } },
    { name: 'commit, then the connection drops', k3: { faults: { commitThenDropNext: 2 } } },
    { name: 'commit, then the response times out', k3: { faults: { commitThenDelayNext: 1, commitThenDelayMs: 3_000 } }, k3TimeoutMs: 500 },
    { name: 'Kingdee HTTP 500 after sending', k3: { faults: { http5xxNext: 2 } } },
    { name: 'Qimen rate-limit ban', qimen: { faults: { ban: { nextN: 2, seconds: 1 } } } },
    { name: 'Qimen 502 and a reset', qimen: { faults: { serverError: { nextN: 1 }, reset: { nextN: 1 } } } },
    { name: 'records modified while paging', qimen: { faults: { shiftWhilePaging: { atPage: 2, count: 5, placement: 'windowEnd' as const, times: 3 } } } },
  ])('exactly once under faults: $name', async ({ k3, qimen, k3TimeoutMs }) => {
    h = await startHarness({ ...(k3 && { k3 }), ...(qimen && { qimen }), ...(k3TimeoutMs && { k3TimeoutMs }) });
    // A fault may outlast a run's retries (exit 1): nothing is lost, the next run finishes.
    for (let i = 0; i < 3 && (await h.run()).exitCode === 1; i++);
    await expectExactlyOnce(h);
    const saves = h.pair.k3.stats.saves;
    expect((await h.run()).counts.written).toBe(0);
    expect(h.pair.k3.stats.saves).toBe(saves);
  });

  it('partial batch failure: the rejected bills park with their own messages, the rest are written', async () => {
    h = await startHarness();
    const rejected = ['JST-1660003', 'JST-1660010'];
    h.pair.k3.faults.rejectBillNos = rejected;
    await h.run();
    const rows = await h.store.getRows(h.loaded.scheme.name, ['1660003', '1660010']);
    const parked = [...rows.values()].filter((r) => r.state === 'parked');
    for (const r of parked) expect(r.lastError).toMatchObject({ code: 'TARGET_REJECTED', recordKey: r.key });
    expect(h.pair.k3.bills().some((b) => rejected.includes(b.number))).toBe(false);
    await expectExactlyOnce(h);
  });

  const INCREMENTAL = { mode: 'incremental' as const, now: Date.parse('2024-05-04T00:10:00+08:00') };

  it('a failure that outlasts the retries before any write stops the run (exit 1) without moving the checkpoint', async () => {
    h = await startHarness({ k3: { faults: { callLimitNext: 1_000 } } });
    const first = await h.run(INCREMENTAL);
    expect(first.exitCode).toBe(1);
    expect(first.error).toMatchObject({ code: 'TARGET_RATE_LIMITED' });
    expect(await h.store.getCheckpoint(h.loaded.scheme.name)).toBeUndefined();
    h.pair.k3.faults.callLimitNext = 0;
    expect([0, 3]).toContain((await h.run(INCREMENTAL)).exitCode);
    expect(await h.store.getCheckpoint(h.loaded.scheme.name)).toBe('2024-05-04 00:08:00');
    await expectExactlyOnce(h);
  });

  it('writes whose outcome stays unknown stop the run with the rows left writing; the next run reconciles them by bill number', async () => {
    h = await startHarness({ k3: { faults: { commitThenDropNext: 1, http5xxNext: 0 } } });
    // The first BatchSave commits and drops; every call after it fails until the fault is lifted.
    const dropThenDown = setInterval(() => {
      if (h && h.pair.k3.stats.saves > 0) h.pair.k3.faults.http5xxNext = 1_000;
    }, 1);
    const first = await h.run(INCREMENTAL);
    clearInterval(dropThenDown);
    expect(first.exitCode).toBe(1);
    expect(await h.store.getCheckpoint(h.loaded.scheme.name)).toBeUndefined();
    const stuck = await h.store.oldestUnsettled(h.loaded.scheme.name);
    expect(stuck?.state).toMatch(/writing|unknown|seen/);
    h.pair.k3.faults.http5xxNext = 0;
    const second = await h.run(INCREMENTAL);
    expect([0, 3]).toContain(second.exitCode);
    expect(second.counts.reconciled).toBeGreaterThan(0);
    expect(await h.store.oldestUnsettled(h.loaded.scheme.name)).toBeUndefined();
    await expectExactlyOnce(h);
  });

  it('two concurrent runs of one scheme: the second refuses to start', async () => {
    h = await startHarness();
    const [a, b] = await Promise.allSettled([h.run(), h.run()]);
    const outcomes = [a, b].map((r) => (r.status === 'fulfilled' ? 'ran' : (r.reason as { code?: string }).code));
    expect(outcomes.sort()).toEqual(['STATE_LOCKED', 'ran']);
    await expectExactlyOnce(h);
  });

  it('dry run plans create/skip/park and writes nothing anywhere', async () => {
    h = await startHarness();
    const plan = await h.run({ dryRun: true });
    expect(h.pair.k3.stats.saves).toBe(0);
    expect(await h.store.countByState(h.loaded.scheme.name)).toMatchObject({ written: 0, parked: 0, skipped: 0 });
    const actions = new Set(plan.plan?.map((p) => p.action));
    expect(actions).toEqual(new Set(['create', 'skip', 'park']));
    await h.run();
    const again = await h.run({ dryRun: true });
    expect(again.plan?.filter((p) => p.action === 'create')).toEqual([]);
  });

  it('incremental runs: the checkpoint is the last settled window end; the next run starts there minus the lookback', async () => {
    h = await startHarness();
    const first = await h.run(INCREMENTAL);
    expect(first.windows[0]?.start).toBe('2024-05-01 00:00:00');
    expect(first.windows.at(-1)?.end).toBe('2024-05-04 00:08:00'); // now − lag (2m)
    expect(await h.store.getCheckpoint(h.loaded.scheme.name)).toBe('2024-05-04 00:08:00');
    const second = await h.run({ ...INCREMENTAL, now: Date.parse('2024-05-04T01:00:00+08:00') });
    expect(second.windows[0]?.start).toBe('2024-05-03 23:58:00'); // checkpoint − lookback (10m)
    expect(second.counts.written).toBe(0);
    await expectExactlyOnce(h);
  });
});
