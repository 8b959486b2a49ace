import { readFileSync } from 'node:fs';
import { type FerryError, FerryErrors, toFerryError } from '../errors.js';
import { redact } from '../scheme/secrets.js';

/** Output formats of problem lists. */
export type ProblemFormat = 'text' | 'json' | 'github';

/** Reads the lines of a file for code frames; unreadable files give no frame. */
function sourceLines(file: string, cache: Map<string, string[] | undefined>): string[] | undefined {
  if (!cache.has(file)) {
    try {
      cache.set(file, readFileSync(file, 'utf8').split('\n'));
    } catch {
      cache.set(file, undefined);
    }
  }
  return cache.get(file);
}

/** `file:line:col CODE message`, the offending line and a caret under the column. */
export function formatProblem(p: FerryError, cache = new Map<string, string[] | undefined>()): string {
  const where = p.at ? `${p.at.file}:${p.at.line}:${p.at.col} ` : '';
  const level = p.severity === 'warning' ? ' (warning)' : '';
  let text = `${where}${p.code}${level} ${p.message}`;
  if (p.remote) text += ` [${p.remote.endpoint}${p.remote.code !== undefined ? ` code ${p.remote.code}` : ''}${p.remote.message ? `: ${p.remote.message}` : ''}]`;
  if (p.hint) text += `\n  hint: ${p.hint}`;
  if (p.at && p.severity === 'error') {
    const line = sourceLines(p.at.file, cache)?.[p.at.line - 1];
    if (line !== undefined) {
      const gutter = `${p.at.line} | `;
      text += `\n  ${gutter}${line}\n  ${' '.repeat(gutter.length + p.at.col - 1)}^`;
    }
  }
  return text;
}

/** Renders problems in the chosen format; secrets are masked in every format. */
export function renderProblems(problems: FerryError[], format: ProblemFormat, secrets: readonly string[] = []): string {
  let out: string;
  if (format === 'json') {
    out = `${JSON.stringify(problems.map((p) => ({ ...p.toJSON(), severity: p.severity })), null, 2)}\n`;
  } else if (format === 'github') {
    out = problems
      .map((p) => {
        const kind = p.severity === 'warning' ? 'warning' : 'error';
        const loc = p.at ? ` file=${p.at.file},line=${p.at.line},col=${p.at.col}` : '';
        return `::${kind}${loc},title=${p.code}::${p.message.replace(/\r?\n/g, '%0A')}\n`;
      })
      .join('');
  } else {
    const cache = new Map<string, string[] | undefined>();
    out = problems.map((p) => `${formatProblem(p, cache)}\n`).join('');
  }
  return redact(out, secrets);
}

/** Flattens anything a command threw into a list of FerryErrors. */
export function problemsOf(e: unknown): FerryError[] {
  if (e instanceof FerryErrors) return e.problems;
  return [toFerryError(e)];
}
