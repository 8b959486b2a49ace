import { Option } from 'commander';
import { buildSaveRequest } from '../../targets/k3cloud/save-body.js';
import { FerryError } from '../../errors.js';
import { createLogger } from '../../log.js';
import { createSource } from '../../registry.js';
import { type LoadedScheme, loadScheme } from '../../scheme/load.js';
import { rangeWindows, readRange } from '../../sources/read-range.js';
import { fullTime } from './fetch.js';
import { redact } from '../../scheme/secrets.js';
import { EXIT } from '../io.js';
import { readInput, recordsFromPayload } from '../input.js';
import { mapAll, type PreviewOutcome } from '../preview-records.js';
import type { RegisterCommand } from './index.js';

/** `ferry preview <scheme> --input <file|->`: what Kingdee would receive, with no network. */
export const registerPreview: RegisterCommand = (program, io, setExit) => {
  program
    .command('preview')
    .description('map source records through a scheme and print per record write/skip/park and the exact BatchSave bodies (no network)')
    .argument('<scheme>', 'scheme file')
    .option('--input <file>', 'a raw Qimen response page, a JSON array of records, or JSON lines; - for stdin')
    .option('--from <time>', 'preview live records from the source instead (needs the source credentials)')
    .option('--to <time>', 'end of the live range (with --from)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExamples:\n  $ ferry preview schemes/jushuitan-saleout-to-kingdee.yaml --input schemes/jushuitan-saleout-to-kingdee/fixtures/page.json\n  $ ferry preview schemes/jushuitan-saleout-to-kingdee.yaml --from 2024-05-01 --to 2024-05-02   # live records\n')
    .action(async (schemePath: string, opts: { input?: string; from?: string; to?: string; format: 'text' | 'json' }) => {
      const live = opts.from !== undefined || opts.to !== undefined;
      if (live === (opts.input !== undefined) || (live && (!opts.from || !opts.to))) {
        throw new FerryError('USAGE', 'give either --input <file> or both --from and --to');
      }
      const loaded = await loadScheme(schemePath, { env: io.env, envMode: live ? 'require' : 'warn' });
      const records = live ? await liveRecords(loaded, fullTime(opts.from!), fullTime(opts.to!)) : recordsFromPayload(await readInput(opts.input!, io), loaded.scheme.source, opts.input!);
      const outcomes = await mapAll(loaded, records);
      const docs = outcomes.flatMap((o) => (o.result.kind === 'write' ? [o.result.document] : []));
      const requests = [];
      for (let i = 0; i < docs.length; i += loaded.scheme.target.batchSize) {
        requests.push(buildSaveRequest(loaded.scheme.target, docs.slice(i, i + loaded.scheme.target.batchSize)));
      }
      const text = opts.format === 'json' ? `${JSON.stringify({ records: outcomes.map(summary), requests }, null, 2)}\n` : renderText(outcomes, requests);
      io.out(redact(text, loaded.secrets));
      setExit(outcomes.some((o) => o.result.kind === 'park') ? EXIT.PARKED : EXIT.OK);
    });
};

/** Records of a time range read from the live source, each once. */
async function liveRecords(loaded: LoadedScheme, from: string, to: string): Promise<Record<string, unknown>[]> {
  const source = createSource(loaded.scheme, { logger: createLogger({ secrets: loaded.secrets, level: 'warn' }) });
  const byKey = new Map<string, Record<string, unknown>>();
  try {
    // A key can come back with a newer version in a later window; the preview shows the latest.
    for await (const page of readRange(source, rangeWindows(loaded.scheme.source.window, from, to))) for (const r of page.records) byKey.set(r.key, r.raw);
  } finally {
    await source.close?.();
  }
  return [...byKey.values()];
}

function summary(o: PreviewOutcome): Record<string, unknown> {
  const r = o.result;
  if (r.kind === 'write') return { key: o.key, outcome: 'write', billNo: o.billNo };
  if (r.kind === 'skip') return { key: o.key, outcome: 'skip', reason: r.reason };
  return { key: o.key, outcome: 'park', error: r.error.toJSON() };
}

function renderText(outcomes: PreviewOutcome[], requests: ReturnType<typeof buildSaveRequest>[]): string {
  const lines = outcomes.map((o) => {
    const r = o.result;
    if (r.kind === 'write') return `write ${o.key} → ${o.billNo ?? '(no bill number)'}`;
    if (r.kind === 'skip') return `skip  ${o.key}: ${r.reason}`;
    const at = r.error.at ? ` (${r.error.at.file}:${r.error.at.line}:${r.error.at.col})` : '';
    const field = r.error.field ? ` ${r.error.field}:` : '';
    return `park  ${o.key}: ${r.error.code}${field} ${r.error.message}${at}`;
  });
  const count = (k: string) => outcomes.filter((o) => o.result.kind === k).length;
  lines.push(`\n${outcomes.length} record(s): ${count('write')} write, ${count('skip')} skip, ${count('park')} park`);
  requests.forEach((req, i) => {
    lines.push(`\nPOST {url}/${req.service}.common.kdsvc  (request ${i + 1} of ${requests.length})`);
    lines.push(JSON.stringify(req.body, null, 2));
  });
  return `${lines.join('\n')}\n`;
}
