import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const SCHEME = 'schemes/jushuitan-saleout-to-kingdee.yaml';
const PAGE = 'schemes/jushuitan-saleout-to-kingdee/fixtures/page.json';

/** Compares with test/cli/golden/<name>; UPDATE_GOLDEN=1 rewrites the file (review the diff!). */
function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  expect(existsSync(file), `golden file ${name} is missing; run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('ferry CLI: exit codes and output', () => {
  it.each([
    { name: 'validate, valid scheme', args: ['validate', SCHEME], code: 0, file: 'validate-ok.txt', stream: 'out' },
    { name: 'validate, broken scheme: every problem, located', args: ['validate', 'test/cli/fixtures/broken.yaml'], code: 2, file: 'validate-broken.txt', stream: 'err' },
    { name: 'validate --format json', args: ['validate', 'test/cli/fixtures/broken.yaml', '--format', 'json'], code: 2, file: 'validate-broken.json', stream: 'out' },
    { name: 'validate --format github', args: ['validate', 'test/cli/fixtures/broken.yaml', '--format', 'github'], code: 2, file: 'validate-broken.github.txt', stream: 'out' },
    { name: 'validate --explain: every expression compiled, with its location', args: ['validate', SCHEME, '--explain'], code: 0, file: 'validate-explain.txt', stream: 'out' },
    { name: 'preview of a sample page (one record parks → 3)', args: ['preview', SCHEME, '--input', PAGE], code: 3, file: 'preview-page.txt', stream: 'out' },
    { name: 'test of the bundled scheme', args: ['test', SCHEME], code: 0, file: 'test-bundled.txt', stream: 'out' },
  ])('$name → exit $code', async ({ args, code, file, stream }) => {
    const r = await runCli(args);
    expect(r.code).toBe(code);
    golden(file, stream === 'out' ? r.out : r.err);
  });

  it.each([
    { name: 'unknown command', args: ['frobnicate'] },
    { name: 'missing argument', args: ['preview'] },
    { name: 'bad option value', args: ['validate', '--format', 'xml'] },
  ])('usage error ($name) → exit 2, no stack trace', async ({ args }) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a missing input file is a clear error, exit 2', async () => {
    const r = await runCli(['preview', SCHEME, '--input', 'nope.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('FILE_NOT_FOUND');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('--help on every command shows an example', async () => {
    for (const cmd of ['validate', 'preview', 'test', 'run', 'status', 'parked', 'replay', 'fetch', 'check', 'sandbox', 'demo']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Example/);
    }
  });
});

describe('secrets never reach output', () => {
  const env = { QIMEN_APP_SECRET: 'qimen-secret-zz9', K3CLOUD_PASSWORD: 'k3-password-zz9', QIMEN_URL: 'http://127.0.0.1:9/router/qm' };
  it.each([
    { name: 'validate', args: ['validate', SCHEME, '--format', 'json'] },
    { name: 'preview', args: ['preview', SCHEME, '--input', PAGE, '--format', 'json'] },
    { name: 'broken scheme with a defaulted secret', args: ['validate', 'test/cli/fixtures/broken.yaml'] },
  ])('$name', async ({ args }) => {
    const r = await runCli(args, env);
    for (const secret of [...Object.values(env).slice(0, 2), 'do-not-print-me']) {
      expect(r.out + r.err).not.toContain(secret);
    }
  });
});
