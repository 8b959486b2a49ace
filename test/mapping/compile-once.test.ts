import { describe, expect, it, vi } from 'vitest';
import { compileMapper } from '../../engine/mapping/mapper.js';
import type { MappingNode } from '../../engine/scheme/types.js';
import { SAL_OUTSTOCK_MAPPING, TABLES, fakeLocator, salesOut, schemeWith } from './fixtures.js';

const counter = vi.hoisted(() => ({ compiles: 0 }));

vi.mock('jsonata', async (importOriginal) => {
  const real = ((await importOriginal()) as { default: (...args: unknown[]) => unknown }).default;
  const counting = (...args: unknown[]) => {
    counter.compiles += 1;
    return real(...args);
  };
  return { default: Object.assign(counting, real) };
});

/** Expression strings in a mapping tree (leaves and `$forEach`). */
function countExpressions(node: MappingNode): number {
  return Object.values(node).reduce<number>((n, v) => {
    if (typeof v === 'string') return n + 1;
    if (v && typeof v === 'object') return n + countExpressions(v as MappingNode);
    return n;
  }, 0);
}

describe('compile once', () => {
  it('compiles each expression exactly once and never while mapping', async () => {
    const { mapper } = compileMapper({
      scheme: schemeWith(SAL_OUTSTOCK_MAPPING, {
        filter: [{ keep: "status = 'Confirmed'", reason: 'r' }],
        assertions: [{ on: 'document', check: '$count(FEntity) > 0', message: 'm' }],
      }),
      tables: TABLES,
      locate: fakeLocator(),
    });
    expect(counter.compiles).toBe(countExpressions(SAL_OUTSTOCK_MAPPING.document) + 2);
    const before = counter.compiles;
    for (let i = 0; i < 20; i++) {
      expect((await mapper!.map(salesOut(1 + (i % 4)), String(i))).kind).toBe('write');
    }
    expect(counter.compiles).toBe(before);
  });
});
