/**
 * The sandbox K/3 Cloud server: `POST /k3cloud/{Service}.common.kdsvc` on 127.0.0.1, faithful to
 * the WebAPI spec for what ferry and Kingdee's own SDK do (login services, signature headers,
 * sessions, Save/BatchSave, the operation state machine, ExecuteBillQuery) with fault switches for
 * everything that goes wrong in production. Used by tests, benchmarks and `ferry sandbox`.
 *
 * Order of a business call: HTTP-level faults (5xx, `response_error:`) → authentication (session
 * expiry fault, session or signature, MsgCode 1) → call limit (MsgCode 14) → firewall (`<`) →
 * the service. Method names, parameter names and field keys are matched case-insensitively.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findLessThan } from '../../targets/k3cloud/write.js';
import { type AuthContext, authenticate, handleLogin } from './auth.js';
import { createBillStore } from './bills.js';
import { bindParameters } from './envelope.js';
import { sessionExpiresAt, takeFault } from './faults.js';
import { seedBaseData } from './master-data.js';
import { handleOperation, type OperationName } from './operations.js';
import { handleQuery } from './query.js';
import {
  CALL_LIMIT_MESSAGE,
  err,
  errorReply,
  failureBody,
  jsonReply,
  responseErrorReply,
  type SandboxReply,
  textReply,
  wafReply,
} from './responses.js';
import { handleSave, type SaveContext } from './save.js';
import { createSessionStore, requestSessionId } from './sessions.js';
import type { K3Sandbox, K3SandboxCredentials, K3SandboxOptions, K3SandboxStats } from './types.js';

/** The sandbox's default credentials (the spec's test-vector identity). */
export const DEFAULT_K3_CREDENTIALS: K3SandboxCredentials = {
  acctId: '62f1a2b3c4d5e6',
  username: 'apiuser',
  password: 'sandbox-Passw0rd',
  appId: '234567_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY',
  appSecret: '0123456789abcdef0123456789abcdef',
};

const LOGIN_METHODS = new Set(['validateuser', 'loginbyappsecret', 'loginbysign']);
const OPERATIONS = new Set<string>(['submit', 'audit', 'unaudit', 'delete']);
const ROUTE = /^\/k3cloud\/(.+)\.common\.kdsvc$/i;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: SandboxReply, extraCookies: string[] = []): void {
  if (res.destroyed) return;
  const cookies = [...extraCookies, ...(reply.setCookies ?? [])];
  const json = reply.body.startsWith('{') || reply.body.startsWith('[');
  res.writeHead(reply.status, {
    'Content-Type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    ...(cookies.length && { 'Set-Cookie': cookies }),
  });
  res.end(reply.body);
}

/** Starts a sandbox on 127.0.0.1 with a free port. */
export async function startK3CloudSandbox(options: K3SandboxOptions = {}): Promise<K3Sandbox> {
  const credentials: K3SandboxCredentials = {
    acctId: options.acctId ?? DEFAULT_K3_CREDENTIALS.acctId,
    username: options.username ?? DEFAULT_K3_CREDENTIALS.username,
    password: options.password ?? DEFAULT_K3_CREDENTIALS.password,
    appId: options.appId ?? DEFAULT_K3_CREDENTIALS.appId,
    appSecret: options.appSecret ?? DEFAULT_K3_CREDENTIALS.appSecret,
  };
  const now = options.now ?? Date.now;
  const faults = options.faults ?? {};
  const stats: K3SandboxStats = { calls: {}, saves: 0, sessionsCreated: 0, billNoConflicts: 0 };
  const sessions = createSessionStore((options.sessionTtlSec ?? 1200) * 1000, now);
  const store = createBillStore();
  const baseData = seedBaseData();
  const authCtx: AuthContext = { credentials, sessions, onSessionCreated: () => stats.sessionsCreated++ };
  const saveCtx: SaveContext = {
    store,
    baseData,
    faults,
    atomic: options.atomicBatch ?? false,
    onCommitted: (n) => {
      stats.saves += n;
    },
    onBillNoConflict: () => stats.billNoConflicts++,
  };
  const timers = new Set<NodeJS.Timeout>();
  let businessCalls = 0;
  let savesInFlight = 0;

  const delay = (ms: number) =>
    ms > 0
      ? new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t);
            resolve();
          }, ms);
          timers.add(t);
        })
      : Promise.resolve();

  async function save(params: Record<string, unknown>, batch: boolean, req: IncomingMessage, arrivedAt: number): Promise<SandboxReply | 'dropped'> {
    const max = options.maxConcurrentSaves;
    if (max !== undefined && savesInFlight >= max) return errorReply(14, [err(CALL_LIMIT_MESSAGE)], false);
    savesInFlight++;
    let reply: SandboxReply;
    try {
      reply = handleSave(params, batch, saveCtx);
      // `saveLatencyMs` is the whole service time from the request's arrival: the sandbox's own
      // parsing and validating count toward it (concurrent saves validate one after another on
      // this single thread), so N concurrent saves really take the configured time, no longer.
      await delay((options.saveLatencyMs ?? 0) - (performance.now() - arrivedAt));
    } finally {
      savesInFlight--;
    }
    if (takeFault(faults, 'commitThenDropNext')) {
      req.socket.destroy();
      return 'dropped';
    }
    if (takeFault(faults, 'commitThenDelayNext')) await delay(faults.commitThenDelayMs ?? 5000);
    return reply;
  }

  async function business(method: string, params: Record<string, unknown>, req: IncomingMessage, arrivedAt: number): Promise<SandboxReply | 'dropped'> {
    switch (method) {
      case 'save':
      case 'batchsave':
        return save(params, method === 'batchsave', req, arrivedAt);
      case 'executebillquery':
        return handleQuery(params, { store, baseData });
      case 'logout': {
        const sid = requestSessionId(req.headers);
        if (sid) sessions.remove(sid);
        return jsonReply(true);
      }
      default:
        if (OPERATIONS.has(method)) return handleOperation(method as OperationName, params, { store, faults });
        return textReply(404, `service not found: ${method}`);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const path = req.url ?? '/';
    const route = ROUTE.exec(path.split('?')[0] ?? '');
    if (!route?.[1]) return send(res, textReply(404, 'Not Found'));
    if (req.method !== 'POST') return send(res, textReply(405, 'Method Not Allowed'));
    const name = route[1].slice(route[1].lastIndexOf('.') + 1);
    const method = name.toLowerCase();
    stats.calls[name] = (stats.calls[name] ?? 0) + 1;
    const text = await readBody(req);
    const generalDelayMs = (options.latencyMs ?? 0) + (faults.slowMs ?? 0);
    await delay(generalDelayMs);
    if (takeFault(faults, 'http5xxNext')) return send(res, textReply(500, 'Internal Server Error'));
    if (takeFault(faults, 'responseErrorNext')) return send(res, responseErrorReply('未将对象引用设置到对象的实例。'));

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return send(res, responseErrorReply('请求报文不是有效的JSON格式'));
    }
    const params = bindParameters(body, method);
    if (typeof params === 'string') return send(res, jsonReply(failureBody(8, [err(params)])));
    if (LOGIN_METHODS.has(method)) return send(res, handleLogin(method, params, authCtx));

    const wrapped = method === 'executebillquery';
    if (sessionExpiresAt(faults, ++businessCalls)) sessions.expireAll();
    const auth = authenticate(req.headers, path, authCtx, wrapped);
    if (!auth.ok) return send(res, auth.reply);
    const cookies = auth.setCookies ?? [];
    if (takeFault(faults, 'callLimitNext')) return send(res, errorReply(14, [err(CALL_LIMIT_MESSAGE)], wrapped), cookies);
    if (faults.wafOnLessThan && findLessThan(params) !== undefined) return send(res, wafReply(), cookies);
    const reply = await business(method, params, req, arrivedAt + generalDelayMs);
    if (reply !== 'dropped') send(res, reply, cookies);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      send(res, responseErrorReply(`sandbox error: ${e instanceof Error ? e.message : String(e)}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/k3cloud/`,
    credentials,
    faults,
    stats,
    bills: () => store.snapshot(),
    expireSessions: () => sessions.expireAll(),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
