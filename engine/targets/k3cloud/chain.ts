/**
 * The optional operation chain after a save (`target.chain: [submit, audit]`): each step is one
 * call with the `Numbers` of the bills still in the chain, and each bill gets its own step outcome.
 * A bill that saved but failed a step stays `written` (its Id and Number are real) with
 * `steps:[…, {step, ok:false, error}]`, and leaves the chain. Steps are never resent after a
 * possibly-run failure: the bill's step is reported as failed with TARGET_UNKNOWN_OUTCOME.
 */
import { FerryError } from '../../errors.js';
import type { TargetSpec } from '../../scheme/types.js';
import type { StepOutcome, WriteOutcome } from '../types.js';
import type { K3Client } from './client.js';
import { badShapeError, businessError, statusError } from './errors.js';
import { type K3ErrorEntry, readStatus } from './response.js';
import { K3_SERVICES } from './services.js';

type Step = StepOutcome['step'];
type Written = Extract<WriteOutcome, { kind: 'written' }>;

const STEP_SERVICE: Record<Step, string> = { submit: K3_SERVICES.submit, audit: K3_SERVICES.audit };
const STEP_ENDPOINT: Record<Step, string> = { submit: 'Submit', audit: 'Audit' };

/** Runs `target.chain` over the written outcomes; returns the outcomes with `steps` filled in. */
export async function runChain(client: K3Client, target: TargetSpec, outcomes: WriteOutcome[]): Promise<WriteOutcome[]> {
  const chain = target.chain ?? [];
  const steps = new Map<string, StepOutcome[]>();
  let inChain = outcomes.filter((o): o is Written => o.kind === 'written');
  for (const step of chain) {
    if (inChain.length === 0) break;
    const results = await runStep(client, target.formId, step, inChain);
    inChain.forEach((o, i) => {
      const result = results[i] as StepOutcome;
      steps.set(o.key, [...(steps.get(o.key) ?? []), result]);
    });
    inChain = inChain.filter((_, i) => results[i]?.ok);
  }
  return outcomes.map((o) => (o.kind === 'written' && steps.has(o.key) ? { ...o, steps: steps.get(o.key) } : o));
}

async function runStep(client: K3Client, formId: string, step: Step, bills: Written[]): Promise<StepOutcome[]> {
  const endpoint = STEP_ENDPOINT[step];
  const numbers = bills.map((b) => b.number);
  const reply = await client.call(STEP_SERVICE[step], { formid: formId, data: { Numbers: numbers } }, 'write');
  if (!reply.ok) {
    return bills.map((b) => {
      const error = reply.mayHaveRun ? unknownStep(endpoint, b, reply.error) : reply.error;
      return { step, ok: false, error };
    });
  }
  const status = readStatus(reply.body);
  if (!status) {
    const error = badShapeError(endpoint, reply.body);
    return bills.map(() => ({ step, ok: false, error }));
  }
  const done = new Set<number>();
  for (const s of status.successEntities) {
    const byNumber = s.number ? numbers.indexOf(s.number) : -1;
    const i = byNumber >= 0 ? byNumber : (s.dIndex ?? -1);
    if (i >= 0 && i < bills.length) done.add(i);
  }
  const errorsOf = new Map<number, K3ErrorEntry[]>();
  for (const e of status.errors) {
    const i = bills.length === 1 ? 0 : (e.dIndex ?? -1);
    if (i >= 0 && i < bills.length) errorsOf.set(i, [...(errorsOf.get(i) ?? []), e]);
  }
  return bills.map((b, i): StepOutcome => {
    if (done.has(i)) return { step, ok: true };
    const own = errorsOf.get(i);
    if (own) return { step, ok: false, error: businessError(status.msgCode, own, { endpoint, recordKey: b.key }) };
    if (!status.isSuccess && status.errors.length > 0 && status.successEntities.length === 0) {
      return { step, ok: false, error: statusError(status, { endpoint, recordKey: b.key }) };
    }
    return { step, ok: false, error: unknownStep(endpoint, b) };
  });
}

function unknownStep(endpoint: string, bill: Written, cause?: FerryError): FerryError {
  const why = cause ? cause.message : `k3cloud ${endpoint}: the server did not report this bill`;
  return new FerryError('TARGET_UNKNOWN_OUTCOME', `${why}; bill ${bill.number} may or may not have passed ${endpoint}`, {
    retryable: true,
    recordKey: bill.key,
    hint: 'check the bill status (FDocumentStatus) with findExisting',
    ...(cause && { cause }),
    ...(cause?.remote && { remote: cause.remote }),
  });
}
