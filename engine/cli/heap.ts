import { setFlagsFromString } from 'node:v8';
import { FerryError } from '../errors.js';

/** How far V8 lets the old generation grow past what survived the last full collection, percent. */
export const DEFAULT_HEAP_GROWTH_PERCENT = 30;

const MAX_GROWTH_PERCENT = 1_000;

/**
 * The heap growth the process should use: `FERRY_HEAP_GROWTH` (whole percent; 0 leaves V8's own
 * heuristic) or the default. Anything else is a usage error naming the variable.
 */
export function heapGrowthPercent(env: NodeJS.ProcessEnv): number {
  const text = env.FERRY_HEAP_GROWTH;
  if (text === undefined || text.trim() === '') return DEFAULT_HEAP_GROWTH_PERCENT;
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n > MAX_GROWTH_PERCENT) {
    throw new FerryError('USAGE', `FERRY_HEAP_GROWTH must be a whole number of percent from 0 to ${MAX_GROWTH_PERCENT} (0 = V8's own heuristic); found "${text}"`);
  }
  return n;
}

/**
 * The commands that stream records for as long as a range or a backlog lasts: the ones whose
 * memory must stay flat with volume. The others hold what they read (validate keeps every scheme
 * it checked, test its cases) and a tight heap only makes them collect more often: validating 200
 * schemes took 2.1 s instead of 1.8 s with it, for no smaller peak.
 */
const STREAMING_COMMANDS: ReadonlySet<string> = new Set(['run', 'replay', 'demo', 'fetch']);

/**
 * The heap growth to set for `command` (the CLI's first argument), or undefined to leave V8's own
 * heuristic: for a streaming command, `FERRY_HEAP_GROWTH` or the default (0 = V8's own). A bad
 * `FERRY_HEAP_GROWTH` is a usage error whatever the command, so a typo never goes unnoticed.
 */
export function heapGrowthFor(env: NodeJS.ProcessEnv, command: string | undefined): number | undefined {
  const percent = heapGrowthPercent(env);
  return command !== undefined && STREAMING_COMMANDS.has(command) && percent > 0 ? percent : undefined;
}

/**
 * Keeps a long run's heap near what is live. After each full collection V8 sets the next limit
 * at the surviving size times a factor it picks from collection speed, up to 4x on a machine with
 * memory to spare: a run keeps ~20 MB live, yet its heap reached 120 MB and its resident set 223 MB
 * (40,000 orders). A fixed 30 % growth held it at 163 MB for 4 % more CPU (bench/README.md).
 *
 * Unlike `--max-old-space-size` this is a soft setting: a scheme with big lookup tables gets the
 * memory it needs instead of an out-of-memory crash. It is set at run time, before anything big
 * is allocated; the flag is read afresh at every limit V8 computes. Only for the streaming
 * commands (see STREAMING_COMMANDS). Called by the process entry (bin/ferry.mjs) only, never by
 * code that runs inside someone else's process.
 */
export function configureHeap(env: NodeJS.ProcessEnv, command: string | undefined): void {
  const percent = heapGrowthFor(env, command);
  if (percent !== undefined) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
