/**
 * Date functions for schemes. Jushuitan sends wall-clock times `yyyy-MM-dd HH:mm:ss[.SSS]` in
 * China time (Asia/Shanghai); Kingdee is configured in China time too, so `$kdDate`/`$kdDay` keep
 * the wall clock and only change the format. `$toIso` adds the zone's UTC offset.
 *
 * An absent argument, and an empty string (Jushuitan sends `""` for dates that never happened,
 * such as `pay_date` of an unpaid order), give an absent result; anything else that is not a real
 * calendar time is DATE_INVALID naming the value.
 */
import { FerryError } from '../../errors.js';
import { isAbsent, quote } from './values.js';

/** A parsed wall-clock time; fields are the digits as written. */
interface WallTime {
  date: string;
  time: string;
  /** Milliseconds as 3 digits, `undefined` when the input had none. */
  millis?: string;
  utcGuess: number;
}

const JST_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

function invalid(fn: string, value: unknown, why: string): FerryError {
  return new FerryError('DATE_INVALID', `${fn}: ${quote(value)} ${why}`, {
    hint: 'expected a Jushuitan time like "2024-05-19 15:07:58"',
  });
}

/** Parses and range-checks a Jushuitan time; `undefined` for absent or `""`. */
function parseWallTime(value: unknown, fn: string): WallTime | undefined {
  if (isAbsent(value) || value === '') return undefined;
  const m = typeof value === 'string' ? JST_TIME.exec(value.trim()) : null;
  if (!m) throw invalid(fn, value, 'is not a time in the form yyyy-MM-dd HH:mm:ss[.SSS]');
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i])) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utcGuess = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utcGuess);
  // Date.UTC rolls Feb 30 over to Mar 1 (and maps years 0..99 to 19xx): a changed field means invalid.
  const rolled = check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day;
  if (rolled || hour > 23 || minute > 59 || second > 59) {
    throw invalid(fn, value, 'is not a real calendar time');
  }
  const fraction = m[7];
  return {
    date: `${m[1]}-${m[2]}-${m[3]}`,
    time: `${m[4]}:${m[5]}:${m[6]}`,
    millis: fraction === undefined ? undefined : fraction.padEnd(3, '0'),
    utcGuess,
  };
}

/** `$kdDate(t)`: `"2024-05-19 15:07:58.123"` → `"2024-05-19 15:07:58"` (same wall clock). */
export function kdDate(value: unknown): string | undefined {
  const t = parseWallTime(value, '$kdDate');
  return t && `${t.date} ${t.time}`;
}

/** `$kdDay(t)`: `"2024-05-19 15:07:58"` → `"2024-05-19"`. */
export function kdDay(value: unknown): string | undefined {
  return parseWallTime(value, '$kdDay')?.date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC, in ms, at the instant `utcMs`. Throws RangeError for an unknown zone. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const part: Record<string, number> = {};
  for (const p of format.formatToParts(utcMs)) part[p.type] = Number(p.value);
  const wall = Date.UTC(part.year ?? 0, (part.month ?? 1) - 1, part.day, part.hour, part.minute, part.second);
  return wall - Math.floor(utcMs / 1000) * 1000;
}

function formatOffset(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${ms < 0 ? '-' : '+'}${hh}:${mm}`;
}

/**
 * `$toIso(t, [tz="Asia/Shanghai"])`: the wall-clock time `t` in zone `tz` as ISO 8601 with its
 * offset, `"2024-05-19 15:07:58"` → `"2024-05-19T15:07:58+08:00"` (milliseconds kept when given).
 * An unknown zone is DATE_INVALID.
 */
export function toIso(value: unknown, timeZone: unknown = 'Asia/Shanghai'): string | undefined {
  const t = parseWallTime(value, '$toIso');
  if (!t) return undefined;
  const zone = isAbsent(timeZone) ? 'Asia/Shanghai' : String(timeZone);
  let offset: number;
  try {
    // Two passes: the offset at the guessed instant can differ from the one at the real instant
    // when a DST change lies between them.
    const first = zoneOffsetMs(zone, t.utcGuess);
    offset = zoneOffsetMs(zone, t.utcGuess - first);
  } catch (e) {
    throw new FerryError('DATE_INVALID', `$toIso: unknown time zone ${quote(timeZone)}`, { cause: e });
  }
  return `${t.date}T${t.time}${t.millis === undefined ? '' : `.${t.millis}`}${formatOffset(offset)}`;
}
