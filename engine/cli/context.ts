import { createLogger, type Logger } from '../log.js';
import { createSource, createTarget } from '../registry.js';
import { type LoadedScheme, loadScheme } from '../scheme/load.js';
import type { SourceConnector } from '../sources/types.js';
import { openStore } from '../state/open.js';
import type { StateStore } from '../state/store.js';
import type { TargetConnector } from '../targets/types.js';
import type { CliIO } from './io.js';

/** What the ledger-reading commands (status, parked) need: the scheme, its store and a logger. */
export interface StateContext {
  loaded: LoadedScheme;
  store: StateStore;
  logger: Logger;
  close(): Promise<void>;
}

/** What the run-like commands need besides: both connectors. */
export interface CommandContext extends StateContext {
  source: SourceConnector;
  target: TargetConnector;
}

/** Loads a scheme (credentials not needed: unset env vars are warnings) and opens its state store. */
export async function openStateContext(schemePath: string, io: CliIO, opts: { state?: string }): Promise<StateContext> {
  const loaded = await loadScheme(schemePath, { env: io.env, envMode: 'warn' });
  return withStore(loaded, io, opts);
}

/** Loads a scheme with its secrets (unset env vars are errors) and opens state and connectors. */
export async function openContext(schemePath: string, io: CliIO, opts: { state?: string }): Promise<CommandContext> {
  const loaded = await loadScheme(schemePath, { env: io.env, envMode: 'require' });
  const base = await withStore(loaded, io, opts);
  const source = createSource(loaded.scheme, { logger: base.logger });
  const target = createTarget(loaded.scheme, { logger: base.logger });
  return {
    ...base,
    source,
    target,
    async close() {
      await source.close?.();
      await target.close?.();
      await base.close();
    },
  };
}

async function withStore(loaded: LoadedScheme, io: CliIO, opts: { state?: string }): Promise<StateContext> {
  const logger = createLogger({ secrets: loaded.secrets, level: io.env.FERRY_LOG_LEVEL ?? (io.isTTY ? 'warn' : 'info') });
  const store = await openStore({ cwd: io.cwd, env: io.env, ...(opts.state !== undefined && { path: opts.state }) });
  return { loaded, store, logger, close: () => store.close() };
}
