import { describe, expect, it } from 'vitest';
import { evalWith, rejection, table } from './fixtures.js';

describe('$str', () => {
  it.each([
    { name: 'a big id string stays exact', value: '9007199254740993', result: '9007199254740993' },
    { name: 'an integer prints as digits', value: 11690153, result: '11690153' },
    { name: 'a decimal prints plainly', value: 12.5, result: '12.5' },
    { name: 'a tiny number never uses exponents', value: 1e-7, result: '0.0000001' },
    { name: 'a boolean', value: true, result: 'true' },
    { name: 'Chinese text passes through', value: '测试旗舰店', result: '测试旗舰店' },
    { name: 'null is absent', value: null, result: undefined },
  ])('$name', async ({ value, result }) => {
    expect(await evalWith('$str(v)', { v: value })).toBe(result);
  });

  it.each([
    { name: 'an integer beyond 2^53 (already lost digits)', value: 9007199254740992 },
    { name: '1e21', value: 1e21 },
    { name: 'an object', value: { a: 1 } },
  ])('$name → MAPPING_TYPE', async ({ value }) => {
    const err = await rejection(evalWith('$str(v)', { v: value }));
    expect(err).toMatchObject({ code: 'MAPPING_TYPE' });
  });
});

describe('$lookup', () => {
  const tables = new Map([
    ['shops', table('shops', { '11690153': 'CUST0001' })],
    ['stocks', table('stocks', { '11053062': 'CK001' }, 'default', 'CK999')],
  ]);

  it.each([
    { name: 'a numeric key is coerced to its string', expr: "$lookup('shops', 11690153)", result: 'CUST0001' },
    { name: 'a string key', expr: "$lookup('shops', '11690153')", result: 'CUST0001' },
    { name: 'a key from the data', expr: "$lookup('shops', shop_id)", result: 'CUST0001' },
    { name: 'a miss on a default table gives the default', expr: "$lookup('stocks', 1)", result: 'CK999' },
    { name: 'an absent key on a default table gives the default', expr: "$lookup('stocks', nothing)", result: 'CK999' },
    { name: 'a dynamic table name', expr: "$lookup(which, shop_id)", result: 'CUST0001' },
  ])('$name', async ({ expr, result }) => {
    expect(await evalWith(expr, { shop_id: 11690153, which: 'shops' }, tables)).toBe(result);
  });

  it.each([
    { name: 'a miss on a park table', expr: "$lookup('shops', 11690199)", code: 'LOOKUP_MISS' },
    { name: 'an absent key on a park table', expr: "$lookup('shops', nothing)", code: 'LOOKUP_MISS' },
    { name: 'an unknown dynamic table', expr: "$lookup(which & 'x', 1)", code: 'UNKNOWN_LOOKUP' },
    { name: 'a table name that is not a string', expr: '$lookup(1, 1)', code: 'UNKNOWN_LOOKUP' },
    { name: 'a key that is an object', expr: "$lookup('shops', {'a': 1})", code: 'MAPPING_TYPE' },
  ])('$name → $code', async ({ expr, code }) => {
    const err = await rejection(evalWith(expr, { which: 'shops' }, tables));
    expect(err).toMatchObject({ code });
  });

  it('says which table missed which key', async () => {
    const err = await rejection(evalWith("$lookup('shops', 11690199)", {}, tables));
    expect(err.message).toBe('lookup "shops" has no entry for "11690199"');
  });
});
