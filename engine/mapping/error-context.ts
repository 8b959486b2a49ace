/**
 * Adds where-information to a FerryError as it travels outwards: the evaluator knows the place
 * inside the expression, the document builder the target field, the mapper the record key.
 */
import { FerryError, type SchemeLocation } from '../errors.js';

/** What an outer layer knows about an error raised further in. */
export interface ErrorContext {
  at?: SchemeLocation;
  recordKey?: string;
  field?: string;
}

/**
 * Returns `err` with the missing parts of `context` filled in. What the error already has wins:
 * the innermost layer knows most precisely (an offset inside the expression beats the start of
 * the expression). The original error's `cause` is kept, so a JSONata error stays one level down.
 */
export function withErrorContext(err: FerryError, context: ErrorContext): FerryError {
  const at = err.at ?? context.at;
  const recordKey = err.recordKey ?? context.recordKey;
  const field = err.field ?? context.field;
  if (at === err.at && recordKey === err.recordKey && field === err.field) return err;
  return new FerryError(err.code, err.message, {
    at,
    recordKey,
    field,
    retryable: err.retryable,
    retryAfterSec: err.retryAfterSec,
    remote: err.remote,
    hint: err.hint,
    severity: err.severity,
    cause: err.cause,
  });
}
