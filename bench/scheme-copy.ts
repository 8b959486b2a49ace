import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

/** The repository root (bench/ sits directly under it). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundled scheme every benchmark runs, copied so its knobs can change without touching schemes/. */
export const BUNDLED_SCHEME = join(REPO_ROOT, 'schemes', 'jushuitan-saleout-to-kingdee.yaml');

/** Knobs a benchmark may turn on its copy of the bundled scheme; unset ones stay as bundled. */
export interface SchemeKnobs {
  /** Qimen call budget of the source connection. */
  rateLimit?: { perSecond: number; perMinute: number };
  /** `target.concurrency`: BatchSave calls in flight. */
  concurrency?: number;
  batchSize?: number;
  /** `source.window.step`, e.g. `1h`: how long each window is. */
  windowStep?: string;
  /** `source.window.parallel`: windows read at once. */
  parallel?: number;
  /** The scheme's `name`, and the copy's file name (`<fileName>.yaml`). */
  name?: string;
}

/**
 * Writes a copy of the bundled scheme with `knobs` applied into a fresh temp folder, together with
 * its sub-folder (lookups, fixtures, tests; copied once per folder) so relative references still
 * resolve. Several copies may share one folder when each has its own `name`. Edits go through
 * the YAML document so comments and every other key stay as bundled. Returns the copy's path.
 */
export function writeSchemeCopy(knobs: SchemeKnobs, dir = mkdtempSync(join(tmpdir(), 'ferry-bench-'))): string {
  const doc = parseDocument(readFileSync(BUNDLED_SCHEME, 'utf8'));
  if (knobs.rateLimit) {
    doc.setIn(['connections', 'jushuitan', 'rateLimit', 'perSecond'], knobs.rateLimit.perSecond);
    doc.setIn(['connections', 'jushuitan', 'rateLimit', 'perMinute'], knobs.rateLimit.perMinute);
  }
  if (knobs.concurrency !== undefined) doc.setIn(['target', 'concurrency'], knobs.concurrency);
  if (knobs.batchSize !== undefined) doc.setIn(['target', 'batchSize'], knobs.batchSize);
  if (knobs.windowStep !== undefined) doc.setIn(['source', 'window', 'step'], knobs.windowStep);
  if (knobs.parallel !== undefined) doc.setIn(['source', 'window', 'parallel'], knobs.parallel);
  if (knobs.name !== undefined) doc.setIn(['name'], knobs.name);
  const bundled = basename(BUNDLED_SCHEME);
  // Lookups, fixtures and tests are referenced relative to the scheme, from the bundled folder name.
  const folder = bundled.replace(/\.ya?ml$/, '');
  if (!existsSync(join(dir, folder))) cpSync(join(dirname(BUNDLED_SCHEME), folder), join(dir, folder), { recursive: true });
  const path = join(dir, knobs.name === undefined ? bundled : `${knobs.name}.yaml`);
  writeFileSync(path, doc.toString());
  return path;
}
