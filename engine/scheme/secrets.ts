import { FerryError } from '../errors.js';
import { locateInValue, toPointer } from './locate.js';
import type { ParsedYaml } from './parse.js';

const REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const SECRET_KEY = /secret|password|token|sign/i;

/** How unset environment variables are treated: errors for commands that need values, warnings for `validate`. */
export type EnvMode = 'require' | 'warn';

export interface ResolvedEnv {
  value: unknown;
  problems: FerryError[];
  /** Resolved values of secret-looking keys, for redaction in logs and output. */
  secrets: string[];
}

/**
 * Replaces `${env:NAME}` and `${env:NAME:-default}` in every string of the scheme. Values are only
 * read here, when a command needs them, and secret values are returned so loggers can mask them.
 * An unset variable without a default is a problem at its exact column (ENV_UNSET).
 */
export function resolveEnv(parsed: ParsedYaml, env: NodeJS.ProcessEnv, mode: EnvMode): ResolvedEnv {
  const problems: FerryError[] = [];
  const secrets: string[] = [];
  const visit = (v: unknown, path: Array<string | number>): unknown => {
    if (typeof v === 'string') return resolveString(v, path);
    if (Array.isArray(v)) return v.map((x, i) => visit(x, [...path, i]));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = visit(x, [...path, k]);
      return out;
    }
    return v;
  };
  const resolveString = (s: string, path: Array<string | number>): string => {
    if (!s.includes('${env:')) return s;
    const resolved = s.replace(REF, (whole, name: string, fallback: string | undefined, offset: number) => {
      const value = env[name];
      if (value !== undefined && value !== '') return value;
      if (fallback !== undefined) return fallback;
      problems.push(
        new FerryError('ENV_UNSET', `environment variable ${name} is not set (needed by "${path.join('.')}")`, {
          at: locateInValue(parsed, toPointer(path), offset),
          severity: mode === 'warn' ? 'warning' : 'error',
          hint: `export ${name}=… (or write \${env:${name}:-default})`,
        }),
      );
      return whole;
    });
    const key = String(path[path.length - 1] ?? '');
    if (SECRET_KEY.test(key) && resolved !== s && resolved.length > 0) secrets.push(resolved);
    return resolved;
  };
  return { value: visit(parsed.value, []), problems, secrets };
}

/** Masks every secret occurrence in a text (for errors and preview output). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}
