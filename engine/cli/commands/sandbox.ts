import { exportLines, startSandboxes } from '../../sandbox/environment.js';
import type { RegisterCommand } from './index.js';

/** `ferry sandbox`: both fake servers in the foreground, with the exports the bundled scheme reads. */
export const registerSandbox: RegisterCommand = (program, io, setExit) => {
  program
    .command('sandbox')
    .description('start the sandbox Qimen gateway and K/3 Cloud server (127.0.0.1) and print the export lines for the bundled scheme')
    .option('--seed <n>', 'data generator seed', '1')
    .option('--orders <n>', 'sales-outs to generate', '2000')
    .option('--from <date>', 'first generated modified time (GMT+8)', '2024-05-01 00:00:00')
    .option('--to <date>', 'last generated modified time (GMT+8)', '2024-05-31 00:00:00')
    .addHelpText('after', "\nExample:\n  $ npx ferry sandbox --orders 500\n  # in another shell, paste the export lines, then:\n  $ npx ferry fetch schemes/jushuitan-saleout-to-kingdee.yaml --from '2024-05-01 00:00:00' --to '2024-05-31 00:00:00'\n")
    .action(async (opts: { seed: string; orders: string; from: string; to: string }) => {
      const pair = await startSandboxes({ qimen: { seed: Number(opts.seed), orders: Number(opts.orders), from: opts.from, to: opts.to } });
      io.out(`# ferry sandbox: ${opts.orders} sales-outs (seed ${opts.seed}) from ${opts.from} to ${opts.to}\n${exportLines(pair.env)}\n# Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await pair.close();
      setExit(0);
    });
};
