import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { FerryError } from '../../errors.js';
import { createLogger } from '../../log.js';
import { createSource } from '../../registry.js';
import { loadScheme } from '../../scheme/load.js';
import { rangeWindows, readRange } from '../../sources/read-range.js';
import type { RegisterCommand } from './index.js';

/** `ferry fetch`: the source's records for a time range as JSON lines, each record once. */
export const registerFetch: RegisterCommand = (program, io, setExit) => {
  program
    .command('fetch')
    .description('read the source for a time range and write the records as JSON lines (for debugging a scheme and capturing fixtures)')
    .argument('<scheme>', 'scheme file')
    .requiredOption('--from <time>', 'start, yyyy-MM-dd[ HH:mm:ss] in the source timezone')
    .requiredOption('--to <time>', 'end, yyyy-MM-dd[ HH:mm:ss]')
    .option('--out <file>', 'write here instead of standard output')
    .addHelpText('after', "\nExample:\n  $ ferry fetch schemes/jushuitan-saleout-to-kingdee.yaml --from 2024-05-01 --to 2024-05-31 --out may.jsonl\n  $ ferry preview schemes/jushuitan-saleout-to-kingdee.yaml --input may.jsonl\n")
    .action(async (schemePath: string, opts: { from: string; to: string; out?: string }) => {
      const loaded = await loadScheme(schemePath, { env: io.env, envMode: 'require' });
      const logger = createLogger({ secrets: loaded.secrets, level: io.env.FERRY_LOG_LEVEL ?? 'warn' });
      const source = createSource(loaded.scheme, { logger });
      const out: WriteStream | undefined = opts.out ? createWriteStream(opts.out) : undefined;
      const write = async (line: string) => {
        if (!out) return io.out(line);
        if (!out.write(line)) await once(out, 'drain');
      };
      const windows = rangeWindows(loaded.scheme.source.window, fullTime(opts.from), fullTime(opts.to));
      let written = 0;
      try {
        for await (const page of readRange(source, windows)) {
          for (const r of page.records) {
            written++;
            await write(`${JSON.stringify(r.raw)}\n`);
          }
          if (io.isTTY) io.err(`\r  window ${page.windowIndex + 1}/${windows.length}  ${page.window.start} → ${page.window.end}  records ${written} `);
        }
      } finally {
        await source.close?.();
        if (out) {
          out.end();
          await once(out, 'finish');
        }
      }
      io.err(`${io.isTTY ? '\n' : ''}${written} record(s) from ${windows.length} window(s)${opts.out ? ` written to ${opts.out}` : ''}\n`);
      setExit(0);
    });
};

/** `2024-05-01` → `2024-05-01 00:00:00`; a full time passes through; anything else is a usage error. */
export function fullTime(t: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return `${t} 00:00:00`;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(t)) return t;
  throw new FerryError('USAGE', `"${t}" is not a time; expected yyyy-MM-dd or yyyy-MM-dd HH:mm:ss`);
}
