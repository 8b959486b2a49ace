/**
 * Where the state lives and how a command opens it: `--state <path>`, else `FERRY_STATE`, else
 * `<cwd>/.ferry/state.db`. Today that is always an SQLite file; a PostgreSQL URL is recognised
 * and refused until that store exists, rather than being taken for a file name.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { FerryError } from '../errors.js';
import { openSqliteStore } from './sqlite/store.js';
import type { StateStore } from './store.js';

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** The `--state` option, if given. Relative paths are taken from `cwd`. */
  path?: string;
  /** Environment to read `FERRY_STATE` from; default none. */
  env?: NodeJS.ProcessEnv;
  cwd: string;
  /** The clock (epoch ms); default `Date.now`. */
  now?: () => number;
}

/** The default state file below a working folder. */
export const DEFAULT_STATE_PATH = join('.ferry', 'state.db');

/** Resolves the state location per the precedence above; empty values count as unset. */
export function resolveStatePath(options: OpenStoreOptions): string {
  const given = options.path || options.env?.FERRY_STATE || DEFAULT_STATE_PATH;
  if (given === ':memory:' || /^postgres(ql)?:\/\//i.test(given)) return given;
  return isAbsolute(given) ? given : resolve(options.cwd, given);
}

/**
 * Opens the state store and brings its schema up to date. Throws USAGE for a location this
 * version cannot use, STATE_ERROR (naming the path) when the file cannot be opened or migrated.
 */
export async function openStore(options: OpenStoreOptions): Promise<StateStore> {
  const path = resolveStatePath(options);
  if (/^postgres(ql)?:\/\//i.test(path)) {
    throw new FerryError('USAGE', 'the PostgreSQL state store is not available yet', {
      hint: 'use an SQLite file path for --state / FERRY_STATE',
    });
  }
  const store = await openSqliteStore({ path, now: options.now });
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
