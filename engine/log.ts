import pino, { type Logger } from 'pino';

/** Paths that may carry secrets anywhere in a log object; pino replaces them with `[redacted]`. */
export const REDACT_PATHS = [
  'password',
  'appSecret',
  'secret',
  'sessionId',
  'sign',
  'cookie',
  'headers.cookie',
  'headers["kdservice-sessionid"]',
  '*.password',
  '*.appSecret',
  '*.secret',
  '*.sessionId',
  '*.sign',
  '*.cookie',
  '*.app_secret',
];

export interface LogOptions {
  level?: string;
  /** Where lines go; defaults to stderr so stdout stays clean for command output. */
  destination?: pino.DestinationStream;
  /** Extra values to mask wherever they appear in a message (resolved secrets). */
  secrets?: readonly string[];
}

/** Creates a pino logger with redaction. There is no global logger: pass it down. */
export function createLogger(options: LogOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const hooks = secrets.length
    ? {
        streamWrite(line: string): string {
          let out = line;
          for (const s of secrets) out = out.split(s).join('[redacted]');
          return out;
        },
      }
    : undefined;
  return pino(
    {
      level: options.level ?? process.env.FERRY_LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: undefined,
      ...(hooks && { hooks }),
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export type { Logger };
