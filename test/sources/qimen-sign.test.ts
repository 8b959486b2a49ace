import { describe, expect, it } from 'vitest';
import { qimenSigningString, signQimen, type QimenSignMethod } from '../../engine/sources/qimen/sign.js';

const TOP_PARAMS = {
  app_key: '12345678',
  fields: 'num_iid,title,nick,price,num',
  format: 'json',
  method: 'taobao.item.seller.get',
  num_iid: '11223344',
  session: 'test',
  timestamp: '2016-01-01 12:00:00',
  v: '2.0',
};

const SALEOUT_PARAMS = {
  method: 'jushuitan.saleout.list.query',
  app_key: '12345678',
  target_app_key: '23060081',
  customer_id: '10000001',
  timestamp: '2024-05-20 10:00:00',
  format: 'json',
  v: '2.0',
  page_index: '1',
  page_size: '50',
  start_time: '2024-05-19 00:00:00',
  end_time: '2024-05-20 00:00:00',
  date_type: '0',
};

describe('signQimen reproduces the published vectors (spec §2.4)', () => {
  it.each<[string, Record<string, string>, string, QimenSignMethod, string]>([
    ['official TOP md5', TOP_PARAMS, 'helloworld', 'md5', '66987CB115214E59E6EC978214934FB8'],
    ['official TOP hmac', TOP_PARAMS, 'helloworld', 'hmac', 'D56D7858309C31B6251083A874D48273'],
    ['official TOP hmac-sha256', TOP_PARAMS, 'helloworld', 'hmac-sha256', '04DB15AD0774D5CFCE2C837DE43E3FCEA9011ED74F3038FB6AB5F3C4CEA119E8'],
    ['saleout md5', SALEOUT_PARAMS, 'qimen-secret-123', 'md5', 'FB69327E04A9C16BD8AD66F658443913'],
    ['saleout hmac', SALEOUT_PARAMS, 'qimen-secret-123', 'hmac', '0CD70D9A480428F19D1F4903DF4D42A8'],
    [
      'saleout hmac-sha256',
      SALEOUT_PARAMS,
      'qimen-secret-123',
      'hmac-sha256',
      '67774A53FBFEE46B30DBBBE8CB19A5C99E4BE337733FB0783656E4DEFE71FF94',
    ],
  ])('%s', (_name, params, secret, method, expected) => {
    expect(signQimen({ ...params, sign_method: method }, secret, method)).toBe(expected);
  });
});

describe('qimenSigningString', () => {
  it('matches the official string to hash (md5 example)', () => {
    expect(`helloworld${qimenSigningString({ ...TOP_PARAMS, sign_method: 'md5' })}helloworld`).toBe(
      'helloworldapp_key12345678fieldsnum_iid,title,nick,price,numformatjsonmethodtaobao.item.seller.getnum_iid11223344sessiontestsign_methodmd5timestamp2016-01-01 12:00:00v2.0helloworld',
    );
  });

  it('matches the saleout concatenation', () => {
    expect(qimenSigningString({ ...SALEOUT_PARAMS, sign_method: 'md5' })).toBe(
      'app_key12345678customer_id10000001date_type0end_time2024-05-20 00:00:00formatjsonmethodjushuitan.saleout.list.querypage_index1page_size50sign_methodmd5start_time2024-05-19 00:00:00target_app_key23060081timestamp2024-05-20 10:00:00v2.0',
    );
  });

  it.each([
    ['sign itself', { a: '1', sign: 'XYZ' }, 'a1'],
    ['empty value', { a: '1', session: '' }, 'a1'],
    ['whitespace-only value', { a: '1', customer_id: '  ' }, 'a1'],
    ['undefined value', { a: '1', b: undefined }, 'a1'],
    ['ordinal order, uppercase before lowercase', { b: '2', B: '1', a: '3' }, 'B1a3b2'],
    ['UTF-8 value kept raw', { shop: '测试旗舰店', a: 'x y' }, 'ax yshop测试旗舰店'],
  ])('drops or orders: %s', (_name, params, expected) => {
    expect(qimenSigningString(params)).toBe(expected);
  });
});
