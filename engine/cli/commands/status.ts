import { Option } from 'commander';
import { openStateContext } from '../context.js';
import type { RegisterCommand } from './index.js';

/** `ferry status <scheme>`: checkpoint, ledger counts, last runs, the oldest unsettled record. */
export const registerStatus: RegisterCommand = (program, io, setExit) => {
  program
    .command('status')
    .description('show a scheme\'s checkpoint, records by ledger state, last runs and the oldest unsettled record')
    .argument('<scheme>', 'scheme file')
    .option('--state <path>', 'state database (default .ferry/state.db, or $FERRY_STATE)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExample:\n  $ ferry status schemes/jushuitan-saleout-to-kingdee.yaml --format json\n')
    .action(async (schemePath: string, opts: { state?: string; format: 'text' | 'json' }) => {
      const ctx = await openStateContext(schemePath, io, { ...(opts.state !== undefined && { state: opts.state }) });
      try {
        const name = ctx.loaded.scheme.name;
        const [checkpoint, counts, runs, oldest] = await Promise.all([ctx.store.getCheckpoint(name), ctx.store.countByState(name), ctx.store.listRuns(name, 5), ctx.store.oldestUnsettled(name)]);
        const status = {
          scheme: name,
          checkpoint: checkpoint ?? null,
          counts,
          lastRuns: runs,
          oldestUnsettled: oldest ? { key: oldest.key, state: oldest.state, billNo: oldest.billNo, windowStart: oldest.windowStart, since: oldest.updatedAt, lastError: oldest.lastError } : null,
        };
        if (opts.format === 'json') {
          io.out(`${JSON.stringify(status, null, 2)}\n`);
        } else {
          const lines = [`scheme ${name}`, `  checkpoint ${checkpoint ?? '(none yet: the first run starts at source.window.firstRunStart)'}`];
          lines.push(`  ledger: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
          if (oldest) lines.push(`  oldest unsettled: ${oldest.key} (${oldest.state}, bill ${oldest.billNo ?? '-'}, since ${oldest.updatedAt})`);
          for (const r of runs) lines.push(`  run #${r.id} ${r.mode} ${r.startedAt} → ${r.finishedAt ?? 'running'} exit ${r.exitCode ?? '-'} ${r.counts ? JSON.stringify(r.counts) : ''}`);
          io.out(`${lines.join('\n')}\n`);
        }
        setExit(0);
      } finally {
        await ctx.close();
      }
    });
};
