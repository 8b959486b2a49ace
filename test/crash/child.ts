import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FerryError } from '../../engine/errors.js';

/** The real CLI entry point, as an operator (or cron) runs it. */
const FERRY_BIN = join(process.cwd(), 'bin', 'ferry.mjs');

/** How one child run of the CLI ended. */
export interface ChildResult {
  /** Exit code; null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
  /** The safety timeout fired: the child hung and was killed by the harness, not by the plan. */
  hung: boolean;
}

/** Options of one child run. */
export interface ChildOptions {
  /** Arguments after `ferry`, e.g. `['run', scheme, '--state', path]`. */
  args: string[];
  /** The child's whole environment (nothing leaks in from the test process). */
  env: Record<string, string>;
  /** Kill the child with SIGKILL from outside this many ms after spawn (if it still runs). */
  killAfterMs?: number;
  /** A child still running after this is killed and reported as `hung`; default 60 s. */
  hangAfterMs?: number;
}

/**
 * Runs `node bin/ferry.mjs <args>` as a separate process and resolves when it is gone, whatever
 * ended it. Never rejects for a non-zero exit or a signal: the caller judges the outcome.
 */
export function runFerryChild(options: ChildOptions): Promise<ChildResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FERRY_BIN, ...options.args], { cwd: process.cwd(), env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timers: NodeJS.Timeout[] = [];
    if (options.killAfterMs !== undefined) timers.push(setTimeout(() => child.kill('SIGKILL'), options.killAfterMs));
    timers.push(
      setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, options.hangAfterMs ?? 60_000),
    );
    child.once('error', (e) => {
      for (const t of timers) clearTimeout(t);
      reject(new FerryError('INTERNAL', `could not start ${FERRY_BIN}: ${e.message}`, { cause: e }));
    });
    child.once('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, hung });
    });
  });
}

/** The environment of a child: a bare PATH/HOME plus what the test gives (sandbox URLs, state). */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT']) {
    const value = process.env[name];
    if (value !== undefined) base[name] = value;
  }
  return { ...base, FERRY_LOG_LEVEL: 'warn', ...extra };
}
