import { describe, expect, it } from 'vitest';
import { CONNECTION_TYPES } from '../../engine/registry.js';
import { schemeSchema } from '../../engine/scheme/validate.js';

describe('connection registry and JSON Schema agree', () => {
  it('the schema connection `type` values equal the registry keys', () => {
    const defs = (schemeSchema as { definitions: Record<string, { properties?: { type?: { enum?: string[]; const?: string } } }> }).definitions;
    const enumTypes = defs.connection?.properties?.type?.enum ?? [];
    const branchTypes = Object.values(defs)
      .map((d) => d.properties?.type?.const)
      .filter((t): t is string => typeof t === 'string');
    expect([...enumTypes].sort()).toEqual(Object.keys(CONNECTION_TYPES).sort());
    expect([...branchTypes].sort()).toEqual(Object.keys(CONNECTION_TYPES).sort());
  });
});
