import type { TargetSpec } from '../../scheme/types.js';
import type { TargetDocument } from '../types.js';
import type { K3Client } from './client.js';
import { K3_SERVICES } from './services.js';

/**
 * Before an update (a document with `fid`), bills that the scheme audits (isAutoSubmitAndAudit,
 * or an audit step in the chain) are un-audited: Kingdee refuses to modify an audited or
 * submitted bill ("单据已审核，不允许修改"). Best effort and per bill: a bill that was not audited
 * answers an error here and saves fine; one that stays audited fails its Save with Kingdee's own
 * message, which parks it with a reason a person can act on. Only ever called for bills already
 * written by this scheme, so nothing else is touched.
 */
export async function unauditForUpdate(client: K3Client, target: TargetSpec, docs: readonly TargetDocument[]): Promise<void> {
  const audits = target.options?.isAutoSubmitAndAudit === true || (target.chain ?? []).includes('audit');
  const numbers = docs.filter((d) => d.fid !== undefined).map((d) => d.billNo);
  if (!audits || numbers.length === 0) return;
  await client.call(K3_SERVICES.unAudit, { formid: target.formId, data: { Numbers: numbers } }, 'write');
}
