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

let cli;
if (process.env.FERRY_FROM_SOURCE !== '1' && bundleIsFresh()) {
  cli = await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../engine/cli/main.ts');
}
// The process's own heap setting (engine/cli/heap.ts): only here, where ferry owns the process.
try {
  cli.configureHeap(process.env, process.argv[2]);
} catch (e) {
  process.stderr.write(`ferry: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
process.exitCode = await cli.main(process.argv);
