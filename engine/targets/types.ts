import type { FerryError } from '../errors.js';

/** A mapped document ready to be written, with the business key it came from. */
export interface TargetDocument {
  key: string;
  billNo: string;
  model: Record<string, unknown>;
  /** Set for updates of an already written bill (Save with the FID). */
  fid?: string;
}

/** The fate of one document in a write call. */
export type WriteOutcome =
  | { kind: 'written'; key: string; id: string; number: string; steps?: StepOutcome[] }
  | { kind: 'rejected'; key: string; error: FerryError }
  /** The call failed in a way that leaves the document's fate unknown (timeout after send). */
  | { kind: 'unknown'; key: string; error: FerryError };

/** An operation after save (submit, audit) tracked per bill. */
export interface StepOutcome {
  step: 'submit' | 'audit';
  ok: boolean;
  error?: FerryError;
}

/** An existing bill found by number. */
export interface ExistingBill {
  id: string;
  number: string;
  status: string;
}

/**
 * A target connector. The runner calls `write` with at most `batchSize` documents and gets one
 * outcome per document, in input order. A rejected document never fails its neighbours. Errors
 * that concern the whole call (retries exhausted on a rate limit before anything was sent) are
 * thrown as FerryErrors with `retryable`; a call whose outcome is unknown yields `unknown`
 * outcomes, to be reconciled with `findExisting`.
 */
export interface TargetConnector {
  write(docs: TargetDocument[]): Promise<WriteOutcome[]>;
  findExisting(billNos: string[]): Promise<Map<string, ExistingBill>>;
  /** Master-data preflight: documents that reference missing numbers, by key. */
  preflight?(docs: TargetDocument[]): Promise<Map<string, FerryError>>;
  /** Which of `numbers` exist (and are usable) in master-data form `formId` (used by `ferry check`). */
  queryMasterData?(q: { formId: string; numbers: readonly string[]; useOrg?: string }): Promise<Set<string>>;
  /** Logs in and runs a harmless query (used by `ferry check`). */
  ping(): Promise<void>;
  close?(): Promise<void>;
}
