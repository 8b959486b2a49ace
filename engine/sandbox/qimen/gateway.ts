import { QIMEN_SIGN_METHODS, type QimenSignMethod, signQimen } from '../../sources/qimen/sign.js';
import { type GatewayError, gatewayError } from './envelope.js';
import { parseShanghai } from './shanghai-time.js';

/**
 * The gateway half of the fake: system parameters, timestamp skew, signature and routing
 * (spec §9 items 1–4), checked in the order a TOP gateway reports them.
 */

/** What the gateway knows: the one registered app and merchant, and its clock. */
export interface GatewayConfig {
  appKey: string;
  appSecret: string;
  customerId: string;
  targetAppKey: string;
  now: () => number;
  /** Allowed |timestamp − now|; TOP allows 10 minutes. */
  maxSkewMs: number;
}

/** Methods the sandbox serves. */
export const SANDBOX_METHODS = new Set(['jushuitan.saleout.list.query']);

/** `yyyy-MM-dd HH:mm:ss` in GMT+8, or epoch milliseconds as the legacy Python SDK sends (spec §13). */
function parseTimestamp(text: string): number | undefined {
  if (/^\d{13}$/.test(text)) return Number(text);
  return parseShanghai(text);
}

function has(params: Record<string, string>, key: string): boolean {
  return (params[key] ?? '').trim() !== '';
}

/** Checks one request's system params; returns the gateway error to answer with, or undefined. */
export function checkGateway(params: Record<string, string>, cfg: GatewayConfig): GatewayError | undefined {
  if (!has(params, 'method')) return gatewayError(21);
  if (!SANDBOX_METHODS.has(params.method as string)) return gatewayError(22, `unknown method ${params.method}`);
  if (!has(params, 'app_key')) return gatewayError(28);
  if (params.app_key !== cfg.appKey) return gatewayError(29);
  if (!has(params, 'timestamp')) return gatewayError(30);
  const ts = parseTimestamp(params.timestamp as string);
  if (ts === undefined || Math.abs(ts - cfg.now()) > cfg.maxSkewMs) {
    return gatewayError(31, 'timestamp must be yyyy-MM-dd HH:mm:ss GMT+8, within 10 minutes of the server time');
  }
  if (!has(params, 'v')) return gatewayError(32);
  if (params.v !== '2.0') return gatewayError(34);
  if (has(params, 'format') && params.format !== 'json') return gatewayError(23, 'the sandbox answers format=json only');
  if (!has(params, 'sign_method')) return gatewayError(40, 'missing sign_method');
  if (!has(params, 'sign')) return gatewayError(24);
  const method = params.sign_method as QimenSignMethod;
  if (!QIMEN_SIGN_METHODS.includes(method)) return gatewayError(25, `unsupported sign_method ${method}`);
  if (signQimen(params, cfg.appSecret, method) !== (params.sign as string).toUpperCase()) return gatewayError(25);
  if (params.target_app_key !== cfg.targetAppKey) return gatewayError(41, 'target_app_key 无效');
  const customer = params.customer_id ?? params.customerId;
  if (customer !== cfg.customerId) return gatewayError(41, `customer_id ${customer ?? '(missing)'} 未授权`);
  return undefined;
}
