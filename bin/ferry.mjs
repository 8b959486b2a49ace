#!/usr/bin/env node
// Entry point for `npx ferry`. Runs the esbuild bundle (dist/ferry.mjs, built by `npm ci` through
// the `prepare` script) when it is newer than every source file; otherwise the TypeScript sources
// through tsx, so a fresh edit is never shadowed by a stale bundle and no build step is needed.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'ferry.mjs');

function bundleIsFresh() {
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  for (const dir of ['engine', 'schemas']) {
    for (const name of readdirSync(join(root, dir), { recursive: true })) {
      if (statSync(join(root, dir, name)).mtimeMs > built) return false;
    }
  }
  return true;
}

let main;
if (process.env.FERRY_FROM_SOURCE !== '1' && bundleIsFresh()) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../engine/cli/main.ts'));
}
process.exitCode = await main(process.argv);
