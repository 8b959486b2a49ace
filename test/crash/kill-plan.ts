import { randomInt } from 'node:crypto';
import type { CrashPoint } from '../../engine/runner/crash-points.js';
import { Rng } from '../../engine/sandbox/qimen/random.js';

/**
 * What kills a child run: SIGKILL at the n-th time the run reaches a point of the write protocol
 * (`FERRY_CRASH_AT`, engine/runner/crash-points.ts), or SIGKILL from outside after a delay — a
 * moment the runner cannot choose, e.g. inside an SQLite transaction or an HTTP exchange.
 */
export type Kill = { kind: 'point'; point: CrashPoint; nth: number } | { kind: 'outside'; afterMs: number };

/** Crash points of the write path: reached only while the run still has documents to write. */
export const WRITE_POINTS: readonly CrashPoint[] = ['after-intent', 'after-commit', 'after-settle'];

/** The crash point of reading: every page, before its records are looked at. */
export const READ_POINTS: readonly CrashPoint[] = ['page-read'];

/** Crash points around the checkpoint write: every incremental run reaches them, backfills never. */
export const CHECKPOINT_POINTS: readonly CrashPoint[] = ['before-checkpoint', 'after-checkpoint'];

/**
 * The seed of this test process: `FERRY_CRASH_SEED` when replaying, else a fresh one. Printed as
 * `FERRY_CRASH_SEED=<n>` so any failure can be replayed with the same kill plan.
 */
export function crashSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.FERRY_CRASH_SEED;
  const seed = given !== undefined && /^\d+$/.test(given) ? Number(given) : randomInt(1, 2 ** 31);
  console.log(`FERRY_CRASH_SEED=${seed}${given !== undefined ? ' (replay)' : ''}`);
  return seed;
}

/** A label for logs and the kill tally: `after-commit:2` or `outside@640ms`. */
export function killLabel(kill: Kill): string {
  return kill.kind === 'point' ? `${kill.point}:${kill.nth}` : `outside@${kill.afterMs}ms`;
}

/** Fisher–Yates with the seeded stream, so a seed always gives the same order. */
export function shuffle<T>(rng: Rng, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Settings of a plan in which every crash point is visited at least once. */
export interface CoveringPlanOptions {
  /**
   * Points reached only while work is left (writes; in incremental runs also pages, as an empty
   * window yields no page); planned first, at their first occurrence.
   */
  early: readonly CrashPoint[];
  /** Points every run reaches; planned after, at a random occurrence in 1..maxNth. */
  always: readonly CrashPoint[];
  maxNth: number;
  /** Kills from outside, mixed in with the `always` points. */
  outside: number;
  /** Range of the outside delay after spawn, ms (startup of node + tsx takes ~0.5–1 s). */
  outsideMs: readonly [number, number];
}

/**
 * A plan that visits every point once: the early points first (in seeded order, first
 * occurrence, so each is reached while most documents are still unwritten), then the points
 * every run reaches and the outside kills, shuffled.
 */
export function coveringPlan(seed: number, options: CoveringPlanOptions): Kill[] {
  const rng = new Rng(seed);
  const first: Kill[] = shuffle(rng, options.early).map((point) => ({ kind: 'point', point, nth: 1 }));
  const rest: Kill[] = [
    ...options.always.map((point): Kill => ({ kind: 'point', point, nth: rng.int(1, options.maxNth) })),
    ...Array.from({ length: options.outside }, (): Kill => ({ kind: 'outside', afterMs: rng.int(...options.outsideMs) })),
  ];
  return [...first, ...shuffle(rng, rest)];
}

/** Settings of a long random plan (the soak). */
export interface RandomPlanOptions {
  kills: number;
  /**
   * Points to draw from, each with the highest occurrence to arm. Small for the write points, so
   * that a killed run leaves most of the work for the kills after it.
   */
  points: ReadonlyArray<readonly [CrashPoint, number]>;
  /** Share of kills from outside, 0..1. */
  outsideShare: number;
  outsideMs: readonly [number, number];
}

/** `kills` independent draws: an outside kill, or a point at a random occurrence. */
export function randomPlan(seed: number, options: RandomPlanOptions): Kill[] {
  const rng = new Rng(seed);
  return Array.from({ length: options.kills }, (): Kill => {
    if (rng.chance(options.outsideShare)) return { kind: 'outside', afterMs: rng.int(...options.outsideMs) };
    const [point, maxNth] = rng.pick(options.points);
    return { kind: 'point', point, nth: rng.int(1, maxNth) };
  });
}
