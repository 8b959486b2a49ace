import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../engine/log.js';
import { startK3CloudSandbox } from '../../../engine/sandbox/k3cloud/server.js';
import type { K3Faults, K3Sandbox } from '../../../engine/sandbox/k3cloud/types.js';
import { createK3CloudTarget } from '../../../engine/targets/k3cloud/connector.js';
import { docs, recordingSleep, sandboxConnection, targetSpec } from './helpers.js';

let sb: K3Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function setup(faults: K3Faults) {
  sb = await startK3CloudSandbox({ faults });
  const conn = sandboxConnection(sb, 'password', { timeoutMs: 250 });
  const target = createK3CloudTarget(conn, targetSpec(), { logger: silentLogger(), sleep: recordingSleep().sleep });
  await target.ping();
  return { sb, target };
}

const batch = docs(3);
const numbers = batch.map((d) => d.billNo);

describe.each([
  { name: 'commit, then an answer later than the client timeout', faults: { commitThenDelayNext: 1, commitThenDelayMs: 1500 }, committed: 3, remote: 'TIMEOUT' },
  { name: 'commit, then the connection is dropped', faults: { commitThenDropNext: 1 }, committed: 3, remote: expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET|EPIPE)$/) },
  { name: 'HTTP 500 (nothing committed)', faults: { http5xxNext: 1 }, committed: 0, remote: 500 },
  { name: 'response_error: server exception', faults: { responseErrorNext: 1 }, committed: 0, remote: undefined },
])('$name', ({ faults, committed, remote }) => {
  it('yields unknown outcomes without resending; findExisting then tells what landed', async () => {
    const { sb, target } = await setup({});
    Object.assign(sb.faults, faults);
    const out = await target.write(batch);

    expect(out.map((o) => o.kind)).toEqual(['unknown', 'unknown', 'unknown']);
    for (const [i, o] of out.entries()) {
      expect(o).toMatchObject({ key: batch[i]?.key, error: { code: 'TARGET_UNKNOWN_OUTCOME', retryable: true, recordKey: batch[i]?.key } });
      if (o.kind === 'unknown') expect(o.error.remote?.code).toEqual(remote);
    }
    expect(sb.stats.calls.BatchSave).toBe(1);
    expect(sb.bills()).toHaveLength(committed);

    const found = await target.findExisting(numbers);
    expect([...found.keys()].sort()).toEqual(committed ? numbers : []);
    if (committed) expect(found.get('JST-0001')).toEqual({ id: String(sb.bills()[0]?.id), number: 'JST-0001', status: 'A' });
  });
});

describe('reads after failures that may have happened on the server', () => {
  it('HTTP 500 on a query is retried', async () => {
    const { sb, target } = await setup({});
    await target.write(batch);
    sb.faults.http5xxNext = 2;
    expect((await target.findExisting(numbers)).size).toBe(3);
    expect(sb.stats.calls.ExecuteBillQuery).toBe(4);
  });

  it('a server exception on a query is not retried: TARGET_BAD_RESPONSE', async () => {
    const { sb, target } = await setup({});
    sb.faults.responseErrorNext = 1;
    await expect(target.findExisting(numbers)).rejects.toMatchObject({ code: 'TARGET_BAD_RESPONSE', remote: { endpoint: 'ExecuteBillQuery' } });
    expect(sb.stats.calls.ExecuteBillQuery).toBe(2);
  });
});

describe('chain steps after an unknown outcome', () => {
  it('a Submit whose connection breaks reports the step as unknown per bill and does not Audit', async () => {
    sb = await startK3CloudSandbox();
    const breakSubmit = (async (url: string | URL | Request, init?: RequestInit) => {
      if (String(url).includes('.Submit.')) throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
      return fetch(url, init);
    }) as typeof fetch;
    const conn = sandboxConnection(sb, 'password');
    const target = createK3CloudTarget(conn, targetSpec({ chain: ['submit', 'audit'] }), { logger: silentLogger(), fetch: breakSubmit, sleep: recordingSleep().sleep });
    const out = await target.write(docs(2));
    expect(out.map((o) => o.kind)).toEqual(['written', 'written']);
    for (const o of out) {
      if (o.kind !== 'written') continue;
      expect(o.steps).toEqual([{ step: 'submit', ok: false, error: expect.objectContaining({ code: 'TARGET_UNKNOWN_OUTCOME', recordKey: o.key }) }]);
    }
    expect(sb.stats.calls.Audit).toBeUndefined();
    expect(sb.bills().map((b) => b.status)).toEqual(['A', 'A']);
  });
});
