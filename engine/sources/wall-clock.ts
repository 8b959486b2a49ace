import { FerryError } from '../errors.js';

/**
 * Wall-clock strings (`yyyy-MM-dd HH:mm:ss`, optionally `.SSS`) in an IANA zone, converted to and
 * from epoch milliseconds without ever consulting the host's zone: Jushuitan speaks Asia/Shanghai
 * wall-clock time whatever TZ the machine running ferry has.
 */

const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch (cause) {
      throw new FerryError('SCHEMA_INVALID', `unknown time zone "${timeZone}"; expected an IANA name such as Asia/Shanghai`, {
        cause,
      });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone, as a UTC epoch of those same fields. */
function wallFieldsAsUtc(ms: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallFieldsAsUtc(whole, timeZone) - whole;
}

/** Formats an instant as `yyyy-MM-dd HH:mm:ss` wall-clock time in `timeZone` (milliseconds dropped). */
export function formatWallClock(ms: number, timeZone: string): string {
  const wall = new Date(Math.floor(ms / 1000) * 1000 + zoneOffsetMs(ms, timeZone));
  return wall.toISOString().slice(0, 19).replace('T', ' ');
}

/** True when `text` looks like `yyyy-MM-dd HH:mm:ss` with optional `.SSS`. */
export function isWallClock(text: string): boolean {
  return WALL.test(text);
}

/**
 * Parses a wall-clock string in `timeZone` into epoch ms; `undefined` when it is not a valid
 * `yyyy-MM-dd HH:mm:ss[.SSS]` date. In a DST gap the later instant is used, in an overlap the earlier.
 */
export function parseWallClock(text: string, timeZone: string): number | undefined {
  const m = WALL.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s, millis);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return undefined;
  }
  // Try every offset in force within a day of the reading; a candidate is right when it formats
  // back to the same fields. Two match in a DST overlap (take the earlier); none in a gap (take
  // the later, as the clocks jumped forward).
  const DAY = 86_400_000;
  const candidates = [asUtc - DAY, asUtc, asUtc + DAY].map((probe) => asUtc - zoneOffsetMs(probe, timeZone));
  const exact = candidates.filter((c) => wallFieldsAsUtc(c - millis, timeZone) + millis === asUtc);
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}
