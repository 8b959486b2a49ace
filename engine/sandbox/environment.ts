import { startK3CloudSandbox } from './k3cloud/server.js';
import type { K3Sandbox, K3SandboxOptions } from './k3cloud/types.js';
import { type QimenSandbox, type QimenSandboxOptions, startQimenSandbox } from './qimen/server.js';

/** Both sandbox servers, and the environment variables the bundled scheme reads to reach them. */
export interface SandboxPair {
  qimen: QimenSandbox;
  k3: K3Sandbox;
  /** `QIMEN_URL`, `QIMEN_APP_KEY`, …, `K3CLOUD_PASSWORD` (and the app id/secret for the other login modes). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the fake Qimen gateway and the fake K/3 Cloud server on 127.0.0.1 (random ports). */
export async function startSandboxes(options: { qimen?: QimenSandboxOptions; k3?: K3SandboxOptions } = {}): Promise<SandboxPair> {
  const qimen = await startQimenSandbox(options.qimen);
  const k3 = await startK3CloudSandbox(options.k3).catch(async (e: unknown) => {
    await qimen.close();
    throw e;
  });
  const env = {
    QIMEN_URL: qimen.url,
    QIMEN_APP_KEY: qimen.credentials.appKey,
    QIMEN_APP_SECRET: qimen.credentials.appSecret,
    QIMEN_CUSTOMER_ID: qimen.credentials.customerId,
    K3CLOUD_URL: k3.url,
    K3CLOUD_ACCT_ID: k3.credentials.acctId,
    K3CLOUD_USERNAME: k3.credentials.username,
    K3CLOUD_PASSWORD: k3.credentials.password,
    K3CLOUD_APP_ID: k3.credentials.appId,
    K3CLOUD_APP_SECRET: k3.credentials.appSecret,
  };
  return {
    qimen,
    k3,
    env,
    async close() {
      await Promise.allSettled([qimen.close(), k3.close()]);
    },
  };
}

/** `export NAME='value'` lines for a shell. */
export function exportLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`)
    .join('\n');
}
