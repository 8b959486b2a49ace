import { afterEach, describe, expect, it } from 'vitest';
import { type LeanK3, startLeanK3 } from '../../bench/lean-k3.js';
import { silentLogger } from '../../engine/log.js';
import { startK3CloudSandbox } from '../../engine/sandbox/k3cloud/server.js';
import type { K3Sandbox } from '../../engine/sandbox/k3cloud/types.js';
import { createK3CloudTarget } from '../../engine/targets/k3cloud/connector.js';
import { docs, sandboxConnection, targetSpec } from '../targets/k3cloud/helpers.js';

let sandbox: K3Sandbox | undefined;
let lean: LeanK3 | undefined;
afterEach(async () => {
  await lean?.close();
  await sandbox?.close();
  lean = undefined;
  sandbox = undefined;
});

async function setup() {
  sandbox = await startK3CloudSandbox();
  lean = await startLeanK3(sandbox.url);
  const target = createK3CloudTarget({ ...sandboxConnection(sandbox, 'password'), url: lean.url }, targetSpec(), { logger: silentLogger() });
  return { sandbox, lean, target };
}

describe('the lean K/3 Cloud front of the memory benchmark', () => {
  it.each([
    { name: 'one bill', n: 1 },
    { name: 'a full batch', n: 50 },
  ])('ferry writes $name through it: every bill written, with its number and a fresh id', async ({ n }) => {
    const { sandbox, lean, target } = await setup();
    const out = await target.write(docs(n));
    expect(out.map((o) => o.kind)).toEqual(Array(n).fill('written'));
    expect(out.map((o) => (o.kind === 'written' ? o.number : ''))).toEqual(docs(n).map((d) => d.billNo));
    expect(new Set(out.map((o) => (o.kind === 'written' ? o.id : ''))).size).toBe(n);
    expect(lean.saves()).toBe(n);
    // Saves never reach the sandbox (nothing is stored); the login did.
    expect(sandbox.stats.calls.BatchSave).toBeUndefined();
    expect(sandbox.stats.calls.ValidateUser).toBe(1);
  });

  it('passes queries through to the sandbox, which knows nothing of the bills', async () => {
    const { sandbox, target } = await setup();
    await target.write(docs(3));
    expect((await target.findExisting(docs(3).map((d) => d.billNo))).size).toBe(0);
    expect(sandbox.stats.calls.ExecuteBillQuery).toBeGreaterThan(0);
  });

  it('passes a failed login through unchanged', async () => {
    const { sandbox, lean } = await setup();
    const target = createK3CloudTarget({ ...sandboxConnection(sandbox, 'password'), url: lean.url, password: 'wrong' }, targetSpec(), { logger: silentLogger() });
    await expect(target.write(docs(1))).rejects.toMatchObject({ code: 'TARGET_AUTH' });
    expect(lean.saves()).toBe(0);
  });
});
