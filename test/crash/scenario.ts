import type { CrashWorld, RunMode, RunRecord } from './world.js';
import type { Kill } from './kill-plan.js';

/** How a kill plan went. */
export interface PlanOutcome {
  /** Runs that died by SIGKILL as planned, by crash point (`outside` for kills from outside). */
  killedAt: Record<string, number>;
  kills: number;
  /**
   * Kills before the first planned run that completed (exit 0 or 3): those landed while work was
   * left. Later kills hit runs with little or nothing to do (the data is fixed).
   */
  killsBeforeDone: number;
  /** Exit code of the clean run that completed the work (0 or 3); undefined if none did. */
  completedWith?: number;
  /** Runs that ended in a way no run may end: exit 2 or 70, another signal, or a hang. */
  broken: RunRecord[];
}

/** Options of `executePlan`. */
export interface ExecuteOptions {
  /** Clean runs allowed after the plan to finish the work (a fault may abort a run: exit 1). */
  maxRecoveryRuns?: number;
  /** Called before each planned run with its index, e.g. to change the sandboxes' faults. */
  beforeRun?: (index: number) => void;
  /**
   * A point whose n-th occurrence never came (less work was left than the plan guessed) is armed
   * again at its first occurrence, once, so that the plan visits every point it names.
   */
  rearmAtFirst?: boolean;
}

const ALLOWED_EXITS = new Set([0, 1, 3]);

/**
 * Runs the CLI once per kill of the plan — each run resumes from whatever the previous one left,
 * with the next kill armed — and then clean runs until one completes (exit 0 or 3). A planned
 * run that is not killed (its point never came) is an ordinary run. Stops at the first broken run.
 */
export async function executePlan(world: CrashWorld, plan: readonly Kill[], options: ExecuteOptions = {}): Promise<PlanOutcome> {
  const outcome: PlanOutcome = { killedAt: {}, kills: 0, killsBeforeDone: 0, broken: [] };
  let done = false;
  for (const [index, planned] of plan.entries()) {
    options.beforeRun?.(index);
    let kill = planned;
    for (;;) {
      await world.run(kill);
      const last = world.log.at(-1)!;
      if (isBroken(last)) {
        outcome.broken.push(last);
        return outcome;
      }
      if (last.signal === 'SIGKILL') {
        const at = kill.kind === 'point' ? kill.point : 'outside';
        outcome.killedAt[at] = (outcome.killedAt[at] ?? 0) + 1;
        outcome.kills++;
        if (!done) outcome.killsBeforeDone++;
      } else if (last.code === 0 || last.code === 3) done = true;
      if (last.signal === null && options.rearmAtFirst && kill.kind === 'point' && kill.nth > 1) {
        kill = { ...kill, nth: 1 };
        continue;
      }
      break;
    }
  }
  const completed = await runUntilComplete(world, options.maxRecoveryRuns ?? 5);
  if (typeof completed === 'number') outcome.completedWith = completed;
  else if (completed) outcome.broken.push(completed);
  return outcome;
}

/**
 * Clean runs until one completes; returns its exit code, the broken run that stopped it, or
 * undefined when `max` runs all stopped (exit 1).
 */
export async function runUntilComplete(world: CrashWorld, max: number, mode?: RunMode): Promise<number | RunRecord | undefined> {
  for (let i = 0; i < max; i++) {
    await world.run(undefined, mode ? { mode } : {});
    const last = world.log.at(-1)!;
    if (isBroken(last) || last.signal !== null) return last;
    if (last.code === 0 || last.code === 3) return last.code;
  }
  return undefined;
}

/** A run that ended outside the contract: hung, an unplanned signal, or exit 2/70. */
function isBroken(r: RunRecord): boolean {
  if (r.hung) return true;
  if (r.signal !== null) return r.signal !== 'SIGKILL';
  return !ALLOWED_EXITS.has(r.code ?? -1);
}
