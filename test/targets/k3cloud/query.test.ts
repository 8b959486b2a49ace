import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../engine/log.js';
import { startK3CloudSandbox } from '../../../engine/sandbox/k3cloud/server.js';
import type { K3Sandbox } from '../../../engine/sandbox/k3cloud/types.js';
import { createK3Client } from '../../../engine/targets/k3cloud/client.js';
import { createK3CloudTarget } from '../../../engine/targets/k3cloud/connector.js';
import { chunk, executeBillQuery, inList, quote } from '../../../engine/targets/k3cloud/query.js';
import type { TargetDocument } from '../../../engine/targets/types.js';
import { doc, recordingSleep, sandboxConnection, targetSpec, validModel } from './helpers.js';

let sb: K3Sandbox;
beforeEach(async () => {
  sb = await startK3CloudSandbox();
});
afterEach(() => sb.close());

const deps = () => ({ logger: silentLogger(), sleep: recordingSleep().sleep });

describe('FilterString helpers', () => {
  it.each([
    { name: 'plain', value: 'JST-1', quoted: "'JST-1'" },
    { name: 'single quote doubled', value: "O'Brien", quoted: "'O''Brien'" },
    { name: 'two quotes', value: "a''b", quoted: "'a''''b'" },
  ])('quote: $name', ({ value, quoted }) => {
    expect(quote(value)).toBe(quoted);
  });

  it('inList and chunk', () => {
    expect(inList('FBillNo', ['a', "b'"])).toBe("FBillNo in ('a','b''')");
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('findExisting', () => {
  it('finds existing bills in chunks of 200 with Limit sized to the chunk', async () => {
    const target = createK3CloudTarget(sandboxConnection(sb, 'password'), targetSpec(), deps());
    const written = Array.from({ length: 5 }, (_, i) => doc(i * 100 + 1));
    await target.write(written);
    const asked = Array.from({ length: 450 }, (_, i) => `JST-${String(i + 1).padStart(4, '0')}`);
    const found = await target.findExisting(asked);
    expect([...found.keys()].sort()).toEqual(written.map((d) => d.billNo).sort());
    expect(sb.stats.calls.ExecuteBillQuery).toBe(3);
  });

  it('bill numbers with quotes are escaped and found', async () => {
    const target = createK3CloudTarget(sandboxConnection(sb, 'password'), targetSpec(), deps());
    const quirky: TargetDocument = { key: 'q', billNo: "O'Brien-1", model: validModel("O'Brien-1") };
    await target.write([quirky]);
    const found = await target.findExisting(["O'Brien-1", "O'Brien-2"]);
    expect([...found.keys()]).toEqual(["O'Brien-1"]);
  });

  it('a bill with many entry rows is one result (header fields only)', async () => {
    const target = createK3CloudTarget(sandboxConnection(sb, 'password'), targetSpec(), deps());
    const rows = Array.from({ length: 4 }, () => ({ FMaterialID: { FNumber: 's111001' }, FRealQty: 1, FStockID: { FNumber: 'CK001' } }));
    await target.write([doc(1, { FEntity: rows })]);
    const found = await target.findExisting(['JST-0001']);
    expect(found.get('JST-0001')).toMatchObject({ number: 'JST-0001', status: 'A' });
    expect(found.size).toBe(1);
  });

  it('no numbers → no call', async () => {
    const target = createK3CloudTarget(sandboxConnection(sb, 'password'), targetSpec(), deps());
    expect((await target.findExisting([])).size).toBe(0);
    expect(sb.stats.calls.ExecuteBillQuery).toBeUndefined();
  });

  it('session lost inside the [[…]] wrapping → re-login once and the answer', async () => {
    const target = createK3CloudTarget(sandboxConnection(sb, 'password'), targetSpec(), deps());
    await target.write([doc(1)]);
    sb.expireSessions();
    expect((await target.findExisting(['JST-0001'])).size).toBe(1);
    expect(sb.stats.calls.ValidateUser).toBe(2);
  });
});

describe('[[{"Result":…}]] query errors are errors, never data rows', () => {
  it.each([
    { name: 'a form without FBillNo (MsgCode 9)', formId: 'BD_MATERIAL', msgCode: 9 },
    { name: 'an unknown form (MsgCode 4)', formId: 'SAL_OUTSTOCKX', msgCode: 4 },
  ])('findExisting on $name → TARGET_QUERY', async ({ formId, msgCode }) => {
    const target = createK3CloudTarget(sandboxConnection(sb, 'password'), targetSpec({ formId }), deps());
    await expect(target.findExisting(['JST-0001'])).rejects.toMatchObject({ code: 'TARGET_QUERY', remote: { endpoint: 'ExecuteBillQuery', code: msgCode } });
  });

  it.each([
    { name: 'unknown field key', fieldKeys: ['FNumber', 'FIssueType'], filter: '', msgCode: 9, field: undefined },
    { name: 'bad FilterString', fieldKeys: ['FNumber'], filter: "FNumber = = 'x'", msgCode: 4, field: undefined },
    { name: 'empty FieldKeys', fieldKeys: [], filter: '', msgCode: 8, field: undefined },
  ])('executeBillQuery with $name → TARGET_QUERY MsgCode $msgCode', async ({ fieldKeys, filter, msgCode }) => {
    const client = createK3Client(sandboxConnection(sb, 'password'), { ...deps(), fetch, now: Date.now });
    await expect(executeBillQuery(client, { formId: 'BD_MATERIAL', fieldKeys, filter, limit: 10 })).rejects.toMatchObject({
      code: 'TARGET_QUERY',
      retryable: false,
      remote: { code: msgCode },
    });
  });

  it('rows of a good query come back in FieldKeys order', async () => {
    const client = createK3Client(sandboxConnection(sb, 'password'), { ...deps(), fetch, now: Date.now });
    const rows = await executeBillQuery(client, {
      formId: 'BD_MATERIAL',
      fieldKeys: ['FNumber', 'FUseOrgId.FNumber', 'FForbidStatus'],
      filter: "FNumber in ('s111001','s111002') and FUseOrgId.FNumber='100'",
      limit: 10,
    });
    expect(rows).toEqual([
      ['s111001', '100', 'A'],
      ['s111002', '100', 'A'],
    ]);
  });
});

describe('ping', () => {
  it('logs in and runs a harmless currency query', async () => {
    const target = createK3CloudTarget(sandboxConnection(sb, 'appSecret'), targetSpec(), deps());
    await target.ping();
    expect(sb.stats.calls).toEqual({ LoginByAppSecret: 1, ExecuteBillQuery: 1 });
  });
});
