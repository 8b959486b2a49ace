import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { auditExactlyOnce } from '../../sandbox/audit.js';
import { startSandboxes } from '../../sandbox/environment.js';
import { openStore } from '../../state/open.js';
import type { CliIO } from '../io.js';
import { runCommand } from './run.js';
import type { RegisterCommand } from './index.js';

const SCHEME = 'schemes/jushuitan-saleout-to-kingdee.yaml';

/**
 * `ferry demo` (`npm run demo`): the bundled scheme end to end against the in-process sandboxes,
 * twice, with faults injected on the way; then an independent audit of what Kingdee holds.
 */
export const registerDemo: RegisterCommand = (program, io, setExit) => {
  program
    .command('demo')
    .description('run the bundled scheme twice against the built-in sandbox servers, with faults, and audit the result')
    .option('--orders <n>', 'sales-outs to generate', '1500')
    .option('--seed <n>', 'data generator seed', '7')
    .addHelpText('after', '\nExample:\n  $ npm run demo\n  $ npx ferry demo --orders 5000 --seed 3\n')
    .action(async (opts: { orders: string; seed: string }) => {
      setExit(await demo(io, Number(opts.orders), Number(opts.seed)));
    });
};

async function demo(io: CliIO, orders: number, seed: number): Promise<number> {
  // The demo's ledger stays in .ferry/demo/ (git-ignored) so `ferry parked` / `status` can be
  // tried on it afterwards; each demo starts it afresh.
  const dir = join(io.cwd, '.ferry', 'demo');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pair = await startSandboxes({
    qimen: { seed, orders, from: '2024-05-01 00:00:00', to: '2024-05-15 00:00:00' },
    k3: { faults: { expireSessionEvery: 9 } },
  });
  // Faults on the way: a gateway ban of 1 s, a gateway 502, Kingdee call limit, and one BatchSave
  // that commits and then drops the connection (the unknown-outcome case).
  pair.qimen.faults.ban = { nextN: 1, seconds: 1 };
  pair.qimen.faults.serverError = { nextN: 1 };
  pair.k3.faults.callLimitNext = 1;
  pair.k3.faults.commitThenDropNext = 1;
  const state = join(dir, 'state.db');
  const env = { ...io.env, ...pair.env, FERRY_LOG_LEVEL: io.env.FERRY_LOG_LEVEL ?? 'error' };
  const cliIO: CliIO = { ...io, env, isTTY: false };
  const args = { from: '2024-05-01 00:00:00', to: '2024-05-15 00:00:00', state };
  try {
    io.out(`ferry demo: ${orders} generated sales-outs, 2024-05-01 → 2024-05-15, sandbox Qimen ${pair.qimen.url} and K/3 Cloud ${pair.k3.url}\n`);
    io.out('faults injected: Qimen ban (1 s) and 502; K/3 Cloud session expiry every 9 calls, call limit, a BatchSave that commits then drops the connection\n\n');
    io.out('— run 1\n');
    const first = await runCommand(SCHEME, args, cliIO);
    const billsAfterFirst = pair.k3.bills().length;
    io.out('\n— run 2 (same data: must write nothing)\n');
    const second = await runCommand(SCHEME, args, cliIO);
    const writtenBySecond = pair.k3.bills().length - billsAfterFirst;
    const store = await openStore({ path: state, cwd: io.cwd });
    const audit = await auditExactlyOnce(pair, store, 'jushuitan-saleout-to-kingdee', (n) => n.replace(/^JST-/, ''));
    await store.close();
    io.out(
      [
        '',
        '— audit (sandbox Jushuitan vs sandbox Kingdee, independent of the runner)',
        `  sales-outs generated     ${pair.qimen.data.count}`,
        `  shipped (Confirmed/Archive) ${audit.shipped}`,
        `  bills written            ${audit.bills}`,
        `  parked with reasons      ${audit.parked}   (see: npx ferry parked ${SCHEME} --state ${relative(io.cwd, state)})`,
        `  written by run 2         ${writtenBySecond}`,
        `  duplicates               ${audit.duplicates + audit.unexpected}`,
        `  lost                     ${audit.lost}`,
        `  bills with wrong amounts ${audit.mismatched.length}`,
        '',
      ].join('\n'),
    );
    const ok = audit.duplicates === 0 && audit.unexpected === 0 && audit.lost === 0 && audit.mismatched.length === 0 && writtenBySecond === 0 && [0, 3].includes(first) && [0, 3].includes(second);
    io.out(ok ? 'demo OK: every shipped sales-out is exactly one bill or a parked record with its reason.\n' : 'demo FAILED: see the audit above.\n');
    return ok ? 0 : 1;
  } finally {
    await pair.close();
  }
}
