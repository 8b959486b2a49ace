import { startSandboxes } from '../engine/sandbox/environment.js';
import type { K3SandboxOptions } from '../engine/sandbox/k3cloud/types.js';
import type { QimenSandboxOptions } from '../engine/sandbox/qimen/server.js';
import { startLeanK3 } from './lean-k3.js';

/**
 * Child process that hosts both sandboxes for a benchmark, so the servers' own work (generating
 * sales-outs, validating saves) never shares a CPU thread or a heap with the ferry run being
 * measured — as with a real Qimen and Kingdee. Spawned by sandbox-process.ts with its options as
 * JSON in argv[2]; talks over the IPC channel (messages typed in HostMessage / HostReply).
 */

/** What the host is started with. */
export interface HostOptions {
  qimen?: QimenSandboxOptions;
  k3?: K3SandboxOptions;
  /** Put the lean BatchSave front (lean-k3.ts) before Kingdee: for runs of a million bills. */
  leanSaves?: boolean;
}

/** Counters the parent asks for. */
export interface HostStats {
  qimenRequests: number;
  /** Bills committed (by the sandbox, or acknowledged by the lean front). */
  k3Saves: number;
  /** Requests per K/3 Cloud service, counted by the sandbox (the lean front's BatchSaves not included). */
  k3Calls: Record<string, number>;
}

/** Parent → host. */
export type HostMessage = { type: 'stats' } | { type: 'close' };
/** Host → parent. */
export type HostReply = { type: 'ready'; env: Record<string, string> } | ({ type: 'stats' } & HostStats);

async function host(options: HostOptions): Promise<void> {
  const pair = await startSandboxes({ ...(options.qimen && { qimen: options.qimen }), ...(options.k3 && { k3: options.k3 }) });
  const lean = options.leanSaves ? await startLeanK3(pair.k3.url) : undefined;
  const env = { ...pair.env, ...(lean && { K3CLOUD_URL: lean.url }) };
  const send = (reply: HostReply) => process.send?.(reply);
  const close = async () => {
    await lean?.close();
    await pair.close();
    process.exit(0);
  };
  process.on('message', (m: HostMessage) => {
    if (m.type === 'stats') {
      send({ type: 'stats', qimenRequests: pair.qimen.served.requests, k3Saves: lean ? lean.saves() : pair.k3.stats.saves, k3Calls: { ...pair.k3.stats.calls } });
    } else void close();
  });
  process.on('disconnect', () => void close());
  send({ type: 'ready', env });
}

await host(JSON.parse(process.argv[2] ?? '{}') as HostOptions);
