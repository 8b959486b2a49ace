import { describe, expect, it } from 'vitest';
import { FerryErrors } from '../../engine/errors.js';
import { loadScheme } from '../../engine/scheme/load.js';
import { MAX_SCHEME_BYTES } from '../../engine/scheme/read.js';
import { edit, MINIMAL_SCHEME, writeScheme } from '../helpers/scheme-fixture.js';

async function codes(content: string | Buffer): Promise<string[]> {
  const file = writeScheme('');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, content);
  try {
    await loadScheme(file, { env: {} });
    return [];
  } catch (e) {
    if (e instanceof FerryErrors) return e.problems.map((p) => p.code);
    throw e;
  }
}

const aliasBomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`)].join('\n');
let deep = 'name: deep\nx: ';
for (let i = 0; i < 200; i++) deep += '[';
deep += '1';
for (let i = 0; i < 200; i++) deep += ']';

describe('hostile or broken input gets a clear error, never a crash or a hang', () => {
  it.each([
    { name: 'alias bomb', content: aliasBomb, code: 'YAML_ALIAS_LIMIT' },
    { name: 'deep nesting', content: deep, code: 'YAML_TOO_DEEP' },
    { name: 'file over the size cap', content: `# ${'x'.repeat(MAX_SCHEME_BYTES)}\nname: big\n`, code: 'FILE_TOO_LARGE' },
    { name: 'duplicate keys', content: `${MINIMAL_SCHEME}name: again\n`, code: 'YAML_DUPLICATE_KEY' },
    { name: '!!js/function tag is data, never code', content: edit('version: 1.0.0', 'version: !!js/function "function(){ process.exit(9) }"'), code: 'YAML_CUSTOM_TAG' },
    { name: 'custom local tag', content: edit('version: 1.0.0', 'version: !exec "rm -rf /"'), code: 'YAML_CUSTOM_TAG' },
    { name: '__proto__ key', content: edit('  document:', '  __proto__: { polluted: true }\n  document:'), code: 'SCHEMA_UNKNOWN_KEY' },
    { name: 'non-UTF-8 bytes', content: Buffer.concat([Buffer.from('name: caf'), Buffer.from([0xe9, 0x0a])]), code: 'FILE_NOT_UTF8' },
    { name: 'empty file', content: '', code: 'FILE_EMPTY' },
    { name: 'only comments', content: '# nothing here\n# at all\n', code: 'FILE_EMPTY' },
    { name: 'a list instead of a mapping', content: '- a\n- b\n', code: 'SCHEMA_TYPE' },
  ])('$name → $code', async ({ content, code }) => {
    expect(await codes(content)).toContain(code);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a missing file is FILE_NOT_FOUND', async () => {
    await expect(loadScheme('/nonexistent/scheme.yaml')).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'FILE_NOT_FOUND' })] });
  });
});
