import { Option } from 'commander';
import { buildSaveRequest } from '../../targets/k3cloud/save-body.js';
import { loadScheme } from '../../scheme/load.js';
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
    .requiredOption('--input <file>', 'a raw Qimen response page, a JSON array of records, or JSON lines; - for stdin')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExample:\n  $ ferry preview schemes/jushuitan-saleout-to-kingdee.yaml --input schemes/jushuitan-saleout-to-kingdee/fixtures/page.json\n')
    .action(async (schemePath: string, opts: { input: string; format: 'text' | 'json' }) => {
      const loaded = await loadScheme(schemePath, { env: io.env, envMode: 'warn' });
      const records = recordsFromPayload(await readInput(opts.input, io), loaded.scheme.source, opts.input);
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
