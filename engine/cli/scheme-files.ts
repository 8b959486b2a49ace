import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FerryError } from '../errors.js';

/**
 * Expands CLI paths into scheme files. A folder means every `*.yaml`/`*.yml` directly inside it:
 * a scheme's fixtures, lookups and tests live in a sub-folder named after it, so they are never
 * mistaken for schemes.
 */
export async function schemeFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (e) {
      throw new FerryError('FILE_NOT_FOUND', `${p}: no such file or folder`, { cause: e });
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const names = (await readdir(p)).filter((n) => /\.ya?ml$/.test(n)).sort();
    out.push(...names.map((n) => join(p, n)));
  }
  return out;
}
