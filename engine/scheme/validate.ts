import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schemaJson from '../../schemas/scheme.schema.json';
import { FerryError } from '../errors.js';
import { locateKey, locateValue, toPointer, pointerSegments } from './locate.js';
import type { ParsedYaml } from './parse.js';
import { didYouMean } from './suggest.js';

/** The JSON Schema of schemes: schemas/scheme.schema.json, the single source of truth. */
export const schemeSchema = schemaJson as Record<string, unknown>;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ strict: true, allErrors: true, discriminator: true, allowUnionTypes: true, verbose: true }).compile(schemeSchema);
  return compiled;
}

/**
 * Validates a parsed scheme against the JSON Schema and turns ajv's errors into coded,
 * de-duplicated, located problems: an unknown key points at the key with a did-you-mean, a missing
 * key at its parent, a wrong type or value at the value.
 */
export function validateAgainstSchema(parsed: ParsedYaml): FerryError[] {
  const validate = validator();
  if (validate(parsed.value)) return [];
  const errors = prune(validate.errors ?? []);
  const seen = new Set<string>();
  const problems: FerryError[] = [];
  for (const e of errors) {
    const problem = toProblem(parsed, e);
    const id = `${problem.code}|${problem.at?.line}|${problem.at?.col}|${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  return problems;
}

/**
 * anyOf/oneOf produce one error per failed branch plus a summary. Keep the most specific errors:
 * drop the summaries when a branch error sits at or below them, and collapse branch `type` errors
 * at one place into one.
 */
function prune(errors: ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  let kept = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  for (const c of combinators) {
    const inner = kept.filter((e) => e.instancePath.startsWith(c.instancePath) && e.schemaPath.startsWith(c.schemaPath.replace(/\/(anyOf|oneOf)$/, '')));
    const deeper = inner.filter((e) => e.instancePath !== c.instancePath || e.keyword !== 'type');
    if (deeper.length) {
      // A value of the right shape for some branch: report that branch's problems only.
      kept = kept.filter((e) => !inner.includes(e) || deeper.includes(e));
    } else {
      kept = kept.filter((e) => !inner.includes(e));
      kept.push(c);
    }
  }
  return kept;
}

function toProblem(parsed: ParsedYaml, e: ErrorObject): FerryError {
  const path = e.instancePath;
  const where = path === '' ? 'the scheme' : `"${pointerSegments(path).join('.')}"`;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const pointer = toPointer([...pointerSegments(path), key]);
      const allowed = allowedKeys(e);
      const hint = didYouMean(key, allowed);
      const expected = allowed.length ? `; expected one of: ${allowed.join(', ')}` : '';
      return new FerryError('SCHEMA_UNKNOWN_KEY', `unknown key "${key}" in ${where}${hint ? ` (did you mean "${hint}"?)` : expected}`, { at: locateKey(parsed, pointer) });
    }
    case 'required':
      return new FerryError('SCHEMA_MISSING_KEY', `${where} is missing the required key "${String(params.missingProperty)}"`, { at: locateKey(parsed, path) });
    case 'type':
      return new FerryError('SCHEMA_TYPE', `${where} is ${describe(valueAt(parsed, path))}; expected ${String(params.type)}`, { at: locateValue(parsed, path) });
    case 'enum':
    case 'const': {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
      const found = valueAt(parsed, path);
      const hint = typeof found === 'string' ? didYouMean(found, allowed.map(String)) : undefined;
      return new FerryError('SCHEMA_ENUM', `${where} is ${JSON.stringify(found)}; expected one of: ${allowed.map((a) => JSON.stringify(a)).join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`, { at: locateValue(parsed, path) });
    }
    case 'discriminator': {
      const found = valueAt(parsed, `${path}/type`);
      return new FerryError('SCHEMA_ENUM', `unknown connection type ${JSON.stringify(found)} in ${where}; expected one of: qimen, k3cloud`, { at: locateValue(parsed, `${path}/type`) });
    }
    case 'anyOf':
    case 'oneOf':
      return new FerryError('SCHEMA_TYPE', `${where} is ${describe(valueAt(parsed, path))}; expected a JSONata expression (string), a number, a boolean, an object of fields, or {$forEach, $entry}`, { at: locateValue(parsed, path) });
    case 'propertyNames': {
      return new FerryError('SCHEMA_INVALID', `${where} has a key that is not a valid field name (letters, digits, _; starting with a letter)`, { at: locateValue(parsed, path) });
    }
    default:
      return new FerryError('SCHEMA_INVALID', `${where} ${e.message ?? 'is invalid'}`, { at: locateValue(parsed, path) });
  }
}

function allowedKeys(e: ErrorObject): string[] {
  const schema = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.properties ?? {});
}

function valueAt(parsed: ParsedYaml, pointer: string): unknown {
  let v: unknown = parsed.value;
  for (const seg of pointerSegments(pointer)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
