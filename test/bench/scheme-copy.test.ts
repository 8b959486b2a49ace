import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUNDLED_SCHEME, writeSchemeCopy } from '../../bench/scheme-copy.js';
import { loadScheme } from '../../engine/scheme/load.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-copies-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const read = (path: string) => parse(readFileSync(path, 'utf8')) as Record<string, Record<string, Record<string, unknown>>>;

describe('writeSchemeCopy', () => {
  it('changes only the knobs it is given', () => {
    const bundled = read(BUNDLED_SCHEME);
    const copy = read(writeSchemeCopy({ rateLimit: { perSecond: 9, perMinute: 99 }, concurrency: 6, batchSize: 25 }, tempDir()));
    expect(copy.connections!.jushuitan!.rateLimit).toEqual({ ...(bundled.connections!.jushuitan!.rateLimit as object), perSecond: 9, perMinute: 99 });
    expect(copy.target).toEqual({ ...bundled.target, concurrency: 6, batchSize: 25 });
    expect(copy.mapping).toEqual(bundled.mapping);
  });

  it('sets the window step and parallel windows, and the copy still validates', async () => {
    const bundled = read(BUNDLED_SCHEME);
    const path = writeSchemeCopy({ windowStep: '1h', parallel: 4 }, tempDir());
    expect(read(path).source!.window).toEqual({ ...(bundled.source!.window as object), step: '1h', parallel: 4 });
    const loaded = await loadScheme(path, { env: {}, envMode: 'warn' });
    expect(loaded.scheme.source.window.parallel).toBe(4);
  });

  it('an empty set of knobs gives the bundled scheme back', () => {
    expect(read(writeSchemeCopy({}, tempDir()))).toEqual(read(BUNDLED_SCHEME));
  });

  it('copies the scheme folder so the copy loads with its lookups and tests', async () => {
    const path = writeSchemeCopy({ concurrency: 3 }, tempDir());
    expect(existsSync(join(dirname(path), 'jushuitan-saleout-to-kingdee', 'lookups', 'shops.csv'))).toBe(true);
    const loaded = await loadScheme(path, { env: {}, envMode: 'warn' });
    expect(loaded.scheme.target.concurrency).toBe(3);
  });

  it('named copies share one folder and keep their own names', () => {
    const dir = tempDir();
    const a = writeSchemeCopy({ name: 'bench-a' }, dir);
    const b = writeSchemeCopy({ name: 'bench-b' }, dir);
    expect([a, b]).toEqual([join(dir, 'bench-a.yaml'), join(dir, 'bench-b.yaml')]);
    expect([read(a).name, read(b).name]).toEqual(['bench-a', 'bench-b']);
  });
});
