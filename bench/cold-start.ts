import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FerryError } from '../engine/errors.js';
import { type BenchOptions, type BenchResult, benchResult, type Benchmark, round } from './result.js';
import { REPO_ROOT, writeSchemeCopy } from './scheme-copy.js';

/**
 * Cold start: wall time of whole `ferry` processes as a user starts them (`node bin/ferry.mjs`,
 * which compiles TypeScript through tsx): `ferry --help`, and `ferry validate` of a folder of 200
 * scheme files. The figure is the median of several runs after one warm-up run, i.e. with tsx's
 * transform cache warm, as on any machine after the first command; the very first run with an
 * empty cache is reported beside it, and so is `node -e 0`, the floor any figure stands on.
 */

const BIN = join(REPO_ROOT, 'bin', 'ferry.mjs');
const HELP_LIMIT_MS = 300;
const VALIDATE_LIMIT_MS = 2_000;
const SCHEMES = 200;

/** Wall time of one `node <args>` process; throws RUN_ABORTED when it does not exit 0. */
function timeNode(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new FerryError('RUN_ABORTED', `node ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

interface Timing {
  median: number;
  min: number;
  max: number;
  /** The first start ever on a machine (tsx's transform cache empty); not measured by `--quick`. */
  emptyCache?: number;
}

/** `ferry <args>` once to warm tsx's cache (and once before with it empty, unless quick), then `times` times. */
function timeFerry(args: string[], times: number, quick: boolean): Timing {
  const emptyTmp = mkdtempSync(join(tmpdir(), 'ferry-bench-tsx-'));
  try {
    // tsx keeps its transform cache under the temp folder: a fresh one is a first-ever start.
    const emptyCache = quick ? undefined : timeNode([BIN, ...args], { ...process.env, TMPDIR: emptyTmp });
    timeNode([BIN, ...args]);
    const runs = Array.from({ length: times }, () => timeNode([BIN, ...args]));
    return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), ...(emptyCache !== undefined && { emptyCache }) };
  } finally {
    rmSync(emptyTmp, { recursive: true, force: true });
  }
}

async function runColdStart(opts: BenchOptions): Promise<BenchResult[]> {
  const times = opts.quick ? 3 : 10;
  opts.note(`cold-start: ferry --help ×${times}, ferry validate of ${SCHEMES} schemes ×${opts.quick ? 1 : 3}`);
  // Node's own start-up on this machine, in this run: the floor under every figure below.
  const nodeAlone = median(Array.from({ length: times }, () => timeNode(['-e', '0'])));
  const help = timeFerry(['--help'], times, opts.quick);
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-schemes-'));
  try {
    for (let i = 1; i <= SCHEMES; i++) writeSchemeCopy({ name: `bench-scheme-${String(i).padStart(3, '0')}` }, dir);
    const validate = timeFerry(['validate', dir], opts.quick ? 1 : 3, opts.quick);
    const detail = (t: Timing) => ({
      minMs: round(t.min, 0),
      maxMs: round(t.max, 0),
      ...(t.emptyCache !== undefined && { emptyCacheMs: round(t.emptyCache, 0) }),
      nodeAloneMs: round(nodeAlone, 0),
    });
    return [
      benchResult({ name: 'cold-start-help', figure: help.median, unit: 'ms', limit: HELP_LIMIT_MS, better: 'lower', details: { runs: times, ...detail(help) } }),
      benchResult({
        name: `cold-start-validate-${SCHEMES}`,
        figure: validate.median,
        unit: 'ms',
        limit: VALIDATE_LIMIT_MS,
        better: 'lower',
        details: { runs: opts.quick ? 1 : 3, ...detail(validate), perSchemeMs: round(validate.median / SCHEMES, 1) },
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cold-start benchmark. */
export const coldStart: Benchmark = { name: 'cold-start', run: runColdStart };
