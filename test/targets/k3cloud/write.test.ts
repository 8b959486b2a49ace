import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../engine/log.js';
import { startK3CloudSandbox } from '../../../engine/sandbox/k3cloud/server.js';
import type { K3Sandbox, K3SandboxOptions } from '../../../engine/sandbox/k3cloud/types.js';
import type { TargetSpec } from '../../../engine/scheme/types.js';
import { createK3CloudTarget } from '../../../engine/targets/k3cloud/connector.js';
import type { TargetDocument, WriteOutcome } from '../../../engine/targets/types.js';
import { doc, docs, recordingSleep, sandboxConnection, targetSpec, validModel } from './helpers.js';

let sb: K3Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function setup(options: K3SandboxOptions = {}, spec: Partial<TargetSpec> = {}) {
  sb = await startK3CloudSandbox(options);
  const { sleep, delays } = recordingSleep();
  const target = createK3CloudTarget(sandboxConnection(sb, 'password'), targetSpec(spec), { logger: silentLogger(), sleep });
  return { sb, target, delays };
}

const kinds = (out: WriteOutcome[]) => out.map((o) => o.kind);
const rejectedOf = (out: WriteOutcome[], key: string) => {
  const o = out.find((x) => x.key === key);
  if (o?.kind !== 'rejected') throw new Error(`${key} is ${o?.kind}`);
  return o.error;
};

/** Batch of 50 where io-7 lacks a customer, io-23 has no stock on its row, io-41 ships a material Kingdee lacks. */
function fiftyWithThreeBad(): TargetDocument[] {
  const batch = docs(50);
  const bad: Record<string, (m: Record<string, unknown>) => void> = {
    'io-7': (m) => delete m.FCustomerID,
    'io-23': (m) => delete (m.FEntity as Record<string, unknown>[])[0]!.FStockID,
    'io-41': (m) => ((m.FEntity as Record<string, unknown>[])[0]!.FMaterialID = { FNumber: 's999001' }),
  };
  for (const d of batch) bad[d.key]?.(d.model);
  return batch;
}

describe.each([
  { name: 'per-model commit', atomicBatch: false, batchSaves: 1 },
  { name: 'all-or-nothing server', atomicBatch: true, batchSaves: 2 },
])('a 50-bill BatchSave with 3 bad bills ($name)', ({ atomicBatch, batchSaves }) => {
  it('writes 47 with their Ids and rejects 3 with their own messages and keys', async () => {
    const { sb, target } = await setup({ atomicBatch });
    const out = await target.write(fiftyWithThreeBad());

    expect(out.filter((o) => o.kind === 'written')).toHaveLength(47);
    expect(out.map((o) => o.key)).toEqual(docs(50).map((d) => d.key));
    const stored = new Map(sb.bills().map((b) => [b.number, String(b.id)]));
    expect(stored.size).toBe(47);
    for (const o of out) if (o.kind === 'written') expect(o.id).toBe(stored.get(o.number));

    expect(rejectedOf(out, 'io-7')).toMatchObject({ code: 'TARGET_REJECTED', recordKey: 'io-7', field: 'FCustomerID', remote: { code: 11, message: '字段“客户”是必填项' } });
    expect(rejectedOf(out, 'io-23')).toMatchObject({ recordKey: 'io-23', field: 'FStockID', remote: { message: '单据体实体【明细信息】第【1】行分录，【仓库】字段必录' } });
    expect(rejectedOf(out, 'io-41')).toMatchObject({ recordKey: 'io-41', field: 'FMaterialID', remote: { message: '单据体实体【明细信息】第【1】行分录，【物料编码】字段必录' } });
    expect(sb.stats.calls.BatchSave).toBe(batchSaves);
  });
});

describe('write outcomes', () => {
  it('duplicate FBillNo → TARGET_ALREADY_EXISTS for that bill only; its neighbour is written', async () => {
    const { sb, target } = await setup();
    await target.write([doc(1)]);
    const out = await target.write([doc(1), doc(2)]);
    expect(kinds(out)).toEqual(['rejected', 'written']);
    expect(rejectedOf(out, 'io-1')).toMatchObject({ code: 'TARGET_ALREADY_EXISTS', retryable: false, field: 'FBillNo', remote: { endpoint: 'BatchSave', code: 11 } });
    expect(sb.bills()).toHaveLength(2);
  });

  it('the same bill number twice in one batch: the second is a duplicate', async () => {
    const { target } = await setup();
    const twin = { ...doc(1), key: 'io-1-again' };
    const out = await target.write([doc(1), twin]);
    expect(kinds(out)).toEqual(['written', 'rejected']);
    expect(rejectedOf(out, 'io-1-again').code).toBe('TARGET_ALREADY_EXISTS');
  });

  it('an update carries FID and replaces the entries (IsDeleteEntry)', async () => {
    const { sb, target } = await setup();
    const [first] = await target.write([doc(1)]);
    if (first?.kind !== 'written') throw new Error('not written');
    const entries = [
      { FMaterialID: { FNumber: 's111002' }, FRealQty: 1, FStockID: { FNumber: 'CK002' } },
      { FMaterialID: { FNumber: 's111003' }, FRealQty: 4, FStockID: { FNumber: 'CK002' } },
    ];
    const update = { ...doc(1, { FNote: 'changed', FEntity: entries }), fid: first.id };
    const [second] = await target.write([update]);
    expect(second).toMatchObject({ kind: 'written', id: first.id, number: 'JST-0001' });
    const [bill] = sb.bills();
    expect(sb.bills()).toHaveLength(1);
    expect(bill?.model.FNote).toBe('changed');
    expect(bill?.entries.map((e) => (e.FMaterialID as { FNumber: string }).FNumber)).toEqual(['s111002', 's111003']);
  });

  it('operation save: one Save per document, outcomes from the top-level Id/Number', async () => {
    const { sb, target } = await setup({}, { operation: 'save' });
    const bad = doc(2);
    delete bad.model.FDate;
    const out = await target.write([doc(1), bad, doc(3)]);
    expect(kinds(out)).toEqual(['written', 'rejected', 'written']);
    expect(rejectedOf(out, 'io-2')).toMatchObject({ field: 'FDate', remote: { endpoint: 'Save', message: '字段“日期”是必填项' } });
    expect(sb.stats.calls.Save).toBe(3);
    expect(sb.stats.calls.BatchSave).toBeUndefined();
  });

  it('auto-numbering: documents without FBillNo get the server number by DIndex', async () => {
    const { sb, target } = await setup();
    const noNumber = (i: number): TargetDocument => {
      const { FBillNo: _, ...model } = validModel('x');
      return { key: `io-${i}`, billNo: '', model };
    };
    const out = await target.write([noNumber(1), noNumber(2)]);
    expect(out.map((o) => (o.kind === 'written' ? o.number : o.kind))).toEqual(sb.bills().map((b) => b.number));
  });

  it('firewall rejection of "<": the offending bill is TARGET_WAF with its field, the rest are resent and written', async () => {
    const { sb, target } = await setup({ faults: { wafOnLessThan: true } });
    const batch = [doc(1), doc(2, { FNote: 'size <M>' }), doc(3)];
    const out = await target.write(batch);
    expect(kinds(out)).toEqual(['written', 'rejected', 'written']);
    expect(rejectedOf(out, 'io-2')).toMatchObject({ code: 'TARGET_WAF', field: 'FNote', recordKey: 'io-2' });
    expect(sb.stats.calls.BatchSave).toBe(2);
    expect(sb.bills().map((b) => b.number)).toEqual(['JST-0001', 'JST-0003']);
  });

  it('fault-injected rejections by DIndex and by bill number', async () => {
    const { target } = await setup({ faults: { rejectDIndex: [0], rejectBillNos: ['JST-0003'] } });
    const out = await target.write(docs(3));
    expect(kinds(out)).toEqual(['rejected', 'written', 'rejected']);
    expect(rejectedOf(out, 'io-3')).toMatchObject({ code: 'TARGET_REJECTED', recordKey: 'io-3', remote: { code: 11 } });
  });

  it('an unknown form id rejects every document with MsgCode 4', async () => {
    const { target } = await setup({}, { formId: 'STK_OutStock' });
    const out = await target.write(docs(3));
    expect(out.map((o) => (o.kind === 'rejected' ? `${o.error.code}/${o.error.remote?.code}` : o.kind))).toEqual(Array(3).fill('TARGET_REJECTED/4'));
  });

  it('MsgCode 14 (nothing done) is retried with backoff and then succeeds', async () => {
    const { sb, target, delays } = await setup({ faults: { callLimitNext: 2 } });
    const out = await target.write(docs(2));
    expect(kinds(out)).toEqual(['written', 'written']);
    expect(delays).toEqual([1, 2]);
    expect(sb.stats.calls.BatchSave).toBe(3);
    expect(sb.bills()).toHaveLength(2);
  });

  it('MsgCode 14 past the retry budget → the call throws a retryable TARGET_RATE_LIMITED', async () => {
    const { sb, target } = await setup({ faults: { callLimitNext: 10 } });
    await expect(target.write(docs(2))).rejects.toMatchObject({ code: 'TARGET_RATE_LIMITED', retryable: true, remote: { code: 14 } });
    expect(sb.stats.calls.BatchSave).toBe(3);
    expect(sb.bills()).toHaveLength(0);
  });

  it('empty input makes no call', async () => {
    const { sb, target } = await setup();
    expect(await target.write([])).toEqual([]);
    expect(sb.stats.calls).toEqual({});
  });
});

describe('concurrency limit of the server', () => {
  it('saves beyond maxConcurrentSaves get MsgCode 14 and succeed after backoff', async () => {
    sb = await startK3CloudSandbox({ maxConcurrentSaves: 1, saveLatencyMs: 40 });
    const conn = sandboxConnection(sb, 'password', { retry: { maxAttempts: 5, baseDelayMs: 30, maxDelayMs: 200 } });
    const a = createK3CloudTarget(conn, targetSpec(), { logger: silentLogger() });
    const b = createK3CloudTarget(conn, targetSpec(), { logger: silentLogger() });
    await Promise.all([a.ping(), b.ping()]);
    const [outA, outB] = await Promise.all([a.write([doc(1)]), b.write([doc(2)])]);
    expect([...kinds(outA ?? []), ...kinds(outB ?? [])]).toEqual(['written', 'written']);
    expect(sb.stats.calls.BatchSave).toBeGreaterThan(2);
    expect(sb.bills()).toHaveLength(2);
  });
});

describe('replies that saved something are never replayed', () => {
  /** A fetch that logs in and then answers every BatchSave with `reply`, counting the BatchSaves. */
  function scripted(reply: unknown) {
    const counter = { batchSaves: 0 };
    const fetch = (async (url: string | URL | Request) => {
      if (String(url).includes('ValidateUser')) {
        return new Response(JSON.stringify({ LoginResultType: 1, KDSVCSessionId: 'kd', Context: { SessionId: 'asp' } }));
      }
      counter.batchSaves++;
      return new Response(JSON.stringify(reply));
    }) as typeof globalThis.fetch;
    return { fetch, counter };
  }

  it.each([
    { name: 'MsgCode 14', msgCode: 14, message: '调用限制', code: 'TARGET_RATE_LIMITED' },
    { name: 'MsgCode 1', msgCode: 1, message: '会话信息已丢失，请重新登录', code: 'TARGET_SESSION_LOST' },
  ])('$name with a success entity: one call, the saved bill written, the other rejected', async ({ msgCode, message, code }) => {
    const { fetch, counter } = scripted({
      Result: {
        ResponseStatus: {
          ErrorCode: 500,
          IsSuccess: false,
          MsgCode: msgCode,
          Errors: [{ FieldName: null, Message: message, DIndex: 1 }],
          SuccessEntitys: [{ Id: 5, Number: 'JST-0001', DIndex: 0 }],
        },
      },
    });
    const conn = { type: 'k3cloud' as const, url: 'http://erp.invalid/k3cloud/', acctId: 'a', username: 'u', auth: 'password' as const, password: 'p' };
    const target = createK3CloudTarget(conn, targetSpec(), { logger: silentLogger(), fetch, sleep: recordingSleep().sleep });
    const out = await target.write(docs(2));
    expect(counter.batchSaves).toBe(1);
    expect(out[0]).toMatchObject({ kind: 'written', id: '5' });
    expect(out[1]).toMatchObject({ kind: 'rejected', error: { code, retryable: true, recordKey: 'io-2' } });
  });
});
