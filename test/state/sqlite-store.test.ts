import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FerryError } from '../../engine/errors.js';
import { intent, SCHEME, settlementTo } from '../../engine/state/contract/context.js';
import { MIGRATIONS, type Migration, runMigrations } from '../../engine/state/sqlite/migrations.js';
import { openSqliteStore, type SqliteStore } from '../../engine/state/sqlite/store.js';
import { describeStoreContract } from '../../engine/state/store-contract.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ferry-state-'));
}

describeStoreContract('sqlite', async ({ now }) => {
  const dir = tempDir();
  const store = await openSqliteStore({ path: join(dir, 'state.db'), now });
  return { store, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

describe('SQLite store specifics', () => {
  let dir: string;
  let opened: SqliteStore[];
  const open = async (path = join(dir, 'state.db'), busyTimeoutMs?: number) => {
    const store = await openSqliteStore({ path, busyTimeoutMs });
    opened.push(store);
    await store.migrate();
    return store;
  };

  beforeEach(() => {
    dir = tempDir();
    opened = [];
  });
  afterEach(async () => {
    for (const s of opened) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file in a nested folder with WAL on', async () => {
    const path = join(dir, 'a', 'b', 'c', 'state.db');
    await open(path);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('keeps ledger, checkpoints and runs when reopened', async () => {
    const first = await open();
    await first.markWriting(SCHEME, [intent('a')]);
    await first.settle(SCHEME, [settlementTo('a', 'written')]);
    await first.setCheckpoint(SCHEME, '2024-05-01 01:00:00');
    const runId = await first.startRun(SCHEME, { mode: 'incremental' });
    const rows = await first.getRows(SCHEME, ['a']);
    await first.close();
    const second = await open();
    expect(await second.getRows(SCHEME, ['a'])).toEqual(rows);
    expect(await second.getCheckpoint(SCHEME)).toBe('2024-05-01 01:00:00');
    expect((await second.listRuns(SCHEME, 1))[0]?.id).toBe(runId);
  });

  it('refuses every call after close with STATE_ERROR, and close is idempotent', async () => {
    const store = await open();
    await store.close();
    await store.close();
    await expect(store.getRows(SCHEME, ['a'])).rejects.toMatchObject({ code: 'STATE_ERROR' });
    await expect(store.acquireLock(SCHEME)).rejects.toMatchObject({ code: 'STATE_ERROR' });
  });

  it.each([
    { name: 'a folder', make: (p: string) => mkdirSync(p) },
    { name: 'not a database', make: (p: string) => writeFileSync(p, 'x'.repeat(4096)) },
  ])('wraps opening $name as STATE_ERROR naming the path', async ({ make }) => {
    const path = join(dir, 'bad.db');
    make(path);
    const error = await (async () => {
      const store = await openSqliteStore({ path });
      opened.push(store);
      await store.migrate();
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FerryError);
    expect(error).toMatchObject({ code: 'STATE_ERROR' });
    expect((error as FerryError).message).toContain(dir);
  });

  it('reports a write blocked past the busy timeout as a retryable STATE_ERROR', async () => {
    const path = join(dir, 'state.db');
    const store = await open(path, 50);
    const blocker = new Database(path);
    blocker.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.markWriting(SCHEME, [intent('a')])).rejects.toMatchObject({
        code: 'STATE_ERROR',
        retryable: true,
      });
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    expect((await store.getRows(SCHEME, ['a'])).size).toBe(0);
  });

  describe('migrations', () => {
    const extra: Migration = { version: 2, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER)' };
    const versions = (db: Database.Database) =>
      (db.prepare('SELECT version FROM ferry_migrations ORDER BY version').all() as { version: number }[]).map(
        (r) => r.version,
      );
    let db: Database.Database;
    beforeEach(() => {
      db = new Database(join(dir, 'm.db'));
    });
    afterEach(() => db.close());

    it('applies each version once, in order, and re-runs as a no-op', () => {
      expect(runMigrations(db, MIGRATIONS)).toEqual([1]);
      expect(runMigrations(db, MIGRATIONS)).toEqual([]);
      expect(runMigrations(db, [...MIGRATIONS, extra])).toEqual([2]);
      expect(runMigrations(db, [...MIGRATIONS, extra])).toEqual([]);
      expect(versions(db)).toEqual([1, 2]);
    });

    it('keeps data across a re-run of migrate on the store', async () => {
      const store = await open(join(dir, 'again.db'));
      await store.setCheckpoint(SCHEME, 'c1');
      await store.migrate();
      expect(await store.getCheckpoint(SCHEME)).toBe('c1');
    });

    it('rolls back a failing migration entirely', () => {
      runMigrations(db, MIGRATIONS);
      const broken: Migration = { version: 3, name: 'broken', sql: 'CREATE TABLE t2 (x); SELEC nonsense' };
      expect(() => runMigrations(db, [...MIGRATIONS, extra, broken])).toThrow();
      expect(versions(db)).toEqual([1]);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE name IN ('notes', 't2')").all();
      expect(tables).toEqual([]);
    });

    it('refuses a file migrated by a newer ferry with STATE_ERROR', () => {
      runMigrations(db, [...MIGRATIONS, extra]);
      expect(() => runMigrations(db, MIGRATIONS)).toThrow(expect.objectContaining({ code: 'STATE_ERROR' }));
    });
  });

  describe('two store instances on one file (two processes)', () => {
    it('share the ledger', async () => {
      const [a, b] = [await open(), await open()];
      await a.markWriting(SCHEME, [intent('k')]);
      await expect(b.markWriting(SCHEME, [intent('k')])).rejects.toMatchObject({ code: 'STATE_INVALID' });
      expect((await b.getRows(SCHEME, ['k'])).get('k')?.state).toBe('writing');
    });

    it('exclude each other from the run lock until it is released', async () => {
      const [a, b] = [await open(), await open()];
      const held = await a.acquireLock(SCHEME);
      await expect(b.acquireLock(SCHEME)).rejects.toMatchObject({ code: 'STATE_LOCKED' });
      await held.release();
      await expect(b.acquireLock(SCHEME)).resolves.toMatchObject({ scheme: SCHEME });
      await expect(a.acquireLock(SCHEME)).rejects.toMatchObject({ code: 'STATE_LOCKED' });
    });

    it('let exactly one of them win when both try at once', async () => {
      const stores = [await open(), await open(), await open()];
      const results = await Promise.allSettled(stores.map((s) => s.acquireLock(SCHEME)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect(r.reason).toMatchObject({ code: 'STATE_LOCKED' });
      }
    });
  });
});
