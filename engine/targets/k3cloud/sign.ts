/**
 * Kingdee K/3 Cloud signing, pure functions only (spec §2.1 LoginBySign, §2.4 signature headers).
 * The sandbox server verifies with the very same functions, and the unit tests pin them to the
 * spec's test vectors, so client and fake server cannot drift apart silently.
 */
import { createHash, createHmac } from 'node:crypto';

/** The ASCII key the official SDKs XOR the AppID's secret half with (spec §2.4 step 4). */
const APP_SECRET_XOR_KEY = Buffer.from('0054f397c6234378b09ca7d3e5debce7', 'ascii');

/** Inputs of a LoginBySign digest. `timestamp` is Unix seconds. */
export interface LoginSignInput {
  acctId: string;
  username: string;
  appId: string;
  appSecret: string;
  timestamp: number | string;
}

/**
 * LoginBySign `sign`: lowercase hex SHA-256 (or SHA-1 for servers before PT-146911) of the five
 * strings sorted in ordinal (code-unit) order and joined without a separator.
 */
export function loginSign(input: LoginSignInput, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  const parts = [input.acctId, input.username, input.appId, input.appSecret, String(input.timestamp)];
  // Ordinal order, as .NET's String.CompareOrdinal: plain code-unit comparison, not localeCompare.
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash(algorithm).update(parts.join(''), 'utf8').digest('hex');
}

/**
 * The SDK's `DecodeAppSecret` of the part of the AppID after `_`: base64 → 24 bytes, XOR with the
 * ASCII key, base64 again. Anything that is not 32 characters long decodes to `''`, as in the
 * official Python SDK.
 */
export function decodeAppSecret(secretPart: string): string {
  if (secretPart.length !== 32) return '';
  const bytes = Buffer.from(secretPart, 'base64');
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    out[i] = (bytes[i] ?? 0) ^ (APP_SECRET_XOR_KEY[i] ?? 0);
  }
  return out.toString('base64');
}

/** Splits an AppID `<clientId>_<secret>` the way the SDK does: anything but two parts gives empty strings. */
export function splitAppId(appId: string): { clientId: string; clientSec: string } {
  const parts = appId.split('_');
  if (parts.length !== 2) return { clientId: '', clientSec: '' };
  return { clientId: parts[0] ?? '', clientSec: decodeAppSecret(parts[1] ?? '') };
}

/** HMAC-SHA256 → lowercase hex → base64 of that hex text (not of the raw digest), as every SDK does. */
function hmacHexBase64(key: string, message: string): string {
  const hex = createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex');
  return Buffer.from(hex, 'utf8').toString('base64');
}

/** The URL-encoded request path the X-Api-Signature covers; `/` becomes `%2F`. */
export function encodeSignedPath(path: string): string {
  return encodeURIComponent(path);
}

/** `X-Api-Signature` over `POST\n{encPath}\n\nx-api-nonce:{nonce}\nx-api-timestamp:{ts}\n`. */
export function apiSignature(clientSec: string, path: string, nonce: string, timestamp: string): string {
  const message = `POST\n${encodeSignedPath(path)}\n\nx-api-nonce:${nonce}\nx-api-timestamp:${timestamp}\n`;
  return hmacHexBase64(clientSec, message);
}

/** `acct,user,lcid,org`, base64 of which is `X-Kd-Appdata`. */
export function appData(acctId: string, username: string, lcid: number, orgNum: string): string {
  return `${acctId},${username},${lcid},${orgNum}`;
}

/** `X-Kd-Signature` = base64(hex(HMAC-SHA256(key = AppSecret, msg = AppID + appData))). */
export function kdSignature(appId: string, appSecret: string, data: string): string {
  return hmacHexBase64(appSecret, appId + data);
}

/** Everything the signature headers of one request are computed from. */
export interface SignatureHeaderInput {
  /** The request path, e.g. `/k3cloud/Kingdee...Save.common.kdsvc`. */
  path: string;
  acctId: string;
  username: string;
  lcid: number;
  orgNum: string;
  appId: string;
  appSecret: string;
  /** Unix seconds; the official Python SDK also uses it as the nonce. */
  timestamp: number;
}

/** The X-Api-* / X-Kd-* headers of the official SDK (spec §2.4), names cased as the Python SDK sends them. */
export function signatureHeaders(input: SignatureHeaderInput): Record<string, string> {
  const ts = String(input.timestamp);
  const { clientId, clientSec } = splitAppId(input.appId);
  const data = appData(input.acctId, input.username, input.lcid, input.orgNum);
  return {
    'X-Api-ClientID': clientId,
    'X-Api-Auth-Version': '2.0',
    'x-api-timestamp': ts,
    'x-api-nonce': ts,
    'x-api-signheaders': 'x-api-timestamp,x-api-nonce',
    'X-Api-Signature': apiSignature(clientSec, input.path, ts, ts),
    'X-Kd-Appkey': input.appId,
    'X-Kd-Appdata': Buffer.from(data, 'utf8').toString('base64'),
    'X-Kd-Signature': kdSignature(input.appId, input.appSecret, data),
  };
}
