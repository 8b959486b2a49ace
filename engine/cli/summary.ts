import type { PlanLine, RunCounts, RunSummary } from '../runner/types.js';

const n = (x: number) => x.toLocaleString('en-US');

/** The human summary printed at the end of a run. */
export function renderSummary(scheme: string, s: RunSummary): string {
  const c = s.counts;
  const lines = [
    `${scheme}: ${s.exitCode === 0 ? 'complete' : s.exitCode === 3 ? 'complete, some records parked' : 'stopped'} (exit ${s.exitCode})`,
    `  windows ${n(c.windows)}, pages ${n(c.pages)}, records read ${n(c.read)}`,
    `  written ${n(c.written)}${c.reconciled ? ` (of which ${n(c.reconciled)} found already written and reconciled)` : ''}, updated ${n(c.updated)}, unchanged ${n(c.unchanged)}, skipped ${n(c.skipped)}, parked ${n(c.parked)}, retries ${n(c.retried)}`,
  ];
  const parked = Object.entries(s.parkedByCode).sort((a, b) => b[1] - a[1]);
  if (parked.length) lines.push(`  parked by reason: ${parked.map(([code, k]) => `${code} ${n(k)}`).join(', ')} — see \`ferry parked\``);
  if (s.checkpoint) lines.push(`  checkpoint now ${s.checkpoint}`);
  if (s.error) lines.push(`  stopped by ${String(s.error.code)}: ${String(s.error.message)}${s.error.hint ? `\n  hint: ${String(s.error.hint)}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** A dry-run plan: one line per record. */
export function renderPlan(plan: readonly PlanLine[]): string {
  return plan.map((p) => `${p.action.padEnd(9)} ${p.key}${p.billNo ? ` → ${p.billNo}` : ''}${p.reason ? `  (${p.reason})` : ''}`).join('\n') + (plan.length ? '\n' : '');
}

/** One-line progress for a TTY (rewritten in place). */
export function progressLine(c: Readonly<RunCounts>, startedAt: number, now: number): string {
  const secs = Math.max(0.001, (now - startedAt) / 1000);
  return `\r  windows ${n(c.windows)}  read ${n(c.read)}  written ${n(c.written)}  skipped ${n(c.skipped)}  parked ${n(c.parked)}  ${n(Math.round(c.read / secs))} rec/s `;
}
