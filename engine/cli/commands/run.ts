import { runScheme } from '../../runner/run.js';
import { fullTime } from './fetch.js';
import { openContext } from '../context.js';
import type { CliIO } from '../io.js';
import { progressLine, renderPlan, renderSummary } from '../summary.js';
import type { RegisterCommand } from './index.js';

/** `ferry run <scheme>`: one incremental run (or a backfill with --from/--to, or a --dry-run plan). */
export const registerRun: RegisterCommand = (program, io, setExit) => {
  program
    .command('run')
    .description('run a scheme: read new and changed records, write each exactly once, park what fails with its reason')
    .argument('<scheme>', 'scheme file')
    .option('--from <time>', 'backfill start, yyyy-MM-dd HH:mm:ss in the source timezone (does not move the checkpoint)')
    .option('--to <time>', 'backfill end (with --from)')
    .option('--state <path>', 'state database (default .ferry/state.db, or $FERRY_STATE)')
    .option('--dry-run', 'plan only: read the source, consult the ledger and Kingdee, print create/update/skip/park; write nothing')
    .addHelpText('after', '\nExamples:\n  $ ferry run schemes/jushuitan-saleout-to-kingdee.yaml\n  $ ferry run schemes/jushuitan-saleout-to-kingdee.yaml --from "2024-05-01 00:00:00" --to "2024-06-01 00:00:00"\n  $ ferry run schemes/jushuitan-saleout-to-kingdee.yaml --dry-run\n\nExit codes: 0 complete · 3 complete, some records parked · 1 stopped (nothing past the unsettled record was checkpointed) · 2 scheme or usage invalid · 70 bug\n')
    .action(async (schemePath: string, opts: { from?: string; to?: string; state?: string; dryRun?: boolean }) => {
      setExit(await runCommand(schemePath, opts, io));
    });
};

/** The body of `ferry run`, shared with the demo. */
export async function runCommand(schemePath: string, opts: { from?: string; to?: string; state?: string; dryRun?: boolean }, io: CliIO): Promise<number> {
  const ctx = await openContext(schemePath, io, { ...(opts.state !== undefined && { state: opts.state }) });
  const startedAt = Date.now();
  try {
    const summary = await runScheme(
      {
        loaded: ctx.loaded,
        store: ctx.store,
        source: ctx.source,
        target: ctx.target,
        logger: ctx.logger,
        ...(io.isTTY && { onProgress: (c) => io.err(progressLine(c, startedAt, Date.now())) }),
      },
      {
        mode: opts.from || opts.to ? 'backfill' : 'incremental',
        ...(opts.from !== undefined && { from: fullTime(opts.from) }),
        ...(opts.to !== undefined && { to: fullTime(opts.to) }),
        dryRun: opts.dryRun ?? false,
      },
    );
    if (io.isTTY) io.err('\n');
    if (summary.plan) io.out(renderPlan(summary.plan));
    io.out(renderSummary(ctx.loaded.scheme.name, summary));
    ctx.logger.info({ counts: summary.counts, exitCode: summary.exitCode, parkedByCode: summary.parkedByCode }, 'run finished');
    return summary.exitCode;
  } finally {
    await ctx.close();
  }
}
