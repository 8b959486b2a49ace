import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScheme } from '../../engine/scheme/load.js';

const files = readdirSync('schemes').filter((f) => f.endsWith('.yaml'));

describe('every scheme in schemes/ validates', () => {
  it('there is at least one scheme', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s', async (f) => {
    const loaded = await loadScheme(`schemes/${f}`, { env: {}, envMode: 'warn' });
    expect(loaded.warnings.every((w) => w.code === 'ENV_UNSET')).toBe(true);
  });
});
