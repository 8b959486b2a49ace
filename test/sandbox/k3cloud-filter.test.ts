import { describe, expect, it } from 'vitest';
import { evaluateFilter, filterFields, parseFilter } from '../../engine/sandbox/k3cloud/filter.js';

const row: Record<string, unknown> = { FNumber: 's111001', 'FUseOrgId.FNumber': '100', FForbidStatus: 'A', FID: 100005, FNote: "O'Brien", FEmpty: null };
const get = (f: string) => row[f] ?? null;

describe('FilterString subset', () => {
  it.each([
    { name: 'empty matches all', filter: '', match: true },
    { name: 'equality', filter: "FNumber='s111001'", match: true },
    { name: 'equality miss', filter: "FNumber='s111002'", match: false },
    { name: 'values are case-sensitive', filter: "FNumber='S111001'", match: false },
    { name: 'dotted field', filter: "FUseOrgId.FNumber='100'", match: true },
    { name: 'in list', filter: "FNumber in ('a','s111001')", match: true },
    { name: 'IN keyword in capitals', filter: "FNumber IN ('a','b')", match: false },
    { name: 'not in', filter: "FNumber not in ('a','b')", match: true },
    { name: 'and', filter: "FNumber='s111001' and FForbidStatus='A'", match: true },
    { name: 'AND with a miss', filter: "FNumber='s111001' AND FForbidStatus='B'", match: false },
    { name: 'or', filter: "FNumber='x' or FForbidStatus='A'", match: true },
    { name: 'and binds tighter than or', filter: "FNumber='x' and FForbidStatus='B' or FID=100005", match: true },
    { name: 'parentheses', filter: "FNumber='x' and (FForbidStatus='B' or FID=100005)", match: false },
    { name: 'like %', filter: "FNumber like 's111%'", match: true },
    { name: 'like _', filter: "FNumber like 's11100_'", match: true },
    { name: 'not like', filter: "FNumber not like 'x%'", match: true },
    { name: 'doubled quote in a literal', filter: "FNote='O''Brien'", match: true },
    { name: 'number comparison', filter: 'FID >= 100005', match: true },
    { name: 'number against quoted number', filter: "FID = '100005'", match: true },
    { name: 'inequality <>', filter: "FForbidStatus<>'A'", match: false },
    { name: 'is null', filter: 'FEmpty is null', match: true },
    { name: 'is not null', filter: 'FNumber is not null', match: true },
    { name: 'not', filter: "not FNumber='x'", match: true },
  ])('$name', ({ filter, match }) => {
    const parsed = parseFilter(filter);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(evaluateFilter(parsed.expr, get)).toBe(match);
  });

  it.each([
    { name: 'double operator', filter: "FNumber = = 'x'" },
    { name: 'unclosed parenthesis', filter: "(FNumber='x'" },
    { name: 'unterminated string', filter: "FNumber='x" },
    { name: 'dangling and', filter: "FNumber='x' and" },
    { name: 'in without list', filter: 'FNumber in' },
    { name: 'stray character', filter: "FNumber='x' ; drop" },
  ])('syntax error: $name', ({ filter }) => {
    expect(parseFilter(filter).ok).toBe(false);
  });

  it('lists the fields a filter reads', () => {
    const parsed = parseFilter("FNumber in ('a') and (FUseOrgId.FNumber='100' or FID > 1)");
    expect(parsed.ok && filterFields(parsed.expr)).toEqual(['FNumber', 'FUseOrgId.FNumber', 'FID']);
  });
});
