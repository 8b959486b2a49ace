/**
 * Crash injection for the kill tests (test/crash/). `FERRY_CRASH_AT=<point>:<n>` makes the
 * process kill itself with SIGKILL the n-th time it reaches `<point>` — the same death as
 * `kill -9`, at a chosen moment of the write protocol. Unset (always, outside those tests), each
 * call is one comparison.
 */
export type CrashPoint = 'page-read' | 'after-intent' | 'after-commit' | 'after-settle' | 'before-checkpoint' | 'after-checkpoint';

const [point, nth] = (process.env.FERRY_CRASH_AT ?? '').split(':');
let remaining = Number(nth ?? 0);

/** Dies here if this is the configured crash point and its turn has come. */
export function crashPoint(name: CrashPoint): void {
  if (name !== point) return;
  remaining--;
  if (remaining <= 0) process.kill(process.pid, 'SIGKILL');
}
