import { describe, expect, it } from 'vitest';
import { unwrapQimenResponse } from '../../engine/sources/qimen/envelope.js';
import { parseBanSeconds, qimenEndpoint } from '../../engine/sources/qimen/errors.js';

const EP = qimenEndpoint('jushuitan.saleout.list.query', 'http://a1q40taq0j.api.taobao.com/router/qm');

function failure(code: number, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ response: { flag: 'failure', code, message, ...extra, request_id: '16kp0025x5z0p' } });
}

function thrown(text: string, status = 200): unknown {
  try {
    unwrapQimenResponse(text, status, EP);
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('unwrapQimenResponse: success', () => {
  it('returns the inner object when there is no flag', () => {
    const inner = unwrapQimenResponse('{"response":{"page_index":1,"has_next":false,"datas":[]}}', 200, EP);
    expect(inner).toEqual({ page_index: 1, has_next: false, datas: [] });
  });

  it('unwraps a single top-level key other than response (SDK behaviour)', () => {
    expect(unwrapQimenResponse('{"saleout_list_query_response":{"datas":[]}}', 200, EP)).toEqual({ datas: [] });
  });

  it('keeps big ids exact', () => {
    const inner = unwrapQimenResponse('{"response":{"datas":[{"io_id":9007199254740993}]}}', 200, EP);
    expect(inner.datas).toEqual([{ io_id: '9007199254740993' }]);
  });
});

describe('unwrapQimenResponse: failures are classified', () => {
  it.each([
    ['7 App Call Limited with a ban', failure(7, 'App Call Limited', { sub_message: 'This ban will last for 22 more seconds' }), 'SOURCE_RATE_LIMITED', true, 7, 22],
    ['7 with the ban in the message', failure(7, 'App Call Limited[This ban will last for 9 more seconds'), 'SOURCE_RATE_LIMITED', true, 7, 9],
    ['7 without a duration', failure(7, 'App Call Limited'), 'SOURCE_RATE_LIMITED', true, 7, undefined],
    ['10 Service Currently Unavailable', failure(10, 'Service Currently Unavailable'), 'SOURCE_UNAVAILABLE', true, 10, undefined],
    ['15 Remote service error', failure(15, 'Remote service error'), 'SOURCE_UNAVAILABLE', true, 15, undefined],
    ['25 Invalid signature', failure(25, 'Invalid signature'), 'SOURCE_AUTH', false, 25, undefined],
    ['31 Invalid timestamp', failure(31, 'Invalid timestamp'), 'SOURCE_CLOCK_SKEW', false, 31, undefined],
    ['40 Missing arguments', failure(40, 'Missing Required Arguments', { sub_message: 'end_time 不能为空' }), 'SOURCE_ARGUMENTS', false, 40, undefined],
    ['41 Invalid arguments', failure(41, 'Invalid arguments', { sub_message: '查询时间跨度不能超过7天' }), 'SOURCE_ARGUMENTS', false, 41, undefined],
    ['other code', failure(50, 'Business Error'), 'SOURCE_REMOTE', false, 50, undefined],
    ['TOP error_response', '{"error_response":{"code":25,"msg":"Invalid signature","request_id":"x"}}', 'SOURCE_AUTH', false, 25, undefined],
    [
      'error_response with access-control sub code',
      '{"error_response":{"code":"520","msg":"Remote service error","sub_code":"accesscontrol.limited-by-api-access-count"}}',
      'SOURCE_RATE_LIMITED',
      true,
      '520',
      undefined,
    ],
  ])('%s', (_name, text, code, retryable, remoteCode, retryAfterSec) => {
    expect(thrown(text)).toMatchObject({ code, retryable, retryAfterSec, remote: { endpoint: EP, code: remoteCode } });
  });

  it('names code 25 and the credentials to check', () => {
    const e = thrown(failure(25, 'Invalid signature')) as Error;
    expect(e.message).toMatch(/code 25/);
    expect(e.message).toMatch(/appKey\/appSecret/);
  });

  it('gives a clock hint on code 31', () => {
    expect(thrown(failure(31, 'Invalid timestamp'))).toMatchObject({ hint: expect.stringMatching(/clock/) });
  });

  it('keeps the sub_message in the remote message', () => {
    expect(thrown(failure(41, 'Invalid arguments', { sub_message: 'customer_id 未授权' }))).toMatchObject({
      remote: { message: 'Invalid arguments: customer_id 未授权' },
    });
  });
});

describe('unwrapQimenResponse: broken bodies', () => {
  it.each([
    ['HTML proxy page with 200', '<html><body>Bad gateway</body></html>', 200, 'SOURCE_BAD_RESPONSE', true],
    ['truncated JSON', '{"response":{"page_index":1,"datas":[{"io_id":1', 200, 'SOURCE_BAD_RESPONSE', true],
    ['empty body', '', 200, 'SOURCE_BAD_RESPONSE', true],
    ['JSON without an envelope', '{"a":1,"b":2}', 200, 'SOURCE_BAD_RESPONSE', true],
    ['a JSON array', '[1,2]', 200, 'SOURCE_BAD_RESPONSE', true],
    ['HTTP 502 HTML', '<html>502</html>', 502, 'SOURCE_UNAVAILABLE', true],
    ['HTTP 503 with a success-looking body', '{"response":{"datas":[]}}', 503, 'SOURCE_UNAVAILABLE', true],
    ['HTTP 429', 'Too Many Requests', 429, 'SOURCE_RATE_LIMITED', true],
    ['HTTP 404', 'Not Found', 404, 'SOURCE_REMOTE', false],
  ])('%s', (_name, text, status, code, retryable) => {
    expect(thrown(text, status)).toMatchObject({ code, retryable, remote: { endpoint: EP } });
  });
});

describe('parseBanSeconds', () => {
  it.each([
    ['This ban will last for 22238 more seconds', 22238],
    ['App Call Limited[This ban will last for 1 more second', 1],
    ['ban will last 30 more seconds', 30],
    ['App Call Limited', undefined],
  ])('%s', (text, seconds) => {
    expect(parseBanSeconds(text)).toBe(seconds);
  });
});
