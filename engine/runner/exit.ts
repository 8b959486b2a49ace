/** Exit codes of a run, per docs/architecture.md. */
export const EXIT_CODES = {
  OK: 0,
  ABORTED: 1,
  INVALID: 2,
  PARKED: 3,
  BUG: 70,
} as const;
