import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiSignature, decodeAppSecret, kdSignature, loginSign, signatureHeaders, splitAppId } from '../../../engine/targets/k3cloud/sign.js';

// Inputs and expected values copied from the spec (§2.1, §2.4) as hard-coded strings.
const ACCT = '62f1a2b3c4d5e6';
const USER = 'apiuser';
const APP_ID = '234567_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const PATH = '/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Save.common.kdsvc';

describe('LoginBySign sign', () => {
  it('reproduces the spec §2.1 SHA-256 vector', () => {
    const sign = loginSign({ acctId: ACCT, username: USER, appId: APP_ID, appSecret: APP_SECRET, timestamp: 1700000000 });
    expect(sign).toBe('38d757ac66acbc37302c966fb850196e1eb43eb5e163efe502ea65bd9c48cdd8');
  });

  it.each([
    { name: 'sha1 with the same construction', algorithm: 'sha1' as const, length: 40 },
    { name: 'sha256', algorithm: 'sha256' as const, length: 64 },
  ])('$name: digest of the ordinally sorted parts', ({ algorithm, length }) => {
    // Ordinal order puts upper case before lower case ('B' < 'a'); localeCompare would not.
    const input = { acctId: 'b1', username: 'Zed', appId: 'a_x', appSecret: 'B2', timestamp: '9' };
    const expected = createHash(algorithm).update(['9', 'B2', 'Zed', 'a_x', 'b1'].join('')).digest('hex');
    const sign = loginSign(input, algorithm);
    expect(sign).toBe(expected);
    expect(sign).toHaveLength(length);
  });
});

describe('AppID secret decoding', () => {
  it.each([
    { name: 'the spec vector', appId: APP_ID, clientId: '234567', clientSec: 'MTI2MGM1Pj9qPDk/OT04KHMiKnd0IXMr' },
    { name: 'three parts give empty strings', appId: 'a_b_c', clientId: '', clientSec: '' },
    { name: 'no underscore gives empty strings', appId: 'abc', clientId: '', clientSec: '' },
    { name: 'a secret part that is not 32 chars decodes to empty', appId: '1_short', clientId: '1', clientSec: '' },
  ])('$name', ({ appId, clientId, clientSec }) => {
    expect(splitAppId(appId)).toEqual({ clientId, clientSec });
  });

  it('decodeAppSecret of a non-32-character string is empty (Python SDK behaviour)', () => {
    expect(decodeAppSecret('AQID')).toBe('');
  });
});

describe('signature headers (spec §2.4 vector)', () => {
  const headers = signatureHeaders({
    path: PATH,
    acctId: ACCT,
    username: USER,
    lcid: 2052,
    orgNum: '0',
    appId: APP_ID,
    appSecret: APP_SECRET,
    timestamp: 1700000000,
  });

  it.each([
    ['X-Api-Signature', 'M2M5NmZiYjQ5NWZmYTIwMTY1ZWE2YjgxZTlhOGUzN2M0NjRjNDExNmJjNzYzZTg4NmEwOWVkMzBjZDM3ZjA1OQ=='],
    ['X-Kd-Appdata', 'NjJmMWEyYjNjNGQ1ZTYsYXBpdXNlciwyMDUyLDA='],
    ['X-Kd-Signature', 'OTIyZjY0NDZmNDk0YjEyMTc2ZTA3YjUxMTI1MGI4Yzg3NjY3NzIzNDBmYWM0ODIyOGU5NmY4NTQ2ZGQ0NmM5Nw=='],
    ['X-Api-ClientID', '234567'],
    ['X-Kd-Appkey', APP_ID],
    ['x-api-timestamp', '1700000000'],
    ['x-api-nonce', '1700000000'],
    ['x-api-signheaders', 'x-api-timestamp,x-api-nonce'],
    ['X-Api-Auth-Version', '2.0'],
  ])('%s', (name, value) => {
    expect(headers[name]).toBe(value);
  });

  it('the parts agree with the composed headers', () => {
    expect(apiSignature('MTI2MGM1Pj9qPDk/OT04KHMiKnd0IXMr', PATH, '1700000000', '1700000000')).toBe(headers['X-Api-Signature']);
    expect(kdSignature(APP_ID, APP_SECRET, `${ACCT},${USER},2052,0`)).toBe(headers['X-Kd-Signature']);
  });

  it('a different path changes X-Api-Signature but not X-Kd-Signature', () => {
    const other = signatureHeaders({ path: '/k3cloud/x', acctId: ACCT, username: USER, lcid: 2052, orgNum: '0', appId: APP_ID, appSecret: APP_SECRET, timestamp: 1700000000 });
    expect(other['X-Api-Signature']).not.toBe(headers['X-Api-Signature']);
    expect(other['X-Kd-Signature']).toBe(headers['X-Kd-Signature']);
  });
});
