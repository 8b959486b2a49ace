import { describe, expect, it } from 'vitest';
import { parseExactJson, quoteUnsafeNumbers } from '../../engine/sources/exact-json.js';
import { normalizeRecord, numberToDecimal, toFlag } from '../../engine/sources/normalize.js';

describe('parseExactJson', () => {
  it.each([
    ['integer above 2^53', '{"io_id":9007199254740993}', { io_id: '9007199254740993' }],
    ['negative big integer', '{"x":-12345678901234567890}', { x: '-12345678901234567890' }],
    ['big integers in an array', '[9007199254740993, 1]', ['9007199254740993', 1]],
    ['long decimal that a double rounds', '{"m":0.12345678901234567891}', { m: '0.12345678901234567891' }],
    ['safe 16-digit integer stays a number', '{"ts":1234567890123456}', { ts: 1234567890123456 }],
    ['short numbers stay numbers', '{"a":450.0,"b":-3,"c":1e3}', { a: 450, b: -3, c: 1000 }],
    ['digits inside a string are untouched', '{"so_id":"3425786782368239123","n":"x:9007199254740993"}', { so_id: '3425786782368239123', n: 'x:9007199254740993' }],
    ['escaped quotes before a number-like string', '{"s":"a\\"b:9007199254740993","t":9007199254740993}', { s: 'a"b:9007199254740993', t: '9007199254740993' }],
    ['escaped backslash ending a string', '{"s":"a\\\\","t":9007199254740993}', { s: 'a\\', t: '9007199254740993' }],
  ])('%s', (_name, text, expected) => {
    expect(parseExactJson(text)).toEqual(expected);
  });

  it.each([
    ['truncated', '{"response":{"datas":[{"io_id":900719925474099'],
    ['HTML', '<html><body>502</body></html>'],
    ['unterminated string with a long number', '{"a":"9007199254740993'],
  ])('throws SyntaxError on %s', (_name, text) => {
    expect(() => parseExactJson(text)).toThrow(SyntaxError);
  });

  it('leaves text without unsafe numbers unchanged (same string)', () => {
    const text = '{"a":1234567890123456,"b":"9007199254740993"}';
    expect(quoteUnsafeNumbers(text)).toBe(text);
  });
});

describe('normalizeRecord', () => {
  const rules = {
    idFields: ['io_id', 'o_id', 'ts', 'items.ioi_id', 'items.oi_id'],
    moneyFields: ['pay_amount', 'freight', 'items.sale_price', 'items.sale_amount'],
  };

  it('turns ids into strings, money into decimal strings, leaves the rest', () => {
    const raw = parseExactJson(
      '{"io_id":9007199254740993,"o_id":36008,"ts":1234567890123,"pay_amount":450.0,"freight":"4.00","qty":2,"weight":0.5,' +
        '"items":[{"ioi_id":198,"oi_id":"5012","sale_price":223.1,"sale_amount":" 446.20 ","qty":2}],"other":9007199254740995}',
    ) as Record<string, unknown>;
    expect(normalizeRecord(raw, rules)).toEqual({
      io_id: '9007199254740993',
      o_id: '36008',
      ts: '1234567890123',
      pay_amount: '450',
      freight: '4.00',
      qty: 2,
      weight: 0.5,
      items: [{ ioi_id: '198', oi_id: '5012', sale_price: '223.1', sale_amount: '446.20', qty: 2 }],
      other: '9007199254740995',
    });
  });

  it.each([
    ['tiny number', 1e-7, '0.0000001'],
    ['huge number', 1e21, '1000000000000000000000'],
    ['negative exponent with mantissa', -1.5e-8, '-0.000000015'],
    ['plain', 19.99, '19.99'],
  ])('money from a %s has no exponent', (_name, n, text) => {
    expect(numberToDecimal(n)).toBe(text);
  });

  it.each([
    ['empty string', ''],
    ['text', 'N/A'],
    ['null', null],
  ])('leaves non-numeric money (%s) for the mapping to report', (_name, value) => {
    expect(normalizeRecord({ pay_amount: value }, rules).pay_amount).toBe(value);
  });

  it('does not mutate its input', () => {
    const raw = { io_id: 1, items: [{ ioi_id: 2 }] };
    normalizeRecord(raw, rules);
    expect(raw).toEqual({ io_id: 1, items: [{ ioi_id: 2 }] });
  });
});

describe('toFlag', () => {
  it.each([
    [true, true],
    ['true', true],
    [' TRUE ', true],
    [1, true],
    ['1', true],
    [false, false],
    ['false', false],
    [0, false],
    ['0', false],
    [null, false],
    ['', false],
    ['maybe', undefined],
    [undefined, undefined],
    [{}, undefined],
  ])('%j → %j', (value, flag) => {
    expect(toFlag(value)).toBe(flag);
  });
});
