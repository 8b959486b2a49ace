/**
 * Reading a Save/BatchSave reply back into one fate per document (spec §4.1, §4.3). `SuccessEntitys`
 * are matched by the returned Number when it is one of the batch's bill numbers, else by DIndex;
 * `Errors` are grouped by DIndex so each document gets every message about itself. A document the
 * reply names neither way is `notSaved`: nothing was done for it (an all-or-nothing server rolled
 * it back because of a neighbour), and the caller may send it again.
 */
import type { FerryError } from '../../errors.js';
import type { TargetDocument, WriteOutcome } from '../types.js';
import { businessError } from './errors.js';
import type { K3ErrorEntry, K3Status } from './response.js';
import { readSaveIdentity } from './response.js';

/** The fate of one document as the reply tells it. */
export type SaveFate = WriteOutcome | { kind: 'notSaved'; key: string };

/**
 * MsgCodes that concern the call, not one model: permission, empty operation/form, unknown form
 * (4), licence, parameter error (8), admin login. Every unsaved document shares such an error.
 */
const WHOLE_CALL_CODES = new Set([2, 3, 4, 5, 7, 8, 15]);

function indexOfEntity(docs: readonly TargetDocument[], byNumber: Map<string, number>, number: string, dIndex?: number) {
  const byNo = number ? byNumber.get(number) : undefined;
  if (byNo !== undefined) return byNo;
  return dIndex !== undefined && dIndex >= 0 && dIndex < docs.length ? dIndex : undefined;
}

/**
 * Per-document fates of a decoded Save/BatchSave status, in input order. `unknownFate` builds the
 * outcome for a document the server claims success for but does not list (a reply we cannot trust).
 */
export function decodeSaveFates(
  docs: readonly TargetDocument[],
  status: K3Status,
  body: unknown,
  endpoint: string,
  unknownFate: (doc: TargetDocument, why: string) => WriteOutcome,
): SaveFate[] {
  const byNumber = new Map<string, number>();
  docs.forEach((d, i) => {
    if (d.billNo && !byNumber.has(d.billNo)) byNumber.set(d.billNo, i);
  });

  const saved = new Map<number, { id: string; number: string }>();
  for (const s of status.successEntities) {
    const i = indexOfEntity(docs, byNumber, s.number, s.dIndex);
    if (i !== undefined && s.id) saved.set(i, { id: s.id, number: s.number || (docs[i]?.billNo ?? '') });
  }
  const single = readSaveIdentity(body);
  if (docs.length === 1 && !saved.has(0) && single && status.isSuccess) saved.set(0, single);

  const errorsOf = new Map<number, K3ErrorEntry[]>();
  const general: K3ErrorEntry[] = [];
  for (const e of status.errors) {
    const i = docs.length === 1 ? 0 : e.dIndex !== undefined && e.dIndex < docs.length ? e.dIndex : undefined;
    if (i === undefined) general.push(e);
    else errorsOf.set(i, [...(errorsOf.get(i) ?? []), e]);
  }
  const wholeCall = !status.isSuccess && WHOLE_CALL_CODES.has(status.msgCode);

  return docs.map((doc, i): SaveFate => {
    const ok = saved.get(i);
    if (ok) return { kind: 'written', key: doc.key, id: ok.id, number: ok.number };
    const own = errorsOf.get(i);
    if (wholeCall) return rejected(doc, status.msgCode, status.errors, endpoint);
    if (own) return rejected(doc, status.msgCode, own, endpoint);
    // Errors without a usable DIndex cannot be placed: every unsaved document shows them.
    if (general.length) return rejected(doc, status.msgCode, general, endpoint);
    if (!status.isSuccess) return { kind: 'notSaved', key: doc.key };
    return unknownFate(doc, 'the server reported success but did not list this bill');
  });
}

function rejected(doc: TargetDocument, msgCode: number, entries: K3ErrorEntry[], endpoint: string): WriteOutcome {
  const error: FerryError = businessError(msgCode, entries, { endpoint, recordKey: doc.key });
  return { kind: 'rejected', key: doc.key, error };
}
