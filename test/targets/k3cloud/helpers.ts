/**
 * Shared fixtures of the K/3 Cloud connector and sandbox tests: a connection for each auth mode
 * pointed at a sandbox, a target spec, valid SAL_OUTSTOCK documents built from the sandbox
 * catalog, a logger whose lines are collected, and a manual clock.
 */
import type { Logger } from 'pino';
import { createLogger } from '../../../engine/log.js';
import { SANDBOX_BILL_TYPE, SANDBOX_CURRENCY, SANDBOX_ORG } from '../../../engine/sandbox/catalog.js';
import type { K3Sandbox } from '../../../engine/sandbox/k3cloud/types.js';
import type { K3CloudConnection, TargetSpec } from '../../../engine/scheme/types.js';
import type { TargetDocument } from '../../../engine/targets/types.js';

export type AuthMode = K3CloudConnection['auth'];

/** A connection to `sandbox` in `auth` mode with fast retries and a short timeout. */
export function sandboxConnection(sandbox: K3Sandbox, auth: AuthMode, overrides: Partial<K3CloudConnection> = {}): K3CloudConnection {
  const c = sandbox.credentials;
  return {
    type: 'k3cloud',
    url: sandbox.url,
    acctId: c.acctId,
    username: c.username,
    auth,
    ...(auth === 'password' ? { password: c.password } : { appId: c.appId, appSecret: c.appSecret }),
    timeoutMs: 2000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  };
}

/** A BatchSave target on SAL_OUTSTOCK. */
export function targetSpec(overrides: Partial<TargetSpec> = {}): TargetSpec {
  return {
    connection: 'kingdee',
    formId: 'SAL_OUTSTOCK',
    operation: 'batchSave',
    batchSize: 50,
    billNoField: 'FBillNo',
    onChange: 'skip',
    options: { isDeleteEntry: true, validateFlag: true, numberSearch: true },
    ...overrides,
  };
}

/** A SAL_OUTSTOCK model the sandbox accepts. */
export function validModel(billNo: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    FBillTypeID: { FNumber: SANDBOX_BILL_TYPE },
    FBillNo: billNo,
    FDate: '2024-05-01',
    FSaleOrgId: { FNumber: SANDBOX_ORG },
    FStockOrgId: { FNumber: SANDBOX_ORG },
    FCustomerID: { FNumber: 'CUST0001' },
    FOwnerTypeIdHead: 'BD_OwnerOrg',
    FNote: `jst ${billNo}`,
    SubHeadEntity: { FSettleCurrID: { FNumber: SANDBOX_CURRENCY }, FSettleOrgID: { FNumber: SANDBOX_ORG } },
    FEntity: [
      { FMaterialID: { FNumber: 's111001' }, FRealQty: 2, FTaxPrice: 19.99, FEntryTaxRate: 13, FStockID: { FNumber: 'CK001' } },
    ],
    ...overrides,
  };
}

/** Document `i` of a run: key `io-<i>`, bill number `JST-<i>`. */
export function doc(i: number, overrides: Record<string, unknown> = {}): TargetDocument {
  const billNo = `JST-${String(i).padStart(4, '0')}`;
  return { key: `io-${i}`, billNo, model: validModel(billNo, overrides) };
}

/** Documents 1..n. */
export function docs(n: number): TargetDocument[] {
  return Array.from({ length: n }, (_, i) => doc(i + 1));
}

/** A trace-level logger whose output lines are kept in `lines`. */
export function collectingLogger(secrets: string[] = []): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (l: string) => void lines.push(l) }, secrets });
  return { logger, lines };
}

/** A manual clock shared by client and sandbox. */
export function manualClock(start = Date.UTC(2024, 4, 1, 8)): { now: () => number; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A sleep that returns at once and remembers the requested delays. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { sleep: async (ms) => void delays.push(ms), delays };
}
