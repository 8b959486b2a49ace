/**
 * Small helpers shared by the scheme functions: how an argument counts as absent and how a value
 * is quoted in an error message.
 */

/**
 * True for `undefined` and `null`. JSONata passes `undefined` when a path matched nothing, and a
 * JSON `null` means the source sent no value; both propagate as "no result" so the document
 * builder reports MAPPING_EMPTY with the target field instead of a function error.
 */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

const MAX_QUOTED = 60;

/**
 * The value as it should appear in an error message: JSON-ish, cut at 60 characters so a whole
 * record never ends up in the ledger through a message.
 */
export function quote(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'function') text = 'a function';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text;
}

/** JSONata hands a matched list as an array (possibly a sequence); a single match as the value. */
export function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.flat(Number.POSITIVE_INFINITY) : [value];
}
