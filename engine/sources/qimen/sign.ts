import { createHash, createHmac } from 'node:crypto';

/** The three TOP/Qimen signature methods. `hmac` means HMAC-MD5. */
export type QimenSignMethod = 'md5' | 'hmac' | 'hmac-sha256';

/** The sign methods in the order the spec lists them; used to validate config and by the sandbox. */
export const QIMEN_SIGN_METHODS: readonly QimenSignMethod[] = ['md5', 'hmac', 'hmac-sha256'];

/** True when a value takes part in the signature: not empty and not whitespace only (Java SDK `isNotEmpty`). */
export function isSignableValue(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/**
 * The string the digest is taken over: every param except `sign`, empty/whitespace-only keys and
 * values dropped, keys in ordinal (UTF-16 code unit, = ASCII here) order, `key + value` joined
 * with no separator. Values are the raw strings put on the wire, never URL-encoded.
 */
export function qimenSigningString(params: Readonly<Record<string, string | undefined>>): string {
  const keys = Object.keys(params)
    .filter((k) => k !== 'sign' && k.trim() !== '' && isSignableValue(params[k]))
    .sort();
  let out = '';
  for (const k of keys) out += k + (params[k] as string);
  return out;
}

/**
 * Computes the Qimen `sign`: `md5` = MD5(secret + s + secret), `hmac` = HMAC-MD5(secret, s),
 * `hmac-sha256` = HMAC-SHA256(secret, s), where s is `qimenSigningString(params)`; uppercase hex.
 */
export function signQimen(params: Readonly<Record<string, string | undefined>>, secret: string, method: QimenSignMethod): string {
  const s = qimenSigningString(params);
  switch (method) {
    case 'md5':
      return createHash('md5').update(secret + s + secret, 'utf8').digest('hex').toUpperCase();
    case 'hmac':
      return createHmac('md5', secret).update(s, 'utf8').digest('hex').toUpperCase();
    case 'hmac-sha256':
      return createHmac('sha256', secret).update(s, 'utf8').digest('hex').toUpperCase();
  }
}
