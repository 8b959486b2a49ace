/**
 * The one error type of ferry. Every failure that crosses a module boundary is a FerryError with a
 * code from the closed union below, a message in the user's terms, and — when a scheme caused it —
 * the place in the scheme. Retryability is decided where the fact is known (a connector knows a
 * rate-limit ban is retryable); only the runner decides to retry.
 */

/** Where in a scheme file a problem is. Lines and columns are 1-based. */
export interface SchemeLocation {
  file: string;
  line: number;
  col: number;
  /** JSON pointer of the offending node inside the scheme, e.g. `/target/formId`. */
  pointer?: string;
}

/** Whose fault a failure is: the scheme author's, the environment's (network, remote), or ours. */
export type Fault = 'user' | 'operational' | 'bug';

export const ERROR_CODES = {
  // scheme loading and validation
  YAML_SYNTAX: 'user',
  YAML_DUPLICATE_KEY: 'user',
  YAML_ALIAS_LIMIT: 'user',
  YAML_TOO_DEEP: 'user',
  YAML_CUSTOM_TAG: 'user',
  FILE_TOO_LARGE: 'user',
  FILE_NOT_UTF8: 'user',
  FILE_EMPTY: 'user',
  FILE_NOT_FOUND: 'user',
  SCHEMA_UNKNOWN_KEY: 'user',
  SCHEMA_MISSING_KEY: 'user',
  SCHEMA_TYPE: 'user',
  SCHEMA_ENUM: 'user',
  SCHEMA_INVALID: 'user',
  UNKNOWN_CONNECTION: 'user',
  CONNECTION_TYPE_MISMATCH: 'user',
  UNKNOWN_LOOKUP: 'user',
  LOOKUP_FILE_MISSING: 'user',
  LOOKUP_FILE_INVALID: 'user',
  ENV_UNSET: 'user',
  BAD_DURATION: 'user',
  BAD_CRON: 'user',
  MAPPING_SYNTAX: 'user',
  // per-record mapping outcomes (park the record, not the run)
  MAPPING_ERROR: 'user',
  MAPPING_EMPTY: 'user',
  MAPPING_TIMEOUT: 'user',
  MAPPING_TYPE: 'user',
  LOOKUP_MISS: 'user',
  ASSERTION_FAILED: 'user',
  MONEY_INVALID: 'user',
  DATE_INVALID: 'user',
  // source side
  SOURCE_AUTH: 'user',
  SOURCE_CLOCK_SKEW: 'operational',
  SOURCE_ARGUMENTS: 'user',
  SOURCE_RATE_LIMITED: 'operational',
  SOURCE_BANNED: 'operational',
  SOURCE_UNAVAILABLE: 'operational',
  SOURCE_BAD_RESPONSE: 'operational',
  SOURCE_PAGING: 'operational',
  SOURCE_REMOTE: 'operational',
  // target side
  TARGET_AUTH: 'user',
  TARGET_SESSION_LOST: 'operational',
  TARGET_RATE_LIMITED: 'operational',
  TARGET_UNAVAILABLE: 'operational',
  TARGET_BAD_RESPONSE: 'operational',
  TARGET_UNKNOWN_OUTCOME: 'operational',
  TARGET_REJECTED: 'user',
  TARGET_ALREADY_EXISTS: 'operational',
  TARGET_MASTER_DATA: 'user',
  TARGET_WAF: 'user',
  TARGET_QUERY: 'user',
  // state and run
  STATE_ERROR: 'operational',
  STATE_LOCKED: 'operational',
  RUN_ABORTED: 'operational',
  RECORD_CHANGED: 'user',
  USAGE: 'user',
  TEST_FAILED: 'user',
  INTERNAL: 'bug',
  // a caller asked the state store for something the ledger forbids (a runner bug)
  STATE_INVALID: 'bug',
  // a mapping expression calls a function or reads a variable that is defined nowhere
  MAPPING_UNKNOWN_NAME: 'user',
} as const satisfies Record<string, Fault>;

/** The closed set of error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

export interface FerryErrorOptions {
  at?: SchemeLocation;
  retryable?: boolean;
  /** Seconds the remote asked us to wait before trying again (rate-limit bans). */
  retryAfterSec?: number;
  cause?: unknown;
  /** Remote endpoint / method, remote code and message, for API errors. */
  remote?: { endpoint: string; code?: string | number; message?: string };
  /** Business key of the source record this error belongs to. */
  recordKey?: string;
  /** Target field path (e.g. `FEntity[0].FMaterialId.FNumber`) for mapping errors. */
  field?: string;
  /** A hint for the user: what to do next. */
  hint?: string;
  /** Problems on warning level are printed but do not fail `validate`. */
  severity?: 'error' | 'warning';
}

export class FerryError extends Error {
  readonly code: ErrorCode;
  readonly at?: SchemeLocation;
  readonly retryable: boolean;
  readonly retryAfterSec?: number;
  readonly remote?: FerryErrorOptions['remote'];
  readonly recordKey?: string;
  readonly field?: string;
  readonly hint?: string;
  readonly severity: 'error' | 'warning';

  constructor(code: ErrorCode, message: string, options: FerryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FerryError';
    this.code = code;
    this.at = options.at;
    this.retryable = options.retryable ?? false;
    this.retryAfterSec = options.retryAfterSec;
    this.remote = options.remote;
    this.recordKey = options.recordKey;
    this.field = options.field;
    this.hint = options.hint;
    this.severity = options.severity ?? 'error';
  }

  /** Whose fault this is, derived from the code. */
  get fault(): Fault {
    return ERROR_CODES[this.code];
  }

  /** A plain, secret-free object for JSON output and for the ledger. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.at && { at: this.at }),
      ...(this.remote && { remote: this.remote }),
      ...(this.recordKey !== undefined && { recordKey: this.recordKey }),
      ...(this.field !== undefined && { field: this.field }),
      ...(this.hint !== undefined && { hint: this.hint }),
      retryable: this.retryable,
    };
  }
}

/** Thrown by commands that found several scheme problems at once. */
export class FerryErrors extends Error {
  constructor(readonly problems: FerryError[]) {
    super(`${problems.length} problem(s)`);
    this.name = 'FerryErrors';
  }
}

/** True for FerryError instances (also across module copies). */
export function isFerryError(e: unknown): e is FerryError {
  return e instanceof FerryError;
}

/** Wraps anything thrown into a FerryError, keeping the original as `cause`. */
export function toFerryError(e: unknown, code: ErrorCode = 'INTERNAL'): FerryError {
  if (e instanceof FerryError) return e;
  const message = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  return new FerryError(code, message, { cause: e });
}
