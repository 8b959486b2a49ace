import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SANDBOX_TARGET_APP_KEY } from '../catalog.js';
import { SalesOutGenerator } from '../generator.js';
import { failureBody, gatewayError, successBody } from './envelope.js';
import { fires, PROXY_HTML, type QimenFaults } from './faults.js';
import { checkGateway } from './gateway.js';
import { querySaleout } from './saleout-query.js';
import { SalesOutStore } from './store.js';

/**
 * The sandbox Qimen gateway: `POST /router/qm` on 127.0.0.1, a random port. It verifies what the
 * real gateway verifies (spec §9), serves generated sales-outs, counts what it served, and
 * misbehaves on demand (faults.ts).
 */

/** Start options; every one has a default. `from`/`to` bound the generated modified times (GMT+8). */
export interface QimenSandboxOptions {
  seed?: number;
  orders?: number;
  from?: string;
  to?: string;
  appKey?: string;
  appSecret?: string;
  customerId?: string;
  /** Largest page_size accepted; default 50. */
  pageSizeMax?: number;
  /** Delay before every response, ms; default 0. */
  latencyMs?: number;
  /** The gateway's clock (timestamp skew, "modified now"); default Date.now. */
  now?: () => number;
  /** `start_ts` returns ts ≥ start_ts instead of ts > start_ts. Default false. */
  cursorInclusive?: boolean;
  /** Initial fault switches; copied, so change them later through `sandbox.faults`. */
  faults?: QimenFaults;
}

/** What the sandbox served: every request, and how often each io_id left in a success body. */
export interface ServedStats {
  requests: number;
  /** Requests answered with a failure envelope or a fault. */
  failures: number;
  recordsByKey: Map<string, number>;
}

/** A running sandbox. */
export interface QimenSandbox {
  /** Full gateway URL, `http://127.0.0.1:<port>/router/qm`. */
  url: string;
  close(): Promise<void>;
  credentials: { appKey: string; appSecret: string; customerId: string };
  served: ServedStats;
  /** Mutable at run time. */
  faults: QimenFaults;
  data: SalesOutStore;
}

/** Defaults of the sandbox credentials. */
export const SANDBOX_CREDENTIALS = { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret', customerId: '10000001' } as const;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Query string and form body merged, as the gateway does before checking the signature. */
function mergedParams(req: IncomingMessage, body: string): Record<string, string> {
  const params: Record<string, string> = {};
  const url = new URL(req.url ?? '/', 'http://sandbox');
  for (const [k, v] of url.searchParams) params[k] = v;
  for (const [k, v] of new URLSearchParams(body)) params[k] = v;
  return params;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const JSON_TYPE = 'application/json;charset=UTF-8';

/** Starts the sandbox; resolves once it listens. */
export async function startQimenSandbox(options: QimenSandboxOptions = {}): Promise<QimenSandbox> {
  const now = options.now ?? Date.now;
  const credentials = {
    appKey: options.appKey ?? SANDBOX_CREDENTIALS.appKey,
    appSecret: options.appSecret ?? SANDBOX_CREDENTIALS.appSecret,
    customerId: options.customerId ?? SANDBOX_CREDENTIALS.customerId,
  };
  const data = new SalesOutStore(new SalesOutGenerator(options), now);
  // A copy: counters count down, and the caller's object must stay as written.
  const faults: QimenFaults = structuredClone(options.faults ?? {});
  const served: ServedStats = { requests: 0, failures: 0, recordsByKey: new Map() };
  const gateway = { ...credentials, targetAppKey: SANDBOX_TARGET_APP_KEY, now, maxSkewMs: 600_000 };
  const query = { store: data, faults, pageSizeMax: options.pageSizeMax ?? 50, cursorInclusive: options.cursorInclusive ?? false };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const n = ++served.requests;
    const body = await readBody(req);
    const delay = (options.latencyMs ?? 0) + (faults.latencyMs ?? 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const fail = (status: number, type: string, text: string): void => {
      served.failures++;
      send(res, status, type, text);
    };
    if (fires(faults.reset, n)) {
      served.failures++;
      req.socket.destroy();
      return;
    }
    if (fires(faults.serverError, n)) return fail(faults.serverError?.status ?? 502, 'text/html', PROXY_HTML);
    if (fires(faults.html, n)) return fail(200, 'text/html', PROXY_HTML);
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://sandbox').pathname !== '/router/qm') {
      return fail(404, 'text/html', '<html><body>404 Not Found</body></html>');
    }
    const params = mergedParams(req, body);
    if (faults.ban && fires(faults.ban, n)) {
      const ban = gatewayError(7, `This ban will last for ${faults.ban.seconds} more seconds`, 'accesscontrol.limited-by-app-access-count');
      return fail(200, JSON_TYPE, failureBody(ban));
    }
    const rejected = checkGateway(params, gateway);
    if (rejected) return fail(200, JSON_TYPE, failureBody(rejected));
    const result = querySaleout(params, query);
    if ('code' in result) return fail(200, JSON_TYPE, failureBody(result));
    const text = successBody(result);
    if (fires(faults.truncated, n)) return fail(200, JSON_TYPE, text.slice(0, Math.floor(text.length / 2)));
    for (const r of result.datas as Array<Record<string, unknown>>) {
      const key = String(r.io_id);
      served.recordsByKey.set(key, (served.recordsByKey.get(key) ?? 0) + 1);
    }
    send(res, 200, JSON_TYPE, text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', e instanceof Error ? e.message : String(e));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/router/qm`,
    credentials,
    served,
    faults,
    data,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
