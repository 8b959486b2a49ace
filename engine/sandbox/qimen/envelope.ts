import { randomBytes } from 'node:crypto';
import { stringify } from 'lossless-json';

/**
 * Response bodies exactly as spec §2.5 and §13 describe them: failures carry
 * `flag:"failure"`, code, message, optional sub_message and a 13-character request_id; successes
 * carry the Jushuitan pagination object and no `flag` key at all (a strict Java client would
 * otherwise report failure).
 */

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A 13-character lowercase request id like `16kp0025x5z0p`. */
export function requestId(): string {
  const bytes = randomBytes(13);
  let id = '';
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

/** A gateway error code with its TOP message. */
export interface GatewayError {
  code: number;
  message: string;
  subMessage?: string;
  subCode?: string;
}

/** TOP messages for the codes the sandbox emits. */
export const TOP_MESSAGES: Record<number, string> = {
  7: 'App Call Limited',
  21: 'Missing Method',
  22: 'Invalid Method',
  23: 'Invalid Format',
  24: 'Missing Signature',
  25: 'Invalid Signature',
  28: 'Missing App Key',
  29: 'Invalid App Key',
  30: 'Missing Timestamp',
  31: 'Invalid Timestamp',
  32: 'Missing Version',
  34: 'Unsupported Version',
  40: 'Missing Required Arguments',
  41: 'Invalid Arguments',
};

/** Builds a gateway error for `code`, with its standard message. */
export function gatewayError(code: number, subMessage?: string, subCode?: string): GatewayError {
  return { code, message: TOP_MESSAGES[code] ?? 'Remote service error', subMessage, subCode };
}

/** `{"response":{"flag":"failure","code",…,"request_id"}}`. */
export function failureBody(e: GatewayError): string {
  return JSON.stringify({
    response: {
      flag: 'failure',
      code: e.code,
      message: e.message,
      ...(e.subCode !== undefined && { sub_code: e.subCode }),
      ...(e.subMessage !== undefined && { sub_message: e.subMessage }),
      request_id: requestId(),
    },
  });
}

/** The success pagination object. */
export interface SaleoutPage {
  page_size: number;
  page_index: number;
  data_count: number;
  page_count: number;
  has_next: boolean;
  datas: unknown[];
}

/** `{"response":{page_size,page_index,data_count,page_count,has_next,datas}}`; big ids stay exact. */
export function successBody(page: SaleoutPage): string {
  return stringify({ response: page }) as string;
}
