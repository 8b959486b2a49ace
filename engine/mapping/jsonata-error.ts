/**
 * Converts what JSONata throws — plain objects `{code, position, token, message}`, or our own
 * FerryErrors that it decorated with `position` on the way out of a function call — into
 * FerryErrors with a scheme location. The only file that knows JSONata's error codes.
 */
import { type ErrorCode, FerryError, type SchemeLocation } from '../errors.js';
import { withErrorContext } from './error-context.js';

/** Maps a character offset inside the expression source to a scheme location. */
export type OffsetLocator = (offset: number) => SchemeLocation | undefined;

interface JsonataErrorFields {
  code?: string;
  position?: number;
  token?: string;
  value?: unknown;
  message?: string;
}

function fieldsOf(err: unknown): JsonataErrorFields {
  return err !== null && typeof err === 'object' ? (err as JsonataErrorFields) : {};
}

/**
 * The 0-based offset where the offending token starts. JSONata reports `position` as the offset
 * just *after* the token; at the end of input (`token` "(end)") we point at the last non-blank
 * character so the caret stays on the line the author wrote.
 */
export function errorOffset(source: string, position: number | undefined, token: string | undefined): number {
  const last = Math.max(0, source.trimEnd().length - 1);
  if (position === undefined || !Number.isFinite(position)) return 0;
  if (token === undefined || token === '(end)' || position >= source.length) return Math.min(position, last);
  let start = source.lastIndexOf(token, position - 1);
  if (start < 0 || start + token.length > position) start = position - token.length;
  // Function and variable tokens are reported without their `$`.
  if (start > 0 && source[start - 1] === '$') start -= 1;
  return Math.max(0, Math.min(start, last));
}

/** A JSONata parse error as MAPPING_SYNTAX, located at the offending token. */
export function syntaxError(err: unknown, source: string, locate?: OffsetLocator): FerryError {
  const f = fieldsOf(err);
  const offset = errorOffset(source, f.position, f.token);
  const code = f.code ? ` [jsonata ${f.code}]` : '';
  return new FerryError('MAPPING_SYNTAX', `${f.message ?? 'invalid expression'}${code}`, {
    at: locate?.(offset),
    cause: err,
  });
}

function runtimeCode(f: JsonataErrorFields, err: unknown): ErrorCode {
  if (f.code === 'D1011' || f.code === 'D1012' || f.code === 'D2015') return 'MAPPING_TIMEOUT';
  if (err instanceof RangeError && /call stack/i.test(err.message)) return 'MAPPING_TIMEOUT';
  if (f.code === 'D3141') return 'ASSERTION_FAILED';
  if (f.code?.startsWith('S')) return 'MAPPING_SYNTAX';
  if (f.code?.startsWith('T')) return 'MAPPING_TYPE';
  return 'MAPPING_ERROR';
}

function runtimeMessage(f: JsonataErrorFields, code: ErrorCode): string {
  if (f.code === 'D1011') return `expression went deeper than ${String(f.value)} levels (runaway recursion?)`;
  if (f.code === 'D1012') return `expression ran longer than ${String(f.value)} ms (runaway loop?)`;
  if (code === 'MAPPING_TIMEOUT' && !f.code) return 'expression exhausted the call stack (runaway recursion?)';
  const text = f.message ?? 'expression failed';
  return f.code ? `${text} [jsonata ${f.code}]` : text;
}

/**
 * A failure while evaluating: our own FerryErrors keep their code and gain the location of the
 * call that raised them; JSONata's errors become MAPPING_TIMEOUT (time/depth/size limits),
 * ASSERTION_FAILED (`$assert`), MAPPING_TYPE (type errors, `T…`) or MAPPING_ERROR, with the
 * original in `cause`.
 */
export function evaluationError(err: unknown, source: string, locate?: OffsetLocator): FerryError {
  const f = fieldsOf(err);
  const at = f.position === undefined ? undefined : locate?.(errorOffset(source, f.position, f.token));
  if (err instanceof FerryError) return at ? withErrorContext(err, { at }) : err;
  const code = runtimeCode(f, err);
  return new FerryError(code, runtimeMessage(f, code), { at, cause: err });
}
