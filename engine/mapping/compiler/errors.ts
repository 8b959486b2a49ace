/**
 * How compiled code fails, in JSONata's own terms, so that `evaluationError` (jsonata-error.ts)
 * turns a compiled failure into exactly the FerryError the interpreter path produces: same code,
 * same `position`/`token` (hence the same scheme location), same message text.
 *
 * Two non-errors travel the same way: `NotCompilable` (compile time: this expression stays with
 * the interpreter, with a reason for `ferry validate --explain`) and `NEEDS_INTERPRETER` (run time:
 * this one evaluation met a case the compiled code does not model; the caller re-runs it in
 * JSONata, which is safe because compiled code has no side effects).
 */

/** The fields JSONata puts on its errors and on errors passing through a call or an operator. */
export interface Located {
  position?: number;
  token?: string;
}

/**
 * A JSONata runtime error raised by compiled code: JSONata's code (`T2001`, `D3030`…), the
 * offending value and, once known, the position/token JSONata would have attached.
 */
export class JsonataRuntimeError extends Error implements Located {
  readonly code: string;
  position?: number;
  token?: string;
  readonly value?: unknown;
  readonly value2?: unknown;
  readonly index?: number;
  readonly type?: string;

  constructor(code: string, fields: Omit<Partial<JsonataRuntimeError>, 'code'> = {}) {
    super(code);
    this.code = code;
    Object.assign(this, fields);
    this.message = messageFor(this);
  }
}

/** Thrown while compiling: the expression is evaluated by JSONata; `reason` says why. */
export class NotCompilable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The signal type behind NEEDS_INTERPRETER. */
export class NeedsInterpreter extends Error {}

/**
 * Thrown by compiled code for an input it does not model (a per-evaluation binding shadowing a
 * called function, a function value handed to a scheme function, several failing members of one
 * constructor…). One shared instance: it is a signal, not a report.
 */
export const NEEDS_INTERPRETER = new NeedsInterpreter('evaluate this input with JSONata');

/** JSONata 2.2.2's message templates for the codes compiled code can raise. */
const TEMPLATES: Readonly<Record<string, string>> = {
  T0410: 'Argument {{index}} of function {{token}} does not match function signature',
  T0411: 'Context value is not a compatible type with argument {{index}} of function {{token}}',
  T0412: 'Argument {{index}} of function {{token}} must be an array of {{type}}',
  D1001: 'Number out of range: {{value}}',
  D1002: 'Cannot negate a non-numeric value: {{value}}',
  T1003: 'Key in object structure must evaluate to a string; got: {{value}}',
  D1009: 'Multiple key definitions evaluate to same key: {{value}}',
  D1013: 'Object property names starting with _jsonata_ are reserved for internal use: {{value}}',
  T2001: 'The left side of the {{token}} operator must evaluate to a number',
  T2002: 'The right side of the {{token}} operator must evaluate to a number',
  T2009: 'The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type',
  T2010: 'The expressions either side of operator {{token}} must evaluate to numeric or string values',
  D3001: 'Attempting to invoke string function on Infinity or NaN',
  D3010: 'Second argument of replace function cannot be an empty string',
  D3011: 'Fourth argument of replace function must evaluate to a positive number',
  D3030: 'Unable to cast value to a number: {{value}}',
};

/** JSONata's `populateMessage`: `{{field}}` becomes the JSON of that field of the error. */
function messageFor(err: JsonataRuntimeError): string {
  const template = TEMPLATES[err.code];
  if (template === undefined) return err.code;
  const fields = err as unknown as Record<string, unknown>;
  return template.replace(/\{\{([^}]+)}}/g, (_m, name: string) => String(JSON.stringify(fields[name])));
}

/**
 * Re-renders the message of a compiled-code error after the token was rewritten on the way out
 * (JSONata fills its messages only when the error leaves `evaluate()`). Other errors are untouched.
 */
export function finishError(err: unknown): void {
  if (err instanceof JsonataRuntimeError) err.message = messageFor(err);
}

/** True for errors that carry a JSONata location (everything but the NEEDS_INTERPRETER signal). */
function isLocatable(err: unknown): err is Located & object {
  return err !== null && typeof err === 'object' && !(err instanceof NeedsInterpreter);
}

/** An operator's catch block: the error is placed at the operator, whatever it said before. */
export function placeAtOperator(err: unknown, position: number | undefined, token: string): void {
  if (!isLocatable(err)) return;
  err.position = position;
  err.token = token;
}

/**
 * `applyInner`'s catch block: the callee's own position, when it has one, wins over the error's,
 * and its token fills a gap. The only placement a tail call (a call in a lambda's last position,
 * run by JSONata's trampoline) gets.
 */
export function placeAtApply(err: unknown, callee: Located): void {
  if (!isLocatable(err)) return;
  if (err.token === undefined && callee.token !== undefined) err.token = callee.token;
  err.position = callee.position || err.position;
}

/** An ordinary call's catch blocks: `applyInner`'s, then `evaluateFunction`'s, which fills gaps. */
export function placeAtCall(err: unknown, callee: Located, position: number | undefined, name: string): void {
  if (!isLocatable(err)) return;
  placeAtApply(err, callee);
  if (!err.position) err.position = position;
  if (!err.token) err.token = name;
}
