import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadPid } from '../../engine/state/contract/context.js';
import { openSqliteStore } from '../../engine/state/sqlite/store.js';

const CHILD = join(import.meta.dirname, 'fixtures', 'lock-contender.ts');

interface Contender {
  child: ChildProcessWithoutNullStreams;
  next(): Promise<string>;
}

function contender(path: string, scheme: string): Contender {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, scheme]);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    next: async () => {
      const line = await lines.next();
      return line.done ? `exited: ${child.exitCode}` : line.value;
    },
  };
}

describe('run lock across real processes', () => {
  let dir: string;
  let children: Contender[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-lockproc-'));
    children = [];
  });
  afterEach(() => {
    for (const c of children) c.child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    { name: 'a free lock', stale: false },
    { name: 'the lock of a dead holder', stale: true },
  ])('lets exactly one of three processes take $name', async ({ stale }) => {
    const path = join(dir, 'state.db');
    const setup = await openSqliteStore({ path });
    await setup.migrate();
    if (stale) await setup.acquireLock('s', { owner: { pid: deadPid(), host: hostname() } });
    await setup.close();
    children = [1, 2, 3].map(() => contender(path, 's'));
    expect(await Promise.all(children.map((c) => c.next()))).toEqual(['ready', 'ready', 'ready']);
    for (const c of children) c.child.stdin.write('go\n');
    const outcomes = await Promise.all(children.map((c) => c.next()));
    expect(outcomes.sort()).toEqual(['STATE_LOCKED', 'STATE_LOCKED', 'won']);
    for (const c of children) c.child.stdin.end();
  });
});
