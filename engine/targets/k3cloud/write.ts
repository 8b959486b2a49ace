/**
 * Writing documents: one BatchSave per batch (or one Save per document), and turning the reply
 * into one outcome per document. Failures before anything ran are thrown (the client already
 * retried them); failures after the request may have run become `unknown` outcomes, never a
 * resend. Two resends are safe and done once each, because the reply proves nothing ran for the
 * resent documents: after a firewall (`<`) rejection, the documents without `<`; after a failed
 * batch, the documents the reply names neither as saved nor as failed.
 */
import { FerryError } from '../../errors.js';
import type { TargetSpec } from '../../scheme/types.js';
import type { TargetDocument, WriteOutcome } from '../types.js';
import type { K3Client } from './client.js';
import { badShapeError, wafError } from './errors.js';
import { readStatus, wafMessage } from './response.js';
import { buildSaveRequest } from './save-body.js';
import { decodeSaveFates } from './save-outcomes.js';
import { shortServiceName } from './services.js';

/** The model sent for a document: updates carry `FID` first (Save with the internal id = update). */
export function modelOf(doc: TargetDocument): Record<string, unknown> {
  if (doc.fid === undefined || doc.fid === '') return doc.model;
  const rest = Object.fromEntries(Object.entries(doc.model).filter(([k]) => k.toLowerCase() !== 'fid'));
  const fid = /^\d+$/.test(doc.fid) ? Number(doc.fid) : doc.fid;
  return { FID: fid, ...rest };
}

/** Dotted path of the first string value containing `<`, e.g. `FEntity[1].FEntrynote`. */
export function findLessThan(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('<') ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findLessThan(value[i], `${path}[${i}]`);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findLessThan(v, path ? `${path}.${k}` : k);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

/**
 * The `unknown` outcome of a document whose write may or may not have happened; `reason` is the
 * failure (its message already names the endpoint) or a plain explanation.
 */
export function unknownOutcome(doc: TargetDocument, endpoint: string, reason: FerryError | string): WriteOutcome {
  const why = typeof reason === 'string' ? `k3cloud ${endpoint}: ${reason}` : reason.message;
  const error = new FerryError('TARGET_UNKNOWN_OUTCOME', `${why}; bill ${doc.billNo || doc.key} may have been saved`, {
    retryable: true,
    recordKey: doc.key,
    hint: 'look the bill up by number (findExisting) before writing it again',
    ...(typeof reason !== 'string' && { cause: reason }),
    ...(typeof reason !== 'string' && reason.remote && { remote: reason.remote }),
  });
  return { kind: 'unknown', key: doc.key, error };
}

/** Writes `docs` per `target.operation`; one outcome per document, in input order. */
export async function writeDocuments(client: K3Client, target: TargetSpec, docs: TargetDocument[]): Promise<WriteOutcome[]> {
  if (target.operation === 'batchSave') return saveBatch(client, target, docs, 1);
  const out: WriteOutcome[] = [];
  for (const doc of docs) out.push(...(await saveBatch(client, target, [doc], 1)));
  return out;
}

async function saveBatch(client: K3Client, target: TargetSpec, docs: TargetDocument[], resends: number): Promise<WriteOutcome[]> {
  if (docs.length === 0) return [];
  const request = buildSaveRequest(target, docs.map(modelOf));
  const endpoint = shortServiceName(request.service);
  const reply = await client.call(request.service, request.body, 'write');
  if (!reply.ok) {
    if (!reply.mayHaveRun) throw reply.error;
    return docs.map((d) => unknownOutcome(d, endpoint, reply.error));
  }

  const waf = wafMessage(reply.body);
  if (waf !== undefined) {
    const offenders = docs.map((d) => findLessThan(d.model));
    const clean = docs.filter((_, i) => offenders[i] === undefined);
    const canResend = resends > 0 && clean.length > 0 && clean.length < docs.length;
    const resent = canResend ? await saveBatch(client, target, clean, resends - 1) : [];
    return docs.map((d, i) => {
      const field = offenders[i];
      if (field === undefined && canResend) return resent[clean.indexOf(d)] as WriteOutcome;
      return { kind: 'rejected', key: d.key, error: wafError(waf, { endpoint, recordKey: d.key, field }) };
    });
  }

  const status = readStatus(reply.body);
  if (!status) {
    const error = badShapeError(endpoint, reply.body);
    return docs.map((d) => unknownOutcome(d, endpoint, error));
  }
  const fates = decodeSaveFates(docs, status, reply.body, endpoint, (d, why) => unknownOutcome(d, endpoint, why));
  const unsaved = docs.filter((_, i) => fates[i]?.kind === 'notSaved');
  const resent = unsaved.length && resends > 0 ? await saveBatch(client, target, unsaved, resends - 1) : [];
  return fates.map((fate, i) => {
    if (fate.kind !== 'notSaved') return fate;
    const doc = docs[i] as TargetDocument;
    const again = resent[unsaved.indexOf(doc)];
    return again ?? unknownOutcome(doc, endpoint, 'the server neither saved nor rejected this bill');
  });
}
