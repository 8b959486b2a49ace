import { afterEach, describe, expect, it } from 'vitest';
import type { WindowSpec } from '../../engine/scheme/types.js';
import { formatWallClock, parseWallClock } from '../../engine/sources/wall-clock.js';
import { bisectWindow, planWindows } from '../../engine/sources/windows.js';
import { saleoutSpec } from './qimen-fixtures.js';

const SPEC: WindowSpec = saleoutSpec().window;

/** 2024-05-11 00:00:00 in Shanghai. */
const NOW = new Date(Date.UTC(2024, 4, 10, 16, 0, 0));
const originalTz = process.env.TZ;

afterEach(() => {
  process.env.TZ = originalTz;
});

function assertContiguous(windows: Array<{ start: string; end: string }>): void {
  for (let i = 1; i < windows.length; i++) expect(windows[i]?.start).toBe(windows[i - 1]?.end);
}

describe('planWindows', () => {
  it('splits a 10-day range into day windows with no gap and no overlap', () => {
    const windows = planWindows({ now: NOW, spec: SPEC, from: '2024-05-01 00:00:00', to: '2024-05-11 00:00:00' });
    expect(windows).toHaveLength(10);
    expect(windows[0]).toEqual({ start: '2024-05-01 00:00:00', end: '2024-05-02 00:00:00' });
    expect(windows[9]).toEqual({ start: '2024-05-10 00:00:00', end: '2024-05-11 00:00:00' });
    assertContiguous(windows);
  });

  it('first run starts at firstRunStart and ends lag before now', () => {
    const windows = planWindows({ now: NOW, spec: SPEC });
    expect(windows[0]?.start).toBe('2024-05-01 00:00:00');
    expect(windows.at(-1)?.end).toBe('2024-05-10 23:58:00');
    expect(windows).toHaveLength(10);
    assertContiguous(windows);
  });

  it('a later run starts lookback before the checkpoint: the only overlap with the last run', () => {
    const windows = planWindows({ now: NOW, spec: SPEC, checkpoint: '2024-05-10 12:00:00' });
    expect(windows).toEqual([{ start: '2024-05-10 11:50:00', end: '2024-05-10 23:58:00' }]);
  });

  it('returns no window when the checkpoint is already at now − lag', () => {
    expect(planWindows({ now: NOW, spec: { ...SPEC, lookback: '0s' }, checkpoint: '2024-05-10 23:58:00' })).toEqual([]);
  });

  it('computes Shanghai wall clock whatever the host zone is', () => {
    process.env.TZ = 'America/Los_Angeles';
    const windows = planWindows({ now: NOW, spec: SPEC, checkpoint: '2024-05-10 12:00:00' });
    expect(windows).toEqual([{ start: '2024-05-10 11:50:00', end: '2024-05-10 23:58:00' }]);
  });

  it('supports a zone with DST: windows are 24 h of real time, labelled in that zone', () => {
    const windows = planWindows({
      now: NOW,
      spec: { ...SPEC, timezone: 'America/New_York' },
      from: '2024-03-09 12:00:00',
      to: '2024-03-11 12:00:00',
    });
    // The night of 10 March loses an hour, so the second window ends at 13:00 local.
    expect(windows.map((w) => w.end)).toEqual(['2024-03-10 13:00:00', '2024-03-11 12:00:00']);
    assertContiguous(windows);
  });

  it.each([
    ['step longer than maxSpan', { spec: { ...SPEC, step: '8d' } }, 'SCHEMA_INVALID'],
    ['bad step', { spec: { ...SPEC, step: 'daily' } }, 'BAD_DURATION'],
    ['bad --from', { spec: SPEC, from: '2024/05/01' }, 'USAGE'],
    ['bad --to', { spec: SPEC, from: '2024-05-01 00:00:00', to: '2024-05-32 00:00:00' }, 'USAGE'],
    ['bad checkpoint', { spec: SPEC, checkpoint: 'yesterday' }, 'STATE_ERROR'],
    ['bad firstRunStart', { spec: { ...SPEC, firstRunStart: '2024-05-01' } }, 'SCHEMA_INVALID'],
    ['unknown zone', { spec: { ...SPEC, timezone: 'Mars/Olympus' } }, 'SCHEMA_INVALID'],
  ])('rejects %s', (_name, input, code) => {
    expect(() => planWindows({ now: NOW, ...input })).toThrow(expect.objectContaining({ code }));
  });
});

describe('bisectWindow', () => {
  it('splits at the midpoint, sharing the boundary', () => {
    expect(bisectWindow({ start: '2024-05-01 00:00:00', end: '2024-05-02 00:00:00' }, 'Asia/Shanghai')).toEqual([
      { start: '2024-05-01 00:00:00', end: '2024-05-01 12:00:00' },
      { start: '2024-05-01 12:00:00', end: '2024-05-02 00:00:00' },
    ]);
  });

  it('refuses to split a one-second window', () => {
    expect(bisectWindow({ start: '2024-05-01 00:00:00', end: '2024-05-01 00:00:01' }, 'Asia/Shanghai')).toBeUndefined();
  });
});

describe('wall clock', () => {
  it.each([
    ['Shanghai', 'Asia/Shanghai', '2024-05-20 10:00:00', Date.UTC(2024, 4, 20, 2)],
    ['Shanghai with milliseconds', 'Asia/Shanghai', '2021-09-18 11:02:19.807', Date.UTC(2021, 8, 18, 3, 2, 19, 807)],
    ['UTC', 'UTC', '2024-05-20 10:00:00', Date.UTC(2024, 4, 20, 10)],
    ['Berlin overlap takes the earlier instant', 'Europe/Berlin', '2024-10-27 02:30:00', Date.UTC(2024, 9, 27, 0, 30)],
    ['Berlin gap takes the later instant', 'Europe/Berlin', '2024-03-31 02:30:00', Date.UTC(2024, 2, 31, 1, 30)],
  ])('parses %s', (_name, zone, text, ms) => {
    expect(parseWallClock(text, zone)).toBe(ms);
  });

  it.each([['2024-02-30 00:00:00'], ['2024-05-20 24:00:00'], ['2024-05-20'], ['20240520 100000']])('rejects %s', (text) => {
    expect(parseWallClock(text, 'Asia/Shanghai')).toBeUndefined();
  });

  it('formats in the zone, not the host', () => {
    process.env.TZ = 'Pacific/Auckland';
    expect(formatWallClock(Date.UTC(2024, 4, 19, 16, 0, 0), 'Asia/Shanghai')).toBe('2024-05-20 00:00:00');
  });
});
