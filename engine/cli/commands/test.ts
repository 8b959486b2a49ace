import { readFile } from 'node:fs/promises';
import { FerryError } from '../../errors.js';
import type { MapResult } from '../../mapping/types.js';
import { type LoadedScheme, loadScheme } from '../../scheme/load.js';
import { normalizeRecord } from '../../sources/normalize.js';
import { caseFiles, readCases, type TestCase } from '../../scheme/test-cases.js';
import { diffValues } from '../diff.js';
import { recordsFromPayload } from '../input.js';
import { EXIT } from '../io.js';
import { problemsOf, renderProblems } from '../report.js';
import { schemeFiles } from '../scheme-files.js';
import type { RegisterCommand } from './index.js';

/** `ferry test [schemes…]`: each scheme's cases, source record in → expected document / skip / park out. */
export const registerTest: RegisterCommand = (program, io, setExit) => {
  program
    .command('test')
    .description("run schemes' test cases: fixture record in, expected document (or skip reason / park code) out")
    .argument('[schemes...]', 'scheme files or folders', ['schemes/'])
    .addHelpText('after', '\nExample:\n  $ ferry test schemes/jushuitan-saleout-to-kingdee.yaml\n\nA test file (listed under the scheme\'s `tests:`) holds\n  cases:\n    - name: normal order\n      input: ../fixtures/normal.json   # or record: {…inline…}\n      expect: { write: {…document…} }  # or skip: <reason text> / park: <ERROR_CODE>\n')
    .action(async (paths: string[]) => {
      let failed = 0;
      let passed = 0;
      for (const file of await schemeFiles(paths)) {
        let loaded: LoadedScheme;
        try {
          loaded = await loadScheme(file, { env: io.env, envMode: 'warn' });
        } catch (e) {
          io.err(renderProblems(problemsOf(e), 'text'));
          failed++;
          continue;
        }
        for (const caseFile of await caseFiles(loaded.file, loaded.scheme.tests ?? [])) {
          for (const c of await readCases(caseFile)) {
            const problems = await runCase(loaded, c);
            if (problems.length) {
              failed++;
              io.out(`✗ ${file} › ${c.name}\n${problems.map((p) => `    ${p}`).join('\n')}\n`);
            } else {
              passed++;
              io.out(`✓ ${file} › ${c.name}\n`);
            }
          }
        }
      }
      io.out(`\n${passed} passed, ${failed} failed\n`);
      setExit(failed ? EXIT.ABORTED : EXIT.OK);
    });
};

async function caseRecord(loaded: LoadedScheme, c: TestCase): Promise<Record<string, unknown>> {
  if (c.record) return normalizeRecord(c.record, loaded.scheme.source);
  const text = await readFile(c.input!, 'utf8').catch((e: unknown) => {
    throw new FerryError('FILE_NOT_FOUND', `fixture ${c.input} cannot be read`, { cause: e });
  });
  const records = recordsFromPayload(text, loaded.scheme.source, c.input!);
  if (records.length !== 1) throw new FerryError('USAGE', `fixture ${c.input} holds ${records.length} records; a case takes exactly one`);
  return records[0]!;
}

/** Runs one case and returns what differs from the expectation (empty = pass). */
export async function runCase(loaded: LoadedScheme, c: TestCase): Promise<string[]> {
  let result: MapResult;
  try {
    const record = await caseRecord(loaded, c);
    result = await loaded.mapper.map(record, String(record[loaded.scheme.source.key] ?? ''));
  } catch (e) {
    return [`error: ${e instanceof Error ? e.message : String(e)}`];
  }
  const got = describe(result);
  const exp = c.expect;
  if ('write' in exp) return result.kind === 'write' ? diffValues(exp.write, result.document) : [`expected write, got ${got}`];
  if ('skip' in exp) return result.kind === 'skip' && result.reason.includes(exp.skip) ? [] : [`expected skip ("${exp.skip}"), got ${got}`];
  return result.kind === 'park' && result.error.code === exp.park ? [] : [`expected park ${exp.park}, got ${got}`];
}

function describe(r: MapResult): string {
  if (r.kind === 'write') return 'write';
  if (r.kind === 'skip') return `skip ("${r.reason}")`;
  return `park ${r.error.code}: ${r.error.message}`;
}
