import { Option } from 'commander';
import type { LedgerRow } from '../../state/store.js';
import { openStateContext } from '../context.js';
import type { RegisterCommand } from './index.js';

interface Group {
  code: string;
  message: string;
  count: number;
  keys: string[];
}

/** Parked rows grouped by error code and message, biggest group first. */
export function groupParked(rows: readonly LedgerRow[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const code = String(r.lastError?.code ?? 'UNKNOWN');
    // Group by the message with this record's own key and bill number blurred, so "24 × material
    // s999001 does not exist in org 100" reads as one line and still names the material.
    const message = String(r.lastError?.message ?? '');
    let shape = message;
    for (const own of [r.billNo, r.targetNumber, r.key]) if (own) shape = shape.split(own).join('…');
    const id = `${code}|${shape}`;
    const g = groups.get(id) ?? { code, message: shape, count: 0, keys: [] };
    g.count++;
    if (g.keys.length < 10) g.keys.push(r.key);
    groups.set(id, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** `ferry parked <scheme>`: what is parked and why, grouped by error. */
export const registerParked: RegisterCommand = (program, io, setExit) => {
  program
    .command('parked')
    .description('list parked records grouped by error, so "37 bills: material not found" reads as one line')
    .argument('<scheme>', 'scheme file')
    .option('--state <path>', 'state database (default .ferry/state.db, or $FERRY_STATE)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExample:\n  $ ferry parked schemes/jushuitan-saleout-to-kingdee.yaml\n  then fix the mapping or master data and: ferry replay <scheme> --error-code LOOKUP_MISS\n')
    .action(async (schemePath: string, opts: { state?: string; format: 'text' | 'json' }) => {
      const ctx = await openStateContext(schemePath, io, { ...(opts.state !== undefined && { state: opts.state }) });
      try {
        const rows = await ctx.store.listParked(ctx.loaded.scheme.name, {});
        const groups = groupParked(rows);
        if (opts.format === 'json') {
          io.out(`${JSON.stringify({ total: rows.length, groups, records: rows.map((r) => ({ key: r.key, billNo: r.billNo, error: r.lastError, updatedAt: r.updatedAt })) }, null, 2)}\n`);
        } else {
          io.out(`${rows.length} parked record(s)\n`);
          for (const g of groups) io.out(`  ${String(g.count).padStart(6)} × ${g.code}: ${g.message}\n         e.g. ${g.keys.join(', ')}${g.count > g.keys.length ? ', …' : ''}\n`);
        }
        setExit(0);
      } finally {
        await ctx.close();
      }
    });
};
