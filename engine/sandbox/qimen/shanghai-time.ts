/**
 * Asia/Shanghai wall-clock time for the sandbox, by fixed offset: China has kept GMT+8 without
 * DST since 1991, and the gateway itself speaks "GMT+8" (spec §2.3).
 */

const OFFSET_MS = 8 * 3_600_000;
const WALL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

/** `yyyy-MM-dd HH:mm:ss` in GMT+8. */
export function formatShanghai(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000 + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Epoch ms of a GMT+8 `yyyy-MM-dd HH:mm:ss[.SSS]`; undefined when it is not one (or not a real date). */
export function parseShanghai(text: string): number | undefined {
  const m = WALL.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, m[7] ? Number(m[7].padEnd(3, '0')) : 0);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return ms - OFFSET_MS;
}
