import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxPair, startSandboxes } from '../../engine/sandbox/environment.js';
import { runCli } from './run-cli.js';

const SCHEME = 'schemes/jushuitan-saleout-to-kingdee.yaml';
let pair: SandboxPair;
let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));

beforeAll(async () => {
  pair = await startSandboxes({ qimen: { seed: 5, orders: 200, from: '2024-05-01 00:00:00', to: '2024-05-03 00:00:00' } });
  env = { ...pair.env, FERRY_STATE: join(dir, 'state.db'), FERRY_LOG_LEVEL: 'silent' };
});
afterAll(async () => pair.close());

describe('run, status, parked, replay, fetch, check against the sandboxes', () => {
  it('fetch writes every sales-out of the range exactly once as JSON lines', async () => {
    const out = join(dir, 'may.jsonl');
    const r = await runCli(['fetch', SCHEME, '--from', '2024-05-01', '--to', '2024-05-04', '--out', out], env);
    expect(r.code).toBe(0);
    const ids = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).io_id as string);
    expect(ids.length).toBe(200);
    expect(new Set(ids).size).toBe(200);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
  });

  it('run: exit 3 with parked reasons; a second run writes nothing (exit 0)', async () => {
    const first = await runCli(['run', SCHEME, '--from', '2024-05-01', '--to', '2024-05-04'], env);
    expect(first.code).toBe(3);
    expect(first.out).toMatch(/parked by reason: .*LOOKUP_MISS/);
    const bills = pair.k3.bills().length;
    const second = await runCli(['run', SCHEME, '--from', '2024-05-01', '--to', '2024-05-04'], env);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/written 0,/);
    expect(pair.k3.bills().length).toBe(bills);
  });

  it('status --format json: counts by ledger state and last runs', async () => {
    const r = await runCli(['status', SCHEME, '--format', 'json'], env);
    expect(r.code).toBe(0);
    const status = JSON.parse(r.out);
    expect(status.counts.written).toBe(pair.k3.bills().length);
    expect(status.lastRuns.length).toBeGreaterThanOrEqual(2);
    expect(status.oldestUnsettled).toBeNull();
  });

  it('parked groups records by error', async () => {
    const r = await runCli(['parked', SCHEME], env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+ parked record\(s\)/);
    expect(r.out).toMatch(/× LOOKUP_MISS: lookup "shops" has no entry for "11690199"/);
  });

  it('preview --from/--to maps live records from the source, no write', async () => {
    const saves = pair.k3.stats.saves;
    const r = await runCli(['preview', SCHEME, '--from', '2024-05-01', '--to', '2024-05-02', '--format', 'json'], env);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.out);
    expect(out.records.length).toBeGreaterThan(10);
    expect(out.requests[0].body.formid).toBe('SAL_OUTSTOCK');
    expect(pair.k3.stats.saves).toBe(saves);
  });

  it('replay needs exactly one selector', async () => {
    const r = await runCli(['replay', SCHEME], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain('USAGE');
  });

  it('replay --error-code re-parks with the current reason (nothing fixed), exit 3, no new bills', async () => {
    const bills = pair.k3.bills().length;
    const r = await runCli(['replay', SCHEME, '--error-code', 'LOOKUP_MISS'], env);
    expect(r.code).toBe(3);
    expect(pair.k3.bills().length).toBe(bills);
  });

  it('run --dry-run prints a plan and writes nothing', async () => {
    const saves = pair.k3.stats.saves;
    const r = await runCli(['run', SCHEME, '--from', '2024-05-01', '--to', '2024-05-04', '--dry-run', '--state', join(dir, 'fresh.db')], env);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^unchanged +\d+ → JST-\d+ +\(bill JST-\d+ already exists in the target/m);
    expect(pair.k3.stats.saves).toBe(saves);
  });

  it('check passes with the right credentials and names each failure in plain words', async () => {
    expect((await runCli(['check', SCHEME], env)).code).toBe(0);
    const bad = await runCli(['check', SCHEME], { ...env, QIMEN_APP_SECRET: 'wrong-secret', K3CLOUD_PASSWORD: 'wrong-password' });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/✗ source jushuitan.*\n.*SOURCE_AUTH.*code 25/);
    expect(bad.out).toMatch(/✗ target kingdee.*\n.*TARGET_AUTH.*ValidateUser, password/);
    expect(bad.out + bad.err).not.toMatch(/wrong-secret|wrong-password/);
  });

  it('commands that need credentials refuse to start without them (exit 2, the variable named)', async () => {
    const r = await runCli(['run', SCHEME], { FERRY_STATE: join(dir, 'x.db') });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ENV_UNSET environment variable QIMEN_URL is not set/);
  });

  it('a second concurrent run of the same scheme refuses to start (exit 1, STATE_LOCKED)', async () => {
    const [a, b] = await Promise.all([
      runCli(['run', SCHEME, '--from', '2024-05-01', '--to', '2024-05-04'], env),
      runCli(['run', SCHEME, '--from', '2024-05-01', '--to', '2024-05-04'], env),
    ]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 1]);
    expect((a.code === 1 ? a : b).err).toContain('STATE_LOCKED');
  });
});
