import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bindParameters, getCI } from '../engine/sandbox/k3cloud/envelope.js';
import { type K3Success, responseStatus, resultReply } from '../engine/sandbox/k3cloud/responses.js';

/**
 * A K/3 Cloud front for runs of a million bills. The sandbox server keeps every bill and finds a
 * bill number by scanning them all (engine/sandbox/k3cloud/bills.ts `byNumber`), so a million
 * saves would take hours there. This front answers BatchSave itself — every model saved, in the
 * sandbox's exact reply shape, nothing kept — and passes every other call (login, master-data
 * queries, …) through to a real sandbox. It authenticates nothing: it exists for the memory
 * benchmark only, where the target's behaviour is not what is measured.
 */

/** A running front. */
export interface LeanK3 {
  /** Base URL ending in `/k3cloud/`, like the sandbox's. */
  url: string;
  /** Bills "saved" so far. */
  saves(): number;
  close(): Promise<void>;
}

const BATCH_SAVE = /\/[^/]*\.BatchSave\.common\.kdsvc$/i;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the front on 127.0.0.1 (random port), passing non-BatchSave calls to `sandboxUrl`. */
export async function startLeanK3(sandboxUrl: string): Promise<LeanK3> {
  const upstream = new URL(sandboxUrl);
  let saved = 0;
  let nextId = 100_001;

  function batchSave(body: Buffer, res: ServerResponse): void {
    const params = bindParameters(JSON.parse(body.toString('utf8')), 'batchsave');
    const data = typeof params === 'string' ? undefined : params.data;
    const models = data && typeof data === 'object' ? getCI(data as Record<string, unknown>, 'Model') : undefined;
    const list = Array.isArray(models) ? models : [];
    const successes: K3Success[] = list.map((m: unknown, i) => {
      const number = m && typeof m === 'object' ? String(getCI(m as Record<string, unknown>, 'FBillNo') ?? '') : '';
      return { Id: nextId++, Number: number, DIndex: i };
    });
    saved += successes.length;
    const reply = resultReply(responseStatus(0, [], successes), { NeedReturnData: successes.map(() => ({})) });
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(reply.body);
  }

  function pass(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    out.end(body);
  }

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => (BATCH_SAVE.test(req.url?.split('?')[0] ?? '') ? batchSave(body, res) : pass(req, body, res)))
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/k3cloud/`,
    saves: () => saved,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
