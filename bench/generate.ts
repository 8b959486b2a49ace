/**
 * Sales-out records for the mapping benchmark, exactly as a run hands them to the mapper: the
 * sandbox's seeded generator (engine/sandbox/generator.ts) serialised the way the fake Qimen
 * gateway sends it, parsed with `parseExactJson` and normalised with the scheme's source rules.
 */
import { stringify } from 'lossless-json';
import { FerryError } from '../engine/errors.js';
import { SalesOutGenerator } from '../engine/sandbox/generator.js';
import { type FieldRules, normalizeRecord, parseExactJson } from '../engine/sources/normalize.js';

/** `count` normalised records from the generator with `seed` (the same seed, the same records). */
export function generateSalesOuts(count: number, seed: number, rules: FieldRules): Record<string, unknown>[] {
  const generator = new SalesOutGenerator({ seed, orders: count });
  const records: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const text = stringify(generator.record(i));
    const parsed = text === undefined ? undefined : parseExactJson(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new FerryError('INTERNAL', `generated record ${i} did not serialise to a JSON object`);
    }
    records.push(normalizeRecord(parsed as Record<string, unknown>, rules));
  }
  return records;
}
