import { createLogger, type Logger } from '../log.js';
import { createSource, createTarget } from '../registry.js';
import { type LoadedScheme, loadScheme } from '../scheme/load.js';
import type { SourceConnector } from '../sources/types.js';
import { openStore } from '../state/open.js';
import type { StateStore } from '../state/store.js';
import type { TargetConnector } from '../targets/types.js';
import type { CliIO } from './io.js';

/** What the run-like commands share: the loaded scheme, its store, logger and connectors. */
export interface CommandContext {
  loaded: LoadedScheme;
  store: StateStore;
  logger: Logger;
  source: SourceConnector;
  target: TargetConnector;
  close(): Promise<void>;
}

/** Loads a scheme with its secrets (unset env vars are errors) and opens state and connectors. */
export async function openContext(schemePath: string, io: CliIO, opts: { state?: string; connectors?: boolean }): Promise<CommandContext> {
  const loaded = await loadScheme(schemePath, { env: io.env, envMode: opts.connectors === false ? 'warn' : 'require' });
  const logger = createLogger({ secrets: loaded.secrets, level: io.env.FERRY_LOG_LEVEL ?? (io.isTTY ? 'warn' : 'info') });
  const store = await openStore({ cwd: io.cwd, env: io.env, ...(opts.state !== undefined && { path: opts.state }) });
  const source = opts.connectors === false ? (undefined as unknown as SourceConnector) : createSource(loaded.scheme, { logger });
  const target = opts.connectors === false ? (undefined as unknown as TargetConnector) : createTarget(loaded.scheme, { logger });
  return {
    loaded,
    store,
    logger,
    source,
    target,
    async close() {
      await source?.close?.();
      await target?.close?.();
      await store.close();
    },
  };
}
