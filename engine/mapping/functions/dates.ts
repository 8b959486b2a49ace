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
  /** The wall clock read as if it were UTC, in ms since the epoch. */
  utcGuess: number;
}

const JST_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function invalid(fn: string, value: unknown, why: string): FerryError {
  return new FerryError('DATE_INVALID', `${fn}: ${quote(value)} ${why}`, {
    hint: 'expected a Jushuitan time like "2024-05-19 15:07:58"',
  });
}

/**
 * True when the day exists in the proleptic Gregorian calendar (as `Date.UTC` counts). Years
 * 0000–0099 are refused: `Date.UTC` reads them as 19xx, so no such time can be told apart.
 */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

/** Parses and range-checks a Jushuitan time; `undefined` for absent or `""`. */
function parseWallTime(value: unknown, fn: string): WallTime | undefined {
  if (isAbsent(value) || value === '') return undefined;
  const m = typeof value === 'string' ? JST_TIME.exec(value.trim()) : null;
  if (!m) throw invalid(fn, value, 'is not a time in the form yyyy-MM-dd HH:mm:ss[.SSS]');
  const [, y, mo, d, h, mi, sec, fraction] = m as unknown as [string, string, string, string, string, string, string, string?];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (!isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    throw invalid(fn, value, 'is not a real calendar time');
  }
  return {
    date: `${y}-${mo}-${d}`,
    time: `${h}:${mi}:${sec}`,
    millis: fraction === undefined ? undefined : fraction.padEnd(3, '0'),
    utcGuess: Date.UTC(year, month - 1, day, hour, minute, second),
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
