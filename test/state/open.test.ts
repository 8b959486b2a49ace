import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FerryError } from '../../engine/errors.js';
import { openStore, resolveStatePath } from '../../engine/state/open.js';
import type { StateStore } from '../../engine/state/store.js';

describe('resolveStatePath', () => {
  const cwd = '/srv/ferry';
  it.each([
    { name: 'the --state option first', path: '/data/s.db', env: { FERRY_STATE: '/env/s.db' }, want: '/data/s.db' },
    { name: 'a relative option from cwd', path: 'state/s.db', env: {}, want: '/srv/ferry/state/s.db' },
    { name: 'FERRY_STATE without an option', path: undefined, env: { FERRY_STATE: 'env.db' }, want: '/srv/ferry/env.db' },
    { name: 'the default below cwd', path: undefined, env: {}, want: '/srv/ferry/.ferry/state.db' },
    { name: 'empty values as unset', path: '', env: { FERRY_STATE: '' }, want: '/srv/ferry/.ferry/state.db' },
    { name: 'an in-memory store as is', path: ':memory:', env: {}, want: ':memory:' },
  ])('takes $name', ({ path, env, want }) => {
    expect(resolveStatePath({ path, env, cwd })).toBe(want);
  });
});

describe('openStore', () => {
  let dir: string;
  let store: StateStore | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-open-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the default file below cwd, migrated', async () => {
    store = await openStore({ cwd: dir, env: {} });
    await store.setCheckpoint('s', 'c');
    expect(existsSync(join(dir, '.ferry', 'state.db'))).toBe(true);
    expect(await store.getCheckpoint('s')).toBe('c');
  });

  it('uses FERRY_STATE and the injected clock', async () => {
    const now = () => Date.UTC(2030, 0, 1);
    store = await openStore({ cwd: dir, env: { FERRY_STATE: 'x/y.db' }, now });
    await store.startRun('s', { mode: 'incremental' });
    expect(existsSync(join(dir, 'x', 'y.db'))).toBe(true);
    expect((await store.listRuns('s', 1))[0]?.startedAt).toBe('2030-01-01T00:00:00.000Z');
  });

  it('wraps an unopenable path as STATE_ERROR naming it', async () => {
    const error = await openStore({ cwd: dir, path: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect(error).toMatchObject({ code: 'STATE_ERROR' });
    expect((error as FerryError).message).toContain(dir);
  });

  it('refuses a PostgreSQL URL with USAGE without echoing it', async () => {
    const url = 'postgres://ferry:s3cret@db/ferry';
    const error = await openStore({ cwd: dir, env: { FERRY_STATE: url } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'USAGE' });
    expect((error as FerryError).message).not.toContain('s3cret');
  });
});
