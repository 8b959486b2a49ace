/**
 * The K/3 Cloud target connector: the TargetConnector contract (engine/targets/types.ts) over the
 * client, write, chain, query and master-data modules of this folder. One instance per run: it
 * holds the session and the master-data cache.
 */
import type { FerryError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { K3CloudConnection, TargetSpec } from '../../scheme/types.js';
import type { ExistingBill, TargetConnector, TargetDocument, WriteOutcome } from '../types.js';
import { runChain } from './chain.js';
import { unauditForUpdate } from './unaudit.js';
import { createK3Client, type K3Client } from './client.js';
import { createMasterDataChecker, type MasterDataQuery } from './master-data.js';
import { executeBillQuery, findBillsByNumber } from './query.js';
import { writeDocuments } from './write.js';

/** Effects and context the connector needs; everything but the logger has a production default. */
export interface K3CloudTargetDeps {
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The scheme's `vars`, for `$vars.name` in preflight `useOrg`. */
  vars?: Record<string, string | number | boolean>;
}

/** The K/3 Cloud connector: the TargetConnector contract plus master-data lookups for `ferry check`. */
export interface K3CloudTarget extends TargetConnector {
  /**
   * The subset of `query.numbers` that exist (enabled, audited) in `query.formId`, within
   * `query.useOrg` when given (a number or `$vars.name`). Cached for the connector's lifetime.
   */
  queryMasterData(query: MasterDataQuery): Promise<Set<string>>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Creates the connector. Throws TARGET_AUTH at once when the auth mode's credentials are missing;
 * nothing is sent until the first call.
 */
export function createK3CloudTarget(conn: K3CloudConnection, target: TargetSpec, deps: K3CloudTargetDeps): K3CloudTarget {
  const client: K3Client = createK3Client(conn, {
    logger: deps.logger,
    fetch: deps.fetch ?? globalThis.fetch,
    now: deps.now ?? Date.now,
    sleep: deps.sleep ?? realSleep,
  });
  const masterData = createMasterDataChecker(client, deps.vars);
  const log = deps.logger.child({ target: 'k3cloud', formId: target.formId });

  async function write(docs: TargetDocument[]): Promise<WriteOutcome[]> {
    if (docs.length === 0) return [];
    await unauditForUpdate(client, target, docs);
    const saved = await writeDocuments(client, target, docs);
    const outcomes = target.chain?.length ? await runChain(client, target, saved) : saved;
    const count = (kind: WriteOutcome['kind']) => outcomes.filter((o) => o.kind === kind).length;
    log.info({ docs: docs.length, written: count('written'), rejected: count('rejected'), unknown: count('unknown') }, 'k3cloud write');
    return outcomes;
  }

  async function findExisting(billNos: string[]): Promise<Map<string, ExistingBill>> {
    return findBillsByNumber(client, target.formId, billNos);
  }

  async function preflight(docs: TargetDocument[]): Promise<Map<string, FerryError>> {
    if (!target.preflight?.enabled || docs.length === 0) return new Map();
    return masterData.preflight(target.preflight.checks, docs);
  }

  async function ping(): Promise<void> {
    await client.ensureSession();
    await executeBillQuery(client, { formId: 'BD_Currency', fieldKeys: ['FNumber'], filter: '', limit: 1 });
  }

  return { write, findExisting, preflight, ping, close: () => client.close(), queryMasterData: (q) => masterData.existing(q) };
}
