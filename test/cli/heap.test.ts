import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_GROWTH_PERCENT, heapGrowthFor, heapGrowthPercent } from '../../engine/cli/heap.js';
import { FerryError } from '../../engine/errors.js';
import { runFerryChild } from '../crash/child.js';

describe('FERRY_HEAP_GROWTH', () => {
  it.each([
    { value: undefined, expected: DEFAULT_HEAP_GROWTH_PERCENT },
    { value: '', expected: DEFAULT_HEAP_GROWTH_PERCENT },
    { value: '0', expected: 0 },
    { value: '50', expected: 50 },
    { value: ' 100 ', expected: 100 },
    { value: '1000', expected: 1000 },
  ])('$value → $expected', ({ value, expected }) => {
    expect(heapGrowthPercent(value === undefined ? {} : { FERRY_HEAP_GROWTH: value })).toBe(expected);
  });

  it.each(['abc', '-5', '12.5', '1001', '30%'])('"%s" is a usage error naming the variable and the value', (value) => {
    let thrown: unknown;
    try {
      heapGrowthPercent({ FERRY_HEAP_GROWTH: value });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FerryError);
    expect((thrown as FerryError).code).toBe('USAGE');
    expect((thrown as FerryError).message).toContain(`FERRY_HEAP_GROWTH must be a whole number of percent`);
    expect((thrown as FerryError).message).toContain(`"${value}"`);
  });

  it.each([
    { command: 'run', env: {}, expected: DEFAULT_HEAP_GROWTH_PERCENT },
    { command: 'replay', env: { FERRY_HEAP_GROWTH: '50' }, expected: 50 },
    { command: 'demo', env: {}, expected: DEFAULT_HEAP_GROWTH_PERCENT },
    { command: 'fetch', env: {}, expected: DEFAULT_HEAP_GROWTH_PERCENT },
    { command: 'run', env: { FERRY_HEAP_GROWTH: '0' }, expected: undefined },
    { command: 'validate', env: {}, expected: undefined },
    { command: 'test', env: { FERRY_HEAP_GROWTH: '50' }, expected: undefined },
    { command: '--help', env: {}, expected: undefined },
    { command: undefined, env: {}, expected: undefined },
  ])('only streaming commands get it: $command with $env → $expected', ({ command, env, expected }) => {
    expect(heapGrowthFor(env, command)).toBe(expected);
  });

  it('a bad value is refused whatever the command', () => {
    expect(() => heapGrowthFor({ FERRY_HEAP_GROWTH: 'x' }, 'validate')).toThrow(FerryError);
  });

  it('the real entry point refuses a bad value with exit 2 and one line, no stack trace', async () => {
    const r = await runFerryChild({ args: ['--version'], env: { PATH: process.env.PATH ?? '', FERRY_HEAP_GROWTH: 'lots' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('ferry: FERRY_HEAP_GROWTH must be a whole number of percent from 0 to 1000 (0 = V8\'s own heuristic); found "lots"');
  });

  it('the real entry point runs with the default and with 0', async () => {
    for (const env of [{}, { FERRY_HEAP_GROWTH: '0' }] as Record<string, string>[]) {
      const r = await runFerryChild({ args: ['--version'], env: { PATH: process.env.PATH ?? '', ...env } });
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout.trim()).toBe('0.1.0');
    }
  });
});
