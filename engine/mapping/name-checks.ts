/**
 * Compile-time checks of the names an expression uses: `$lookup('table', …)` with a literal table
 * name that is not defined (UNKNOWN_LOOKUP), and calls or variables that exist nowhere
 * (MAPPING_UNKNOWN_NAME, e.g. `$lookpu(…)` or `$recrod.io_id`). Without these, a typo would only
 * show up as every record parking.
 */
import { FerryError } from '../errors.js';
import { didYouMean } from '../scheme/suggest.js';
import type { ExpressionReferences } from './references.js';

/** JSONata 2.2.2's built-in functions (its static frame plus `$now`/`$millis`). */
export const JSONATA_BUILTINS: readonly string[] = [
  'sum', 'count', 'max', 'min', 'average', 'string', 'substring', 'substringBefore', 'substringAfter',
  'lowercase', 'uppercase', 'length', 'trim', 'pad', 'match', 'contains', 'replace', 'split', 'join',
  'formatNumber', 'formatBase', 'formatInteger', 'parseInteger', 'number', 'floor', 'ceil', 'round',
  'abs', 'sqrt', 'power', 'random', 'boolean', 'not', 'map', 'zip', 'filter', 'single', 'reduce', 'sift',
  'keys', 'lookup', 'append', 'exists', 'spread', 'merge', 'reverse', 'each', 'error', 'assert', 'type',
  'sort', 'shuffle', 'distinct', 'encodeUrlComponent', 'encodeUrl', 'decodeUrlComponent', 'decodeUrl',
  'eval', 'toMillis', 'fromMillis', 'clone', 'now', 'millis',
];

/** What the checks compare against. */
export interface NameScope {
  /** Names bound for every expression: built-ins, scheme functions, `vars`, `record`. */
  known: ReadonlySet<string>;
  /** Defined lookup table names. */
  tables: readonly string[];
}

/**
 * Problems with the names `refs` uses; `at(offset)` locates an offset of the expression. Names the
 * expression binds itself (`$f := …`, lambda parameters) are never reported.
 */
export function checkNames(
  refs: ExpressionReferences,
  scope: NameScope,
  at: (offset: number) => FerryError['at'],
): FerryError[] {
  const problems: FerryError[] = [];
  const candidates = [...scope.known];
  const unknown = (name: string, offset: number, what: string) => {
    const guess = didYouMean(name, candidates);
    problems.push(
      new FerryError('MAPPING_UNKNOWN_NAME', `unknown ${what} $${name}${guess ? ` (did you mean $${guess}?)` : ''}`, {
        at: at(offset),
      }),
    );
  };
  for (const call of refs.calls) {
    if (refs.bound.has(call.name)) continue;
    if (!scope.known.has(call.name)) {
      unknown(call.name, call.offset, 'function');
      continue;
    }
    const table = call.name === 'lookup' ? call.firstLiteral : undefined;
    if (table && !scope.tables.includes(table.value)) {
      const guess = didYouMean(table.value, scope.tables);
      problems.push(
        new FerryError('UNKNOWN_LOOKUP', `lookup table "${table.value}" is not defined`, {
          at: at(table.offset),
          hint: guess ? `did you mean "${guess}"?` : `defined tables: ${scope.tables.join(', ') || '(none)'}`,
        }),
      );
    }
  }
  for (const v of refs.variables) {
    if (!refs.bound.has(v.name) && !scope.known.has(v.name)) unknown(v.name, v.offset, 'variable');
  }
  return problems;
}
