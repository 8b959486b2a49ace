/**
 * Turns what JSONata returns into plain JSON-like values for the next stage.
 */
import { FerryError } from '../errors.js';

/** True for JS functions and JSONata's own function values (lambdas and built-ins are objects). */
export function isFunctionValue(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object') return false;
  const marks = value as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return marks._jsonata_lambda === true || marks._jsonata_function === true;
}

/**
 * Returns `value` with every JSONata sequence (an array flagged `sequence: true`, possibly with
 * `keepSingleton`/`outerWrapper` flags) replaced by a plain array, at any depth. `undefined` stays
 * `undefined`. Parts that need no change are returned as they are (so a path into the source
 * record costs a walk, not a copy). A function value is MAPPING_TYPE: it cannot be written
 * anywhere and usually means a forgotten `()`.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') throw functionValue();
    return value;
  }
  if (isFunctionValue(value)) throw functionValue();
  if (Array.isArray(value)) {
    let changed = (value as { sequence?: unknown }).sequence === true;
    const items = value.map((item) => {
      const plain = toPlain(item);
      if (plain !== item) changed = true;
      return plain;
    });
    return changed ? items : value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const plain = toPlain(item);
    if (plain !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = plain;
    }
  }
  return copy ?? value;
}

function functionValue(): FerryError {
  return new FerryError('MAPPING_TYPE', 'expression yielded a function, not a value', {
    hint: 'call it: write $name(...) rather than $name',
  });
}
