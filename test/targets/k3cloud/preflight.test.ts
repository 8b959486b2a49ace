import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../engine/log.js';
import { startK3CloudSandbox } from '../../../engine/sandbox/k3cloud/server.js';
import type { K3Sandbox } from '../../../engine/sandbox/k3cloud/types.js';
import type { PreflightCheck } from '../../../engine/scheme/types.js';
import { createK3CloudTarget } from '../../../engine/targets/k3cloud/connector.js';
import { valuesAtPath } from '../../../engine/targets/k3cloud/master-data.js';
import { doc, docs, recordingSleep, sandboxConnection, targetSpec } from './helpers.js';

const CHECKS: PreflightCheck[] = [
  { kind: 'material', formId: 'BD_MATERIAL', field: 'FEntity.FMaterialId.FNumber', useOrg: '$vars.org' },
  { kind: 'customer', formId: 'BD_Customer', field: 'FCustomerID.FNumber', useOrg: '100' },
  { kind: 'stock', formId: 'BD_STOCK', field: 'FEntity.FStockID.FNumber', useOrg: '$vars.org' },
];

let sb: K3Sandbox;
beforeEach(async () => {
  sb = await startK3CloudSandbox();
});
afterEach(() => sb.close());

function target(checks = CHECKS, vars: Record<string, string> = { org: '100' }, enabled = true) {
  return createK3CloudTarget(sandboxConnection(sb, 'password'), targetSpec({ preflight: { enabled, checks } }), {
    logger: silentLogger(),
    sleep: recordingSleep().sleep,
    vars,
  });
}

const twoRows = (second: string) => [
  { FMaterialID: { FNumber: 's111001' }, FRealQty: 1, FStockID: { FNumber: 'CK001' } },
  { FMaterialID: { FNumber: second }, FRealQty: 1, FStockID: { FNumber: 'CK002' } },
];

describe('master-data preflight', () => {
  it('rejects a bill with a missing material before any write; one query per check', async () => {
    const t = target();
    const batch = [doc(1), doc(2, { FEntity: twoRows('s999001') }), doc(3)];
    const problems = await t.preflight?.(batch);
    expect([...(problems?.keys() ?? [])]).toEqual(['io-2']);
    const error = problems?.get('io-2');
    expect(error).toMatchObject({ code: 'TARGET_MASTER_DATA', recordKey: 'io-2', field: 'FEntity.FMaterialId.FNumber' });
    expect(error?.message).toBe('material s999001 does not exist (or is disabled) in org 100');
    expect(sb.stats.calls.ExecuteBillQuery).toBe(3);
    expect(sb.stats.calls.BatchSave).toBeUndefined();
    expect(sb.stats.saves).toBe(0);
  });

  it('joins several missing numbers of one bill into one error', async () => {
    const problems = await target().preflight?.([doc(1, { FCustomerID: { FNumber: 'CUST9999' }, FEntity: twoRows('s404') })]);
    expect(problems?.get('io-1')?.message).toBe('material s404 does not exist (or is disabled) in org 100; customer CUST9999 does not exist (or is disabled) in org 100');
  });

  it('caches answers per connector instance (per run)', async () => {
    const t = target();
    await t.preflight?.(docs(3));
    const after = sb.stats.calls.ExecuteBillQuery;
    await t.preflight?.(docs(3));
    expect(sb.stats.calls.ExecuteBillQuery).toBe(after);
    // New: material s111005 and stock CK002; the customer is known already.
    await t.preflight?.([doc(9, { FEntity: twoRows('s111005') })]);
    expect(sb.stats.calls.ExecuteBillQuery).toBe((after ?? 0) + 2);
  });

  it('an org without the material counts as missing', async () => {
    const problems = await target(CHECKS, { org: '200' }).preflight?.([doc(1)]);
    expect(problems?.get('io-1')?.message).toContain('material s111001 does not exist (or is disabled) in org 200');
  });

  it('a $vars name the scheme lacks is a scheme error', async () => {
    await expect(target(CHECKS, {}).preflight?.([doc(1)])).rejects.toMatchObject({ code: 'SCHEMA_INVALID' });
  });

  it('disabled preflight asks nothing', async () => {
    expect((await target(CHECKS, {}, false).preflight?.([doc(1)]))?.size).toBe(0);
    expect(sb.stats.calls).toEqual({});
  });

  it('queryMasterData returns the existing subset (for ferry check)', async () => {
    const found = await target().queryMasterData({ formId: 'BD_STOCK', numbers: ['CK001', 'CK003', 'CK404'], useOrg: '$vars.org' });
    expect([...found].sort()).toEqual(['CK001', 'CK003']);
    const currencies = await target().queryMasterData({ formId: 'BD_Currency', numbers: ['PRE001', 'PRE999'] });
    expect([...currencies]).toEqual(['PRE001']);
  });
});

describe('valuesAtPath', () => {
  const model = { FEntity: [{ FMATERIALID: { FNumber: 'a' } }, { FMaterialId: { FNUMBER: 'b' } }, { FMaterialId: {} }], FCustomerID: { FNumber: 7 } };
  it.each([
    { name: 'walks arrays, keys case-insensitively', path: 'FEntity.FMaterialId.FNumber', values: ['a', 'b'] },
    { name: 'numbers become strings', path: 'FCustomerID.FNumber', values: ['7'] },
    { name: 'a missing path gives nothing', path: 'FStockID.FNumber', values: [] },
  ])('$name', ({ path, values }) => {
    expect(valuesAtPath(model, path.split('.'))).toEqual(values);
  });
});
