import { FerryError } from '../../errors.js';
import { replayParked } from '../../runner/replay.js';
import type { ParkedFilter } from '../../state/store.js';
import { openContext } from '../context.js';
import { renderSummary } from '../summary.js';
import type { RegisterCommand } from './index.js';

interface ReplayOptions {
  key?: string[];
  errorCode?: string;
  allParked?: boolean;
  from?: string;
  to?: string;
  state?: string;
}

/** `ferry replay`: parked records again through the current scheme, exactly once. */
export const registerReplay: RegisterCommand = (program, io, setExit) => {
  program
    .command('replay')
    .description('send parked records again through the current scheme (after fixing the mapping or master data), exactly once')
    .argument('<scheme>', 'scheme file')
    .option('--key <key...>', 'business keys to replay')
    .option('--error-code <code>', 'replay records parked with this error code')
    .option('--all-parked', 'replay every parked record')
    .option('--from <time>', 'replay records whose window starts at or after this time')
    .option('--to <time>', 'and before this time')
    .option('--state <path>', 'state database (default .ferry/state.db, or $FERRY_STATE)')
    .addHelpText('after', '\nExamples:\n  $ ferry replay schemes/jushuitan-saleout-to-kingdee.yaml --all-parked\n  $ ferry replay schemes/jushuitan-saleout-to-kingdee.yaml --error-code LOOKUP_MISS\n  $ ferry replay schemes/jushuitan-saleout-to-kingdee.yaml --key 1660024 1660031\n')
    .action(async (schemePath: string, opts: ReplayOptions) => {
      const filter = toFilter(opts);
      const ctx = await openContext(schemePath, io, { ...(opts.state !== undefined && { state: opts.state }) });
      try {
        const summary = await replayParked({ loaded: ctx.loaded, store: ctx.store, source: ctx.source, target: ctx.target, logger: ctx.logger }, filter);
        io.out(renderSummary(`${ctx.loaded.scheme.name} replay`, summary));
        setExit(summary.exitCode);
      } finally {
        await ctx.close();
      }
    });
};

function toFilter(opts: ReplayOptions): ParkedFilter {
  const chosen = [opts.key?.length, opts.errorCode, opts.allParked, opts.from || opts.to].filter(Boolean).length;
  if (chosen !== 1) throw new FerryError('USAGE', 'choose exactly one of --key, --error-code, --all-parked, or --from/--to');
  if (opts.key?.length) return { keys: opts.key };
  if (opts.errorCode) return { errorCode: opts.errorCode };
  if (opts.from || opts.to) return { window: { ...(opts.from && { from: opts.from }), ...(opts.to && { to: opts.to }) } };
  return {};
}
