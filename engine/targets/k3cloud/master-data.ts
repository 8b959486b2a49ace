/**
 * Master-data existence checks (spec §5.4): which base-data numbers (materials, customers, stocks…)
 * exist and are usable in an organisation. Used by the connector's `preflight` before a batch is
 * written and by `ferry check` to verify lookup tables. Answers are cached per checker instance
 * (one connector = one run), so a number is asked about once per run.
 */
import { FerryError } from '../../errors.js';
import type { PreflightCheck } from '../../scheme/types.js';
import type { TargetDocument } from '../types.js';
import type { K3Client } from './client.js';
import { chunk, executeBillQuery, inList, QUERY_CHUNK, quote } from './query.js';

/** Which numbers of one base-data form to look for, optionally within a use organisation. */
export interface MasterDataQuery {
  formId: string;
  numbers: readonly string[];
  /** Use-organisation number, or `$vars.name`; omit for forms without one (currencies, orgs). */
  useOrg?: string;
}

/** Existence answers with a per-instance cache. */
export interface MasterDataChecker {
  /** The subset of `numbers` that exist, enabled and audited, in the (resolved) use organisation. */
  existing(query: MasterDataQuery): Promise<Set<string>>;
  /** Runs `checks` over `docs`: documents referencing missing numbers, by key (TARGET_MASTER_DATA). */
  preflight(checks: readonly PreflightCheck[], docs: readonly TargetDocument[]): Promise<Map<string, FerryError>>;
}

/** Values at a dotted path; arrays on the way are walked, keys match case-insensitively as in Kingdee. */
export function valuesAtPath(value: unknown, path: readonly string[]): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAtPath(v, path));
  if (path.length === 0) {
    if (typeof value === 'string') return value === '' ? [] : [value];
    return typeof value === 'number' ? [String(value)] : [];
  }
  if (!value || typeof value !== 'object') return [];
  const [head, ...rest] = path;
  const lower = (head ?? '').toLowerCase();
  const hit = Object.entries(value).find(([k]) => k.toLowerCase() === lower);
  return hit ? valuesAtPath(hit[1], rest) : [];
}

/** Creates a checker; `vars` resolves `$vars.name` organisation references. */
export function createMasterDataChecker(client: K3Client, vars: Record<string, string | number | boolean> = {}): MasterDataChecker {
  const cache = new Map<string, Map<string, boolean>>();

  function resolveOrg(useOrg: string | undefined): string | undefined {
    if (useOrg === undefined || !useOrg.startsWith('$vars.')) return useOrg;
    const name = useOrg.slice('$vars.'.length);
    const value = vars[name];
    if (value === undefined) {
      throw new FerryError('SCHEMA_INVALID', `preflight useOrg "${useOrg}" names a variable the scheme does not define`, {
        hint: `add "${name}" under vars:`,
      });
    }
    return String(value);
  }

  async function existing(query: MasterDataQuery): Promise<Set<string>> {
    const org = resolveOrg(query.useOrg);
    const key = `${query.formId}\u0000${org ?? ''}`;
    const known = cache.get(key) ?? new Map<string, boolean>();
    cache.set(key, known);
    const ask = [...new Set(query.numbers)].filter((n) => n !== '' && !known.has(n));
    for (const part of chunk(ask, QUERY_CHUNK)) {
      // Enabled and audited only: Kingdee treats disabled base data as not existing on save.
      const filters = [inList('FNumber', part), "FForbidStatus='A'", "FDocumentStatus='C'"];
      if (org !== undefined) filters.push(`FUseOrgId.FNumber=${quote(org)}`);
      const rows = await executeBillQuery(client, {
        formId: query.formId,
        fieldKeys: ['FNumber'],
        filter: filters.join(' and '),
        limit: part.length,
      });
      for (const n of part) known.set(n, false);
      for (const [n] of rows) if (typeof n === 'string') known.set(n, true);
    }
    return new Set(query.numbers.filter((n) => known.get(n) === true));
  }

  async function preflight(checks: readonly PreflightCheck[], docs: readonly TargetDocument[]): Promise<Map<string, FerryError>> {
    const problems = new Map<string, { messages: string[]; field: string }>();
    for (const check of checks) {
      const path = check.field.split('.');
      const perDoc = docs.map((d) => valuesAtPath(d.model, path));
      const found = await existing({ formId: check.formId, numbers: perDoc.flat(), useOrg: check.useOrg });
      const org = resolveOrg(check.useOrg);
      docs.forEach((doc, i) => {
        const missing = [...new Set(perDoc[i])].filter((n) => !found.has(n));
        if (missing.length === 0) return;
        const where = org === undefined ? '' : ` in org ${org}`;
        const entry = problems.get(doc.key) ?? { messages: [], field: check.field };
        for (const n of missing) entry.messages.push(`${check.kind} ${n} does not exist (or is disabled)${where}`);
        problems.set(doc.key, entry);
      });
    }
    const out = new Map<string, FerryError>();
    for (const [key, p] of problems) {
      out.set(
        key,
        new FerryError('TARGET_MASTER_DATA', p.messages.join('; '), {
          recordKey: key,
          field: p.field,
          hint: 'create the record in K/3 Cloud (or fix the lookup table), then replay the parked record',
        }),
      );
    }
    return out;
  }

  return { existing, preflight };
}
