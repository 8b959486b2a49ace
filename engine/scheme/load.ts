import { resolve } from 'node:path';
import { FerryError, FerryErrors, type SchemeLocation } from '../errors.js';
import { compileMapper } from '../mapping/mapper.js';
import type { LookupTable, RecordMapper } from '../mapping/types.js';
import { locateInValue, locateValue } from './locate.js';
import { loadLookups } from './lookups.js';
import { parseYaml } from './parse.js';
import { readSchemeText } from './read.js';
import { type EnvMode, resolveEnv } from './secrets.js';
import { checkSemantics } from './semantic.js';
import type { Scheme } from './types.js';
import { validateAgainstSchema } from './validate.js';

/** A scheme ready to run: validated, secrets resolved (or left as placeholders in `warn` mode), every expression compiled. */
export interface LoadedScheme {
  file: string;
  scheme: Scheme;
  tables: Map<string, LookupTable>;
  mapper: RecordMapper;
  /** Resolved secret values, to mask in any output. */
  secrets: string[];
  /** Problems that do not stop the command (unset env vars under `validate`). */
  warnings: FerryError[];
  /** file:line:col of a JSON pointer into the scheme (for messages about a part of it). */
  locate(pointer: string): SchemeLocation;
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** `require` (run, fetch, check, preview): unset env vars are errors; `warn` (validate): warnings. */
  envMode?: EnvMode;
  /** `interpreter` skips compiling expressions to JavaScript (validate needs only their syntax). Default `auto`. */
  evaluator?: 'auto' | 'interpreter';
}

/**
 * Loads a scheme file and everything it names, collecting every problem in one pass: YAML,
 * JSON Schema, references, lookup files, JSONata syntax, environment variables. Throws
 * FerryErrors with all problems (each with file:line:col) when any is an error.
 */
export async function loadScheme(path: string, options: LoadOptions = {}): Promise<LoadedScheme> {
  const file = resolve(path);
  const display = path;
  const text = await readSchemeText(file).catch((e: unknown) => {
    throw new FerryErrors([relocate(e, display)]);
  });
  const { parsed, problems } = parseYaml(display, text);
  if (!parsed) throw new FerryErrors(problems);
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    throw new FerryErrors([...problems, new FerryError('SCHEMA_TYPE', 'a scheme must be a YAML mapping (name, version, connections, source, mapping, target)', { at: { file: display, line: 1, col: 1 } })]);
  }
  const schemaProblems = withoutCascade(validateAgainstSchema(parsed), problems);
  problems.push(...schemaProblems);
  const env = resolveEnv(parsed, options.env ?? process.env, options.envMode ?? 'require');
  problems.push(...env.problems);
  const scheme = env.value as Scheme;
  const locate = (pointer: string) => locateValue(parsed, pointer);
  // After schema problems the later stages still run, each guarded, so one pass reports a bad
  // expression and a missing lookup file together with an unknown key; a stage that trips over
  // the invalid shape adds nothing (its cause is already reported).
  if (!schemaProblems.length) problems.push(...checkSemantics(scheme, locate));
  const { tables, problems: lookupProblems } = await guarded(() => loadLookups(file, objectOr(scheme.lookups), locate), {
    tables: new Map<string, LookupTable>(),
    problems: [],
  }, schemaProblems.length > 0);
  problems.push(...lookupProblems);
  const compiled = await guarded(
    async () =>
      compileMapper({
        scheme,
        tables,
        ...(options.evaluator && { evaluator: options.evaluator }),
        locate: (pointer, offset) => (offset === undefined ? locateValue(parsed, pointer) : locateInValue(parsed, pointer, offset)),
      }),
    { problems: [] as FerryError[], mapper: undefined },
    schemaProblems.length > 0,
  );
  problems.push(...compiled.problems);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length || !compiled.mapper) throw new FerryErrors(sortProblems(problems));
  return { file, scheme, tables, mapper: compiled.mapper, secrets: env.secrets, warnings: problems.filter((p) => p.severity === 'warning'), locate };
}

/**
 * After a YAML syntax error the parser's best-effort value misses keys and shifts values; schema
 * complaints about missing keys, or about the lines the syntax error is on, are consequences of
 * it, not problems of their own.
 */
function withoutCascade(schemaProblems: FerryError[], yamlProblems: FerryError[]): FerryError[] {
  if (!yamlProblems.length) return schemaProblems;
  const lines = new Set(yamlProblems.map((p) => p.at?.line));
  return schemaProblems.filter((p) => p.code !== 'SCHEMA_MISSING_KEY' && !lines.has(p.at?.line));
}

async function guarded<T>(stage: () => Promise<T>, fallback: T, tolerate: boolean): Promise<T> {
  try {
    return await stage();
  } catch (e) {
    if (!tolerate) throw e;
    return fallback;
  }
}

function objectOr<T extends object>(v: T | undefined): T {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : ({} as T);
}

function relocate(e: unknown, display: string): FerryError {
  if (e instanceof FerryError && e.at) return new FerryError(e.code, e.message, { at: { ...e.at, file: display }, cause: e.cause });
  return e instanceof FerryError ? e : new FerryError('INTERNAL', String(e), { cause: e });
}

/** Problems in file order, so the output reads top to bottom. */
export function sortProblems(problems: FerryError[]): FerryError[] {
  return [...problems].sort((a, b) => (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.col ?? 0) - (b.at?.col ?? 0));
}
