import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mappingBenchmark, toBenchResult } from '../../bench/mapping-adapter.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function moduleFile(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-mapping-'));
  dirs.push(dir);
  const path = join(dir, 'mapping.mjs');
  writeFileSync(path, source);
  return path;
}

const quiet = { quick: true, note: () => undefined };

describe('toBenchResult checks what bench/mapping.ts hands back', () => {
  it.each([
    { name: 'µs per order is lower-is-better', raw: { name: 'mapping', figure: 40, unit: 'µs/order', limit: 50, ratio: 0.8 }, better: 'lower', ok: true },
    { name: 'orders per second is higher-is-better', raw: { name: 'mapping', figure: 900, unit: 'orders/s', limit: 1000, ratio: 0.9 }, better: 'higher', ok: false },
    { name: 'an explicit direction wins over the unit', raw: { name: 'm', figure: 2, unit: '×', limit: 1, better: 'higher' }, better: 'higher', ok: true },
  ])('$name', ({ raw, better, ok }) => {
    expect(toBenchResult(raw)).toMatchObject({ name: raw.name, figure: raw.figure, limit: raw.limit, better, ok });
  });

  it.each([
    { name: 'not an object', raw: 42 },
    { name: 'no figure', raw: { name: 'm', unit: 'ms', limit: 1 } },
    { name: 'figure as text', raw: { name: 'm', figure: '3', unit: 'ms', limit: 1 } },
  ])('rejects $name with INTERNAL', ({ raw }) => {
    expect(() => toBenchResult(raw)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});

describe('mappingBenchmark finds the mapping benchmark only when it is there', () => {
  it('no file: undefined (the driver notes the skip)', async () => {
    expect(await mappingBenchmark('/nonexistent/mapping.ts', () => false)).toBeUndefined();
  });

  it('a file without runMappingBench: undefined', async () => {
    const path = moduleFile('export const somethingElse = 1;\n');
    expect(await mappingBenchmark(path, () => true)).toBeUndefined();
  });

  it.each([
    { name: 'one result', body: "return { name: 'mapping', figure: opts.quick ? 7 : 8, unit: 'µs/order', limit: 10, ratio: 0.7 };", figures: [7] },
    {
      name: 'several results',
      body: "return [{ name: 'mapping-a', figure: 1, unit: 'µs/order', limit: 10 }, { name: 'mapping-b', figure: 2, unit: 'µs/order', limit: 10 }];",
      figures: [1, 2],
    },
  ])('runMappingBench returning $name becomes BenchResults, given the quick flag', async ({ body, figures }) => {
    const path = moduleFile(`export async function runMappingBench(opts) { ${body} }\n`);
    const bench = await mappingBenchmark(path, () => true);
    const results = await bench!.run(quiet);
    expect(results.map((r) => r.figure)).toEqual(figures);
    expect(results.every((r) => r.ratio === r.figure / r.limit)).toBe(true);
  });
});
