import { describe, expect, it } from 'vitest';
import type { K3Sandbox } from '../../engine/sandbox/k3cloud/types.js';
import { signatureHeaders } from '../../engine/targets/k3cloud/sign.js';
import { validModel } from '../targets/k3cloud/helpers.js';
import { P, SESSION_LOST, status, useSandbox } from '../targets/k3cloud/sandbox-http.js';

const s = useSandbox();

describe('login and body shapes', () => {
  it.each([
    { name: 'A named', body: (c: K3Sandbox['credentials']) => ({ acctID: c.acctId, username: c.username, password: c.password, lcid: 2052 }) },
    { name: 'A with other casing', body: (c: K3Sandbox['credentials']) => ({ AcctId: c.acctId, UserName: c.username, PASSWORD: c.password, lcid: 2052 }) },
    { name: 'B positional', body: (c: K3Sandbox['credentials']) => ({ parameters: [c.acctId, c.username, c.password, 2052] }) },
    {
      name: 'C legacy envelope',
      body: (c: K3Sandbox['credentials']) => ({ format: 1, useragent: 'ApiClient', rid: '1', parameters: JSON.stringify([c.acctId, c.username, c.password, 2052]), timestamp: '2024-05-01T00:00:00', v: '1.0' }),
    },
  ])('ValidateUser accepts shape $name and sets both session cookies', async ({ body }) => {
    const r = await s.post(`${P}AuthService.ValidateUser`, body(s.sb.credentials));
    const json = r.json as Record<string, unknown>;
    expect(json).toMatchObject({ LoginResultType: 1, IsSuccessByAPI: true });
    expect(r.cookies.map((c) => c.split('=')[0])).toEqual(['kdservice-sessionid', 'ASP.NET_SessionId']);
    expect(r.cookies[0]).toContain(String(json.KDSVCSessionId));
    expect(r.cookies[1]).toContain((json.Context as { SessionId: string }).SessionId);
  });

  it.each([
    { name: 'shape A, data object', body: (m: unknown) => ({ formid: 'SAL_OUTSTOCK', data: { Model: [m] } }) },
    { name: 'shape A, data string', body: (m: unknown) => ({ formId: 'SAL_OUTSTOCK', data: JSON.stringify({ Model: [m] }) }) },
    { name: 'shape B', body: (m: unknown) => ({ parameters: ['SAL_OUTSTOCK', JSON.stringify({ Model: [m] })] }) },
    { name: 'shape C', body: (m: unknown) => ({ format: 1, useragent: 'ApiClient', rid: '7', parameters: JSON.stringify(['SAL_OUTSTOCK', JSON.stringify({ model: [m] })]), v: '1.0' }) },
  ])('BatchSave accepts $name', async ({ body }) => {
    const r = await s.post(`${P}DynamicFormService.BatchSave`, body(validModel('B-1')), await s.session());
    expect(status(r)).toMatchObject({ IsSuccess: true, SuccessEntitys: [{ Number: 'B-1', DIndex: 0 }] });
    expect(s.sb.bills()).toHaveLength(1);
  });

  it('field keys match case-insensitively (FNUMBER, FMATERIALID, FCUSTOMERID)', async () => {
    const m = validModel('CI-1', {
      FCUSTOMERID: { FNUMBER: 'CUST0002' },
      FEntity: [{ FMATERIALID: { FNUMBER: 's111002' }, FREALQTY: '3', FSTOCKID: { fnumber: 'CK002' } }],
    });
    delete m.FCustomerID;
    const r = await s.batchSave([m], await s.session());
    expect(status(r).IsSuccess).toBe(true);
  });

  it('a bad login answers LoginResultType 0 and no session', async () => {
    const r = await s.post(`${P}AuthService.ValidateUser`, { acctID: s.sb.credentials.acctId, username: s.sb.credentials.username, password: 'x', lcid: 2052 });
    expect(r.json).toMatchObject({ LoginResultType: 0, Message: '用户名或密码错误', KDSVCSessionId: null });
    expect(r.cookies).toEqual([]);
  });

  it('service names match case-insensitively (kingdee-nodejs lowercase methods)', async () => {
    const r = await s.post(`${P}DynamicFormService.batchSave`, { formid: 'SAL_OUTSTOCK', data: { Model: [validModel('L-1')] } }, await s.session());
    expect(status(r).IsSuccess).toBe(true);
  });
});

describe('sessions', () => {
  it.each([
    { name: 'BatchSave', wrapped: false, call: (h: Record<string, string>) => s.batchSave([validModel('X')], h) },
    { name: 'ExecuteBillQuery', wrapped: true, call: (h: Record<string, string>) => s.query({ FormId: 'BD_Currency', FieldKeys: 'FNumber' }, h) },
  ])('$name without a session answers the captured MsgCode 1 body', async ({ wrapped, call }) => {
    const r = await call({});
    expect(r.status).toBe(200);
    expect(r.json).toEqual(wrapped ? [[SESSION_LOST]] : SESSION_LOST);
  });

  it('the session may come from the kdservice-sessionid header alone', async () => {
    const cookie = (await s.session()).Cookie ?? '';
    const id = /kdservice-sessionid=([^;]+)/.exec(cookie)?.[1] ?? '';
    const r = await s.query({ FormId: 'BD_Currency', FieldKeys: 'FNumber' }, { 'kdservice-sessionid': id });
    expect(r.json).toEqual([['PRE001'], ['PRE007']]);
  });

  it('Logout ends the session', async () => {
    const h = await s.session();
    expect((await s.post(`${P}AuthService.Logout`, {}, h)).json).toBe(true);
    expect((await s.query({ FormId: 'BD_Currency', FieldKeys: 'FNumber' }, h)).json).toEqual([[SESSION_LOST]]);
  });

  it('sliding expiry on the injected clock', async () => {
    await s.start({ sessionTtlSec: 10 });
    const h = await s.session();
    const ask = () => s.query({ FormId: 'BD_Currency', FieldKeys: 'FNumber', Limit: 1 }, h);
    s.clock.advance(9000);
    expect((await ask()).json).toEqual([['PRE001']]);
    s.clock.advance(9000);
    expect((await ask()).json).toEqual([['PRE001']]);
    s.clock.advance(10_001);
    expect((await ask()).json).toEqual([[SESSION_LOST]]);
  });

  it('signature headers without a login are served and given a session; bad ones get MsgCode 1 and an empty cookie', async () => {
    const c = s.sb.credentials;
    const path = '/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc';
    const sign = (appSecret: string) => signatureHeaders({ path, acctId: c.acctId, username: c.username, lcid: 2052, orgNum: '0', appId: c.appId, appSecret, timestamp: 1700000000 });
    const ok = await s.query({ FormId: 'BD_Currency', FieldKeys: 'FNumber', Limit: 1 }, sign(c.appSecret));
    expect(ok.json).toEqual([['PRE001']]);
    expect(ok.cookies[0]).toMatch(/^kdservice-sessionid=[0-9a-f-]{36};/);
    const bad = await s.query({ FormId: 'BD_Currency', FieldKeys: 'FNumber' }, sign('wrong'));
    expect(bad.json).toEqual([[SESSION_LOST]]);
    expect(bad.cookies).toEqual(['kdservice-sessionid=; path=/']);
    const tampered = { ...sign(c.appSecret), 'X-Api-Signature': 'AAAA' };
    expect((await s.query({ FormId: 'BD_Currency', FieldKeys: 'FNumber' }, tampered)).json).toEqual([[SESSION_LOST]]);
    expect(s.sb.stats.sessionsCreated).toBe(1);
  });

  it('signature headers for another data centre: non-200 "Fail to verify thirty passport"', async () => {
    const c = s.sb.credentials;
    const headers = signatureHeaders({ path: '/x', acctId: 'other', username: c.username, lcid: 2052, orgNum: '0', appId: c.appId, appSecret: c.appSecret, timestamp: 1 });
    const r = await s.query({ FormId: 'BD_Currency', FieldKeys: 'FNumber' }, headers);
    expect(r.status).not.toBe(200);
    expect(r.text).toBe('Fail to verify thirty passport');
  });
});
