import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { FerryError } from '../errors.js';

/** What a test case expects of one source record. */
export type CaseExpectation = { write: Record<string, unknown> } | { skip: string } | { park: string };

/** One scheme test case: a source record (inline or from a fixture file) and the expected outcome. */
export interface TestCase {
  name: string;
  file: string;
  /** Inline record (YAML) — big integers become exact strings. */
  record?: Record<string, unknown>;
  /** Fixture path, resolved against the case file. */
  input?: string;
  expect: CaseExpectation;
}

/** Expands a scheme's `tests` entries (paths or `dir/*.yaml` globs, relative to the scheme). */
export async function caseFiles(schemeFile: string, patterns: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const pattern of patterns) {
    const full = resolve(dirname(schemeFile), pattern);
    const name = basename(full);
    if (!name.includes('*')) {
      out.push(full);
      continue;
    }
    const re = new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    const dir = dirname(full);
    const names = await readdir(dir).catch(() => [] as string[]);
    out.push(...names.filter((n) => re.test(n)).sort().map((n) => join(dir, n)));
  }
  return out;
}

/** Reads the `cases:` of one test file. */
export async function readCases(file: string): Promise<TestCase[]> {
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    throw new FerryError('FILE_NOT_FOUND', `test file ${file} cannot be read`, { cause: e });
  });
  const doc = parseDocument(text, { intAsBigInt: true, uniqueKeys: true });
  if (doc.errors.length) throw new FerryError('YAML_SYNTAX', `${file}: ${doc.errors[0]!.message.split('\n')[0]}`);
  const value = exactNumbers(doc.toJS({ maxAliasCount: 100 })) as { cases?: unknown };
  if (!value || !Array.isArray(value.cases)) throw new FerryError('SCHEMA_INVALID', `${file}: expected a "cases:" list`);
  return value.cases.map((c, i) => toCase(c, i, file));
}

function toCase(c: unknown, i: number, file: string): TestCase {
  const o = (c ?? {}) as Record<string, unknown>;
  const name = typeof o.name === 'string' ? o.name : `case ${i + 1}`;
  const expect = o.expect as Record<string, unknown> | undefined;
  const bad = (what: string) => new FerryError('SCHEMA_INVALID', `${file}: case "${name}": ${what}`);
  if (!expect || typeof expect !== 'object') throw bad('missing "expect" (write, skip or park)');
  let expectation: CaseExpectation;
  if (expect.write && typeof expect.write === 'object') expectation = { write: expect.write as Record<string, unknown> };
  else if (typeof expect.skip === 'string') expectation = { skip: expect.skip };
  else if (typeof expect.park === 'string') expectation = { park: expect.park };
  else throw bad('"expect" needs one of write (a document), skip (a reason) or park (an error code)');
  if (typeof o.input !== 'string' && (!o.record || typeof o.record !== 'object')) throw bad('needs "input" (fixture path) or "record" (inline)');
  return {
    name,
    file,
    expect: expectation,
    ...(typeof o.input === 'string' && { input: resolve(dirname(file), o.input) }),
    ...(o.record !== undefined && typeof o.input !== 'string' && { record: o.record as Record<string, unknown> }),
  };
}

/** YAML big integers (parsed as bigint) become numbers when safe and exact strings when not. */
function exactNumbers(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(exactNumbers);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, exactNumbers(x)]));
  return v;
}
