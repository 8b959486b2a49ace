// Bundles the CLI into dist/ferry.mjs with esbuild (run by `npm ci`/`npm install` via `prepare`).
// Why: starting through tsx transpiles every TypeScript file at each start (~0.6 s); the bundle
// starts in a fraction of that. bin/ferry.mjs falls back to tsx whenever a source file is newer
// than the bundle, so a developer's edits are never shadowed by a stale build.
import { build } from 'esbuild';

await build({
  entryPoints: ['engine/cli/main.ts'],
  outfile: 'dist/ferry.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
