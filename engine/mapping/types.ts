import type { FerryError, SchemeLocation } from '../errors.js';

/**
 * Turns a JSON pointer into the scheme (and, for string values, an offset inside the string)
 * into a file:line:col. Supplied by scheme/ — the only module that sees YAML nodes — so that a
 * JSONata syntax error inside a `|` block scalar points at the exact line and column.
 */
export type Locator = (pointer: string, offsetInValue?: number) => SchemeLocation | undefined;

/** A loaded lookup table (scheme `lookups.<name>`), keys and values as strings. */
export interface LookupTable {
  name: string;
  entries: ReadonlyMap<string, string>;
  onMiss: 'park' | 'default';
  default?: string;
}

/** What became of one source record in mapping. */
export type MapResult =
  | { kind: 'write'; document: Record<string, unknown> }
  | { kind: 'skip'; reason: string }
  | { kind: 'park'; error: FerryError };

/**
 * A scheme's filter + mapping + assertions, every expression compiled once. `map` never throws
 * for a record's data: every data problem is a `park` result carrying a FerryError with the
 * record key, the target field path and the expression's scheme location.
 */
export interface RecordMapper {
  map(record: Record<string, unknown>, key: string): Promise<MapResult>;
}
