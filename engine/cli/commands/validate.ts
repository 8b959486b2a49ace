import { Option } from 'commander';
import type { FerryError } from '../../errors.js';
import { explainScheme } from '../../mapping/compiler/explain.js';
import { type LoadedScheme, loadScheme } from '../../scheme/load.js';
import { EXIT } from '../io.js';
import { type ProblemFormat, problemsOf, renderProblems } from '../report.js';
import { schemeFiles } from '../scheme-files.js';
import type { RegisterCommand } from './index.js';

/** `ferry validate [paths…]`: every problem of every scheme, exit 0 valid / 2 invalid. */
export const registerValidate: RegisterCommand = (program, io, setExit) => {
  program
    .command('validate')
    .description('check schemes: YAML, JSON Schema, references, lookup files, JSONata syntax (no credentials needed)')
    .argument('[paths...]', 'scheme files or folders (a folder means every *.yaml directly in it)', ['schemes/'])
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text'))
    .option('--explain', 'also list every expression and whether it runs compiled (fast) or in the JSONata interpreter, and why')
    .addHelpText('after', '\nExamples:\n  $ ferry validate schemes/\n  $ ferry validate schemes/jushuitan-saleout-to-kingdee.yaml --format github\n')
    .action(async (paths: string[], opts: { format: ProblemFormat; explain?: boolean }) => {
      const files = await schemeFiles(paths);
      // Loaded a few at a time (file reads overlap), reported in file order.
      const results = await mapLimited(files, 8, (file) =>
        loadScheme(file, { env: io.env, envMode: 'warn', evaluator: opts.explain ? 'auto' : 'interpreter' }).then(
          (loaded) => ({ file, loaded }),
          (e: unknown) => ({ file, problems: problemsOf(e) }),
        ),
      );
      const all: FerryError[] = [];
      let invalid = 0;
      for (const r of results) {
        if ('problems' in r) {
          invalid++;
          all.push(...r.problems);
          continue;
        }
        all.push(...r.loaded.warnings);
        if (opts.format === 'text') io.out(`ok ${r.file}\n`);
        if (opts.explain) io.out(renderExplain(r.loaded, opts.format === 'json'));
      }
      if (opts.format === 'json') io.out(renderProblems(all, 'json'));
      else if (all.length) (opts.format === 'github' ? io.out : io.err)(renderProblems(all, opts.format));
      if (opts.format === 'text') io.err(`${files.length - invalid} of ${files.length} scheme(s) valid\n`);
      setExit(invalid ? EXIT.INVALID : EXIT.OK);
    });
};

/** Which expressions run compiled and which in the interpreter (and why), with their location. */
function renderExplain(loaded: LoadedScheme, json: boolean): string {
  const rows = explainScheme(loaded).map((r) => ({ ...r, at: loaded.locate(r.pointer) }));
  if (json) return `${JSON.stringify(rows, null, 2)}\n`;
  const interpreted = rows.filter((r) => r.evaluator === 'interpreted').length;
  const lines = [`expressions: ${rows.length - interpreted} compiled, ${interpreted} interpreted`];
  for (const r of rows) {
    const source = r.source.replace(/\s+/g, ' ').trim();
    lines.push(`  ${r.evaluator.padEnd(11)} ${`${r.at.line}:${r.at.col}`.padStart(7)}  ${r.pointer.padEnd(44)} ${source}${r.reason ? `  — ${r.reason}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Maps with at most `limit` calls in flight; results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
