import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../engine/log.js';
import { createSource, createTarget } from '../../engine/registry.js';
import { runScheme } from '../../engine/runner/run.js';
import { replayParked } from '../../engine/runner/replay.js';
import type { RunOptions, RunSummary } from '../../engine/runner/types.js';
import { auditExactlyOnce } from '../../engine/sandbox/audit.js';
import { type SandboxPair, startSandboxes } from '../../engine/sandbox/environment.js';
import type { K3SandboxOptions } from '../../engine/sandbox/k3cloud/types.js';
import type { QimenSandboxOptions } from '../../engine/sandbox/qimen/server.js';
import { type LoadedScheme, loadScheme } from '../../engine/scheme/load.js';
import type { Scheme } from '../../engine/scheme/types.js';
import type { ParkedFilter, StateStore } from '../../engine/state/store.js';
import { openStore } from '../../engine/state/open.js';

export const BUNDLED = 'schemes/jushuitan-saleout-to-kingdee.yaml';
export const RANGE = { from: '2024-05-01 00:00:00', to: '2024-05-04 00:00:00' };

/** Both sandboxes, the bundled scheme pointed at them, and a fresh state file. */
export interface Harness {
  pair: SandboxPair;
  loaded: LoadedScheme;
  store: StateStore;
  statePath: string;
  /** A backfill of RANGE unless options say otherwise; `now` fixes the runner's clock. */
  run(options?: Partial<RunOptions> & { now?: number }, loaded?: LoadedScheme): Promise<RunSummary>;
  replay(filter: ParkedFilter, loaded?: LoadedScheme): Promise<RunSummary>;
  audit(): ReturnType<typeof auditExactlyOnce>;
  close(): Promise<void>;
}

/** What a test may change about the harness; every option has the default the other tests rely on. */
export interface HarnessOptions {
  qimen?: QimenSandboxOptions;
  k3?: K3SandboxOptions;
  schemePath?: string;
  k3TimeoutMs?: number;
  /** Edits the loaded scheme after the harness's own changes (e.g. `source.window.parallel`, a real Qimen budget). */
  editScheme?: (scheme: Scheme) => void;
  /**
   * The source connector's effects instead of the harness's: a real `sleep` makes the Qimen rate
   * budget hold in time (the default sleep caps every wait at 20 ms); `fetch` can observe calls.
   */
  source?: { sleep?: (ms: number) => Promise<void>; fetch?: typeof fetch };
}

/**
 * Starts the harness. The Qimen budget is raised (tests are not about waiting) and Kingdee's
 * client timeout shortened so commit-then-timeout cases finish quickly.
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const pair = await startSandboxes({ qimen: { seed: 11, orders: 240, ...RANGE, ...opts.qimen }, ...(opts.k3 && { k3: opts.k3 }) });
  const load = async (path: string) => {
    const loaded = await loadScheme(path, { env: pair.env });
    const conns = loaded.scheme.connections;
    const q = conns.jushuitan;
    if (q?.type === 'qimen') q.rateLimit = { perSecond: 10_000, perMinute: 1_000_000, maxBanWaitSec: 5 };
    const k = conns.kingdee;
    if (k?.type === 'k3cloud') k.timeoutMs = opts.k3TimeoutMs ?? 2_000;
    opts.editScheme?.(loaded.scheme);
    return loaded;
  };
  const loaded = await load(opts.schemePath ?? BUNDLED);
  const statePath = join(mkdtempSync(join(tmpdir(), 'ferry-run-')), 'state.db');
  const store = await openStore({ path: statePath, cwd: process.cwd() });
  const logger = silentLogger();
  const fast = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20)));
  const deps = (l: LoadedScheme, now?: number) => ({ loaded: l, store, logger, sleep: fast, ...(now !== undefined && { now: () => now }), source: createSource(l.scheme, { logger, sleep: fast, ...opts.source }), target: createTarget(l.scheme, { logger, sleep: fast }) });
  return {
    pair,
    loaded,
    store,
    statePath,
    run: ({ now, ...options } = {}, l = loaded) =>
      runScheme(deps(l, now), options.mode === 'incremental' ? { mode: 'incremental', ...options } : { mode: 'backfill', ...RANGE, ...options }),
    replay: (filter, l = loaded) => replayParked(deps(l), filter),
    audit: () => auditExactlyOnce(pair, store, loaded.scheme.name, (n) => n.replace(/^JST-/, '')),
    async close() {
      await store.close();
      await pair.close();
    },
  };
}

