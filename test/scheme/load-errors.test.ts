import { describe, expect, it } from 'vitest';
import { FerryErrors } from '../../engine/errors.js';
import { loadScheme } from '../../engine/scheme/load.js';
import { edit, MINIMAL_SCHEME, writeScheme } from '../helpers/scheme-fixture.js';

/** 1-based line and column of `needle` (+ `shift` characters) in `text`: the expected location, found by plain search. */
function pos(text: string, needle: string, shift = 0): { line: number; col: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`needle not found: ${needle}`);
  const before = text.slice(0, i + shift);
  return { line: before.split('\n').length, col: before.length - before.lastIndexOf('\n') };
}

async function problems(text: string, extra: Record<string, string | Buffer> = {}) {
  try {
    await loadScheme(writeScheme(text, extra), { env: {} });
  } catch (e) {
    if (e instanceof FerryErrors) return e.problems;
    throw e;
  }
  return [];
}

describe('a valid scheme', () => {
  it('loads with defaults from ${env:…:-default}', async () => {
    const loaded = await loadScheme(writeScheme(MINIMAL_SCHEME), { env: {} });
    expect(loaded.scheme.connections.src).toMatchObject({ type: 'qimen', url: 'http://127.0.0.1:1/router/qm' });
    expect(loaded.secrets).toEqual(expect.arrayContaining(['s3cret-value', 'pa55word-value']));
  });
});

type Case = { name: string; text: string; code: string; at: { line: number; col: number }; extra?: Record<string, string> };

const cases: Case[] = (() => {
  const unknownKey = edit('  onChange: skip', '  onChange: skip\n  batchsize: 10');
  const typo = edit('  formId: SAL_OUTSTOCK', '  formID: SAL_OUTSTOCK');
  const missing = edit('  billNoField: FBillNo\n', '');
  const wrongType = edit('  batchSize: 50', '  batchSize: fifty');
  const badEnum = edit('    auth: password', '    auth: passwd');
  const badType = edit('    type: qimen', '    type: qimem');
  const blockSyntax = edit(`    FBillNo: "'X-' & io_id"`, `    FBillNo: |\n      'X-' &\n        $substring(io_id, 0, )`);
  const inlineSyntax = edit(`    FBillNo: "'X-' & io_id"`, `    FBillNo: "'X-' & (io_id"`);
  const unknownConn = edit('  connection: dst', '  connection: kingdee');
  const wrongConnType = edit('  connection: src', '  connection: dst');
  const unknownLookup = edit("$lookup('shops', shop_id)", "$lookup('shop', shop_id)");
  const missingFile = edit('    entries: { "1": C1 }', '    file: shops.csv');
  const badCsv = edit('    entries: { "1": C1 }', '    file: shops.csv\n    keyColumn: shop_id');
  const envUnset = edit('    acctId: a', '    acctId: ${env:T_NOT_SET_ACCT}');
  const stepTooLong = edit('    step: 1d', '    step: 8d');
  const pageTooBig = edit('    size: 50', '    size: 100');
  const badCron = `${MINIMAL_SCHEME}schedule:\n  cron: "61 * * * *"\n`;
  const dup = edit('  key: io_id', '  key: io_id\n  key: o_id');
  const yamlSyntax = edit('  records: datas', '  records: "datas');
  return [
    { name: 'unknown key', text: unknownKey, code: 'SCHEMA_UNKNOWN_KEY', at: pos(unknownKey, 'batchsize') },
    { name: 'misspelt key (did-you-mean)', text: typo, code: 'SCHEMA_UNKNOWN_KEY', at: pos(typo, 'formID') },
    { name: 'missing required key points at the parent', text: missing, code: 'SCHEMA_MISSING_KEY', at: pos(missing, 'target:') },
    { name: 'wrong type', text: wrongType, code: 'SCHEMA_TYPE', at: pos(wrongType, 'fifty') },
    { name: 'bad enum value', text: badEnum, code: 'SCHEMA_ENUM', at: pos(badEnum, 'passwd') },
    { name: 'unknown connection type', text: badType, code: 'SCHEMA_ENUM', at: pos(badType, 'qimem') },
    { name: 'JSONata syntax error inside a | block scalar', text: blockSyntax, code: 'MAPPING_SYNTAX', at: pos(blockSyntax, '$substring(io_id, 0, )', 21) },
    { name: 'JSONata syntax error in a quoted scalar', text: inlineSyntax, code: 'MAPPING_SYNTAX', at: pos(inlineSyntax, `(io_id"`, 5) },
    { name: 'undefined connection', text: unknownConn, code: 'UNKNOWN_CONNECTION', at: pos(unknownConn, 'kingdee') },
    { name: 'connection of the wrong type', text: wrongConnType, code: 'CONNECTION_TYPE_MISMATCH', at: pos(wrongConnType, 'connection: dst', 12) },
    { name: 'undefined lookup table', text: unknownLookup, code: 'UNKNOWN_LOOKUP', at: pos(unknownLookup, `'shop'`) },
    { name: 'missing lookup file', text: missingFile, code: 'LOOKUP_FILE_MISSING', at: pos(missingFile, 'shops.csv') },
    { name: 'lookup CSV without the key column', text: badCsv, code: 'LOOKUP_FILE_INVALID', at: pos(badCsv, 'shops.csv'), extra: { 'shops.csv': 'key,value\n1,C1\n' } },
    { name: 'unset environment variable', text: envUnset, code: 'ENV_UNSET', at: pos(envUnset, '${env:T_NOT_SET_ACCT}') },
    { name: 'window step longer than the API maximum', text: stepTooLong, code: 'SCHEMA_INVALID', at: pos(stepTooLong, '8d') },
    { name: 'page size above the API maximum', text: pageTooBig, code: 'SCHEMA_INVALID', at: pos(pageTooBig, '100') },
    { name: 'invalid cron', text: badCron, code: 'BAD_CRON', at: pos(badCron, '"61 * * * *"') },
    { name: 'duplicate key', text: dup, code: 'YAML_DUPLICATE_KEY', at: pos(dup, 'key: o_id') },
    { name: 'YAML syntax error', text: yamlSyntax, code: 'YAML_SYNTAX', at: pos(yamlSyntax, '"datas', 6) },
  ];
})();

describe('loader errors name code, line and column', () => {
  it.each(cases)('$name → $code at $at.line:$at.col', async ({ text, code, at, extra }) => {
    const found = await problems(text, extra);
    expect(found.map((p) => ({ code: p.code, line: p.at?.line, col: p.at?.col }))).toContainEqual({ code, line: at.line, col: at.col });
  });

  it('offers a did-you-mean for a misspelt key', async () => {
    const [p] = await problems(edit('  formId: SAL_OUTSTOCK', '  formID: SAL_OUTSTOCK'));
    expect(p?.message).toContain('"formId"');
  });

  it('reports every problem of a broken scheme in one pass', async () => {
    let text = edit('  onChange: skip', '  onChange: skip\n  batchsize: 10');
    text = edit(`    FBillNo: "'X-' & io_id"`, `    FBillNo: |\n      'X-' & (io_id`, text);
    text = edit('    entries: { "1": C1 }', '    file: missing.csv', text);
    text = edit('  method: jushuitan.saleout.list.query', '  method: jushuitan.saleout.list.query\n  params: { a: [1, }', text);
    const codes = (await problems(text)).map((p) => p.code).sort();
    expect(new Set(codes)).toEqual(new Set(['LOOKUP_FILE_MISSING', 'MAPPING_SYNTAX', 'SCHEMA_UNKNOWN_KEY', 'YAML_SYNTAX']));
  });
});
