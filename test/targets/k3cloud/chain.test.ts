import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../engine/log.js';
import { startK3CloudSandbox } from '../../../engine/sandbox/k3cloud/server.js';
import type { K3Faults, K3Sandbox } from '../../../engine/sandbox/k3cloud/types.js';
import type { TargetSpec } from '../../../engine/scheme/types.js';
import { createK3CloudTarget } from '../../../engine/targets/k3cloud/connector.js';
import { doc, docs, recordingSleep, sandboxConnection, targetSpec } from './helpers.js';

let sb: K3Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function setup(faults: K3Faults, spec: Partial<TargetSpec>) {
  sb = await startK3CloudSandbox({ faults });
  const target = createK3CloudTarget(sandboxConnection(sb, 'password'), targetSpec(spec), { logger: silentLogger(), sleep: recordingSleep().sleep });
  return { sb, target };
}

describe('Save → Submit → Audit chain', () => {
  it('an audit failure is reported on that bill only; it stays written', async () => {
    const { sb, target } = await setup({ failAuditBillNos: ['JST-0002'] }, { chain: ['submit', 'audit'] });
    const out = await target.write(docs(3));
    expect(out.map((o) => o.kind)).toEqual(['written', 'written', 'written']);
    const steps = out.map((o) => (o.kind === 'written' ? o.steps?.map((s) => `${s.step}:${s.ok}`) : []));
    expect(steps).toEqual([
      ['submit:true', 'audit:true'],
      ['submit:true', 'audit:false'],
      ['submit:true', 'audit:true'],
    ]);
    const failed = out[1]?.kind === 'written' ? out[1].steps?.[1]?.error : undefined;
    expect(failed).toMatchObject({ code: 'TARGET_REJECTED', recordKey: 'io-2', remote: { endpoint: 'Audit', code: 11 } });
    expect(sb.bills().map((b) => b.status)).toEqual(['C', 'B', 'C']);
    expect(sb.stats.calls).toMatchObject({ BatchSave: 1, Submit: 1, Audit: 1 });
  });

  it('only written bills enter the chain; a failed submit skips the audit', async () => {
    const { sb, target } = await setup({}, { chain: ['submit', 'audit'], options: { isAutoSubmitAndAudit: true } });
    const bad = doc(2);
    delete bad.model.FCustomerID;
    const out = await target.write([doc(1), bad]);
    expect(out.map((o) => o.kind)).toEqual(['written', 'rejected']);
    expect(out[0]).toMatchObject({ steps: [{ step: 'submit', ok: false, error: { code: 'TARGET_REJECTED', recordKey: 'io-1' } }] });
    expect(out[0]?.kind === 'written' && out[0].steps?.[0]?.error?.remote?.message).toContain('单据已经审核');
    expect(sb.stats.calls.Audit).toBeUndefined();
  });

  it('without a chain, no operation is called and outcomes have no steps', async () => {
    const { sb, target } = await setup({}, {});
    const out = await target.write(docs(2));
    expect(out.every((o) => o.kind === 'written' && o.steps === undefined)).toBe(true);
    expect(sb.stats.calls.Submit).toBeUndefined();
  });
});
