import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The bundled scheme switched to the start_ts row-version cursor (spec §5.1, §8). */
function cursorSchemeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-cursor-'));
  cpSync('schemes', dir, { recursive: true });
  const file = join(dir, 'jushuitan-saleout-to-kingdee.yaml');
  const text = readFileSync(file, 'utf8').replace(
    '  paging:\n    mode: page\n',
    "  paging:\n    mode: cursor\n    cursor: { param: start_ts, field: ts, initial: '1', params: { is_get_total: false } }\n",
  );
  if (!text.includes('mode: cursor')) throw new Error('paging section not found');
  writeFileSync(file, text);
  return file;
}

describe('cursor (start_ts) mode through the runner', () => {
  it('reads every sales-out once by row version, checkpoints the cursor, and a second run writes nothing', async () => {
    h = await startHarness({ schemePath: cursorSchemeCopy() });
    const first = await h.run({ mode: 'incremental', now: Date.parse('2024-05-04T00:10:00+08:00') });
    expect([0, 3]).toContain(first.exitCode);
    const cursor = await h.store.getCheckpoint(h.loaded.scheme.name);
    expect(Number(cursor)).toBeGreaterThan(1);
    const audit = await h.audit();
    expect(audit).toMatchObject({ duplicates: 0, unexpected: 0, lost: 0, mismatched: [] });
    expect(audit.bills + audit.parked).toBe(audit.shipped);
    const saves = h.pair.k3.stats.saves;
    const second = await h.run({ mode: 'incremental' });
    expect(second.counts.written).toBe(0);
    expect(h.pair.k3.stats.saves).toBe(saves);
  });

  it('a record modified after the first run is picked up by the cursor and follows onChange', async () => {
    h = await startHarness({ schemePath: cursorSchemeCopy() });
    await h.run({ mode: 'incremental' });
    const [written] = await h.store.listByState(h.loaded.scheme.name, ['written'], { limit: 1 });
    h.pair.qimen.data.modify(written!.key, { status: 'Cancelled' });
    const second = await h.run({ mode: 'incremental' });
    expect(second.counts.read).toBeGreaterThanOrEqual(1);
    expect(second.counts.written).toBe(0);
    expect((await h.store.getRows(h.loaded.scheme.name, [written!.key])).get(written!.key)?.state).toBe('written');
  });
});
