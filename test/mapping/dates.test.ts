import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../engine/errors.js';
import { kdDay } from '../../engine/mapping/functions/dates.js';
import { evalWith, rejection } from './fixtures.js';

describe('date functions: results', () => {
  it.each([
    { name: 'kdDate keeps the wall clock', expr: '$kdDate(t)', t: '2024-05-19 15:07:58', result: '2024-05-19 15:07:58' },
    { name: 'kdDate drops milliseconds', expr: '$kdDate(t)', t: '2024-05-19 15:07:58.123', result: '2024-05-19 15:07:58' },
    { name: 'kdDate accepts a leap day', expr: '$kdDate(t)', t: '2024-02-29 00:00:00', result: '2024-02-29 00:00:00' },
    { name: 'kdDate accepts Feb 29 of 2000', expr: '$kdDate(t)', t: '2000-02-29 00:00:00', result: '2000-02-29 00:00:00' },
    { name: 'kdDay accepts Dec 31', expr: '$kdDay(t)', t: '2023-12-31 23:59:59', result: '2023-12-31' },
    { name: 'kdDay keeps the date', expr: '$kdDay(t)', t: '2024-05-19 23:59:59', result: '2024-05-19' },
    { name: 'toIso defaults to China time', expr: '$toIso(t)', t: '2024-05-19 15:07:58', result: '2024-05-19T15:07:58+08:00' },
    { name: 'toIso keeps milliseconds, padded', expr: '$toIso(t)', t: '2024-05-19 15:07:58.5', result: '2024-05-19T15:07:58.500+08:00' },
    { name: 'toIso in UTC', expr: '$toIso(t, "UTC")', t: '2024-05-19 15:07:58', result: '2024-05-19T15:07:58+00:00' },
    { name: 'toIso in summer Berlin', expr: '$toIso(t, "Europe/Berlin")', t: '2024-07-01 12:00:00', result: '2024-07-01T12:00:00+02:00' },
    { name: 'toIso in winter New York', expr: '$toIso(t, "America/New_York")', t: '2024-01-15 08:30:00', result: '2024-01-15T08:30:00-05:00' },
    { name: 'toIso half-hour zone', expr: '$toIso(t, "Asia/Kolkata")', t: '2024-01-15 08:30:00', result: '2024-01-15T08:30:00+05:30' },
    { name: 'an empty string is absent', expr: '$kdDate(t)', t: '', result: undefined },
    { name: 'null is absent', expr: '$kdDay(t)', t: null, result: undefined },
    { name: 'missing is absent', expr: '$toIso(nothing)', t: '', result: undefined },
  ])('$name', async ({ expr, t, result }) => {
    expect(await evalWith(expr, { t })).toBe(result);
  });
});

describe('date functions: DATE_INVALID', () => {
  it.each([
    { name: 'Feb 30', expr: '$kdDate(t)', t: '2024-02-30 10:00:00' },
    { name: 'Feb 29 of a common year', expr: '$kdDay(t)', t: '2023-02-29 10:00:00' },
    { name: 'month 13', expr: '$kdDate(t)', t: '2024-13-01 00:00:00' },
    { name: 'month 0', expr: '$kdDate(t)', t: '2024-00-10 00:00:00' },
    { name: 'day 0', expr: '$kdDate(t)', t: '2024-05-00 00:00:00' },
    { name: 'Feb 29 of 1900 (not a leap year)', expr: '$kdDay(t)', t: '1900-02-29 00:00:00' },
    { name: 'a year below 100 (Date.UTC reads it as 19xx)', expr: '$kdDay(t)', t: '0024-05-19 00:00:00' },
    { name: 'hour 24', expr: '$kdDate(t)', t: '2024-05-19 24:00:00' },
    { name: 'minute 60', expr: '$toIso(t)', t: '2024-05-19 10:60:00' },
    { name: 'ISO T separator', expr: '$kdDate(t)', t: '2024-05-19T15:07:58' },
    { name: 'slashes', expr: '$kdDate(t)', t: '2024/05/19 15:07:58' },
    { name: 'date only', expr: '$kdDay(t)', t: '2024-05-19' },
    { name: 'a number', expr: '$kdDate(t)', t: 20240519 },
    { name: 'unknown zone', expr: '$toIso(t, "Mars/Olympus")', t: '2024-05-19 15:07:58' },
  ])('$name', async ({ expr, t }) => {
    const err = await rejection(evalWith(expr, { t }));
    expect(err).toMatchObject({ code: 'DATE_INVALID' });
  });
});

describe('the calendar check', () => {
  // The reference: a day is real when Date.UTC does not roll it over into another day.
  function rollsOver(year: number, month: number, day: number): boolean {
    const d = new Date(Date.UTC(year, month - 1, day));
    return d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day;
  }

  it('accepts exactly the days Date.UTC does not roll over', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const date = fc.tuple(fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(99, 100, 1900, 2000, 2024)), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }));
    fc.assert(
      fc.property(date, ([year, month, day]) => {
        const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} 12:00:00`;
        let outcome: string;
        try {
          outcome = kdDay(text) ?? 'absent';
        } catch (e) {
          outcome = e instanceof FerryError ? e.code : 'other';
        }
        expect(outcome).toBe(rollsOver(year, month, day) ? 'DATE_INVALID' : text.slice(0, 10));
      }),
      { numRuns: 3000 },
    );
  });
});
